/**
 * Flags of the CLI's tool commands (`emulator`, the demo): `--name value`, `--name=value`, booleans as `--name`
 * or `--no-name`, `--help`. Unknown flags get a "did you mean". Pure, no SDK imports.
 */
import { ConfigurationError, ErrorCodes } from '../../core/errors.js';
import { suggest } from '../../core/config/suggest.js';

export interface ToolFlag {
  type: 'string' | 'boolean';
  /** One line for --help. */
  description: string;
  /** Shown in --help as `<value>`. */
  value?: string;
  default?: string | number | boolean;
}

export type ToolFlags = Readonly<Record<string, ToolFlag>>;

/** Parsed values: strings and booleans by flag name; absent flags are missing (apply defaults yourself). */
export type ToolValues = Record<string, string | boolean>;

/** Parses `argv` against `flags`; `{ help: true }` when --help/-h is anywhere. Throws ConfigurationError (exit 2). */
export function parseToolFlags(command: string, argv: readonly string[], flags: ToolFlags): { help: true } | { help: false; values: ToolValues } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const values: ToolValues = {};
  const names = Object.keys(flags);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      throw usage(command, `unexpected argument '${arg}'; options are passed as --name value.`);
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const negated = name.startsWith('no-') && flags[name] === undefined ? name.slice(3) : undefined;
    const spec = flags[negated ?? name];
    if (spec === undefined || (negated !== undefined && spec.type !== 'boolean')) {
      const hint = suggest(name, [...names, ...names.filter((n) => flags[n]?.type === 'boolean').map((n) => `no-${n}`)]);
      throw usage(command, `unknown option '--${name}'${hint ? `: did you mean '--${hint}'?` : '.'}`);
    }
    if (spec.type === 'boolean') {
      if (negated !== undefined) {
        if (eq !== -1) throw usage(command, `'--${name}' takes no value.`);
        values[negated] = false;
      } else values[name] = eq === -1 ? true : parseBoolean(command, name, arg.slice(eq + 1));
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw usage(command, `option '--${name}' needs a value${spec.value ? ` (${spec.value})` : ''}.`);
    values[name] = value;
  }
  return { help: false, values };
}

/** `--help` text for a tool command. */
export function renderToolHelp(usageLine: string, about: string, flags: ToolFlags, footer: readonly string[] = []): string {
  const rows = Object.entries(flags).map(([name, spec]) => {
    const flag = spec.type === 'boolean' ? `--[no-]${name}` : `--${name} <${spec.value ?? 'value'}>`;
    const note = spec.default === undefined ? '' : ` (default: ${String(spec.default)})`;
    return [flag, `${spec.description}${note}`] as const;
  });
  rows.push(['--help', 'show this help']);
  const width = Math.max(...rows.map(([f]) => f.length));
  return [`Usage: ${usageLine}`, '', about, '', 'Options:', ...rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`), ...(footer.length ? ['', ...footer] : []), ''].join('\n');
}

/** A port flag's value: an integer 0..65535 (0 = any free port). */
export function portValue(command: string, flag: string, raw: string | boolean | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || port > 65535) throw usage(command, `--${flag} '${String(raw)}' is not a port: use a number from 0 to 65535 (0 = any free port).`);
  return port;
}

function parseBoolean(command: string, name: string, raw: string): boolean {
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw usage(command, `--${name}=${raw}: expected true or false (or use --no-${name}).`);
}

function usage(command: string, message: string): ConfigurationError {
  return new ConfigurationError(ErrorCodes.inputInvalid, `image-publish ${command}: ${message} Run 'image-publish ${command} --help' for usage.`);
}
