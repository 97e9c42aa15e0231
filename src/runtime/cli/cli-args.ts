import { suggest } from '../../core/config/suggest.js';
import { ConfigurationError, ErrorCodes } from '../../core/errors.js';
import { stepInputs } from '../../steps/common-inputs.js';
import type { AnyStepSpec } from '../../steps/step-spec.js';
import { COMPLETION_SHELLS, type CompletionShell } from './completion-model.js';

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'usage' }
  | { kind: 'version' }
  | { kind: 'emulator'; argv: string[] }
  | { kind: 'completion'; shell: CompletionShell }
  | { kind: 'completion-help' }
  | { kind: 'step-help'; step: AnyStepSpec }
  | { kind: 'run'; step: AnyStepSpec; values: ReadonlyMap<string, string>; json: boolean; debug: boolean; runId?: string };

/** A usage error: exit code 2 like any other ConfigurationError. */
function usage(message: string, helpCommand = 'image-publish --help'): ConfigurationError {
  return new ConfigurationError(ErrorCodes.inputInvalid, `${message} Run '${helpCommand}' for usage.`);
}

/**
 * Parses `image-publish <step> [--input value | --input=value ...] [--json] [--debug] [--run-id id] [--help]`. Pure: the
 * values stay raw strings and go through the same parseInputs as the CI runtimes. A boolean flag without a
 * value means true; repeating a list flag appends an entry.
 */
export function parseCliArgs(argv: readonly string[], steps: readonly AnyStepSpec[]): CliCommand {
  const [first, ...rest] = argv;
  // Bare `image-publish` is a usage error (exit 2): a script that forgot the step must not pass.
  if (first === undefined) return { kind: 'usage' };
  if (first === '--help' || first === '-h' || first === 'help') return { kind: 'help' };
  if (first === '--version' || first === '-v') return { kind: 'version' };
  if (first === 'emulator') return { kind: 'emulator', argv: rest };
  if (first === 'completion') return completionCommand(rest);
  const step = steps.find((s) => s.name === first);
  if (step === undefined) {
    const hint = suggest(first, [...steps.map((s) => s.name), 'emulator', 'completion']);
    throw usage(`'${first}' is not a step${hint ? `: did you mean '${hint}'?` : '.'} Steps: ${steps.map((s) => s.name).join(', ') || '(none registered)'}.`);
  }
  const specs = new Map(stepInputs(step, 'cli'));
  const values = new Map<string, string>();
  let json = false;
  let debug = false;
  let runId: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'step-help', step };
    if (arg === '--json') {
      json = true;
      continue;
    }
    if (arg === '--debug') {
      debug = true;
      continue;
    }
    if (arg === '--run-id' || arg.startsWith('--run-id=')) {
      const value = arg === '--run-id' ? rest[++i] : arg.slice('--run-id='.length);
      if (value === undefined || !/^[A-Za-z0-9][A-Za-z0-9._:#@-]{0,99}$/.test(value)) {
        throw usage(`Option '--run-id' is '${value ?? ''}'; give the id of this pipeline run (letters, digits and . _ : # @ -, up to 100 characters), the same on a re-run.`);
      }
      runId = value;
      continue;
    }
    if (!arg.startsWith('--')) throw usage(`Unexpected argument '${arg}' for '${step.name}'; inputs are passed as --name value.`);
    const eq = arg.indexOf('=');
    const given = arg.slice(2, eq === -1 ? undefined : eq);
    // --no-<flag> sets a boolean input to false, as shells' users expect.
    const negated = given.startsWith('no-') && !specs.has(given) && specs.get(given.slice(3))?.type === 'boolean';
    const name = negated ? given.slice(3) : given;
    const spec = specs.get(name);
    if (spec === undefined) {
      const candidates = [...specs.keys(), 'json', 'debug', 'help'];
      const hint = suggest(given, [...candidates, ...[...specs].filter(([, s]) => s.type === 'boolean').map(([n]) => `no-${n}`)]);
      throw usage(`Unknown option '--${given}' for '${step.name}'${hint ? `: did you mean '--${hint}'?` : '.'}`, `image-publish ${step.name} --help`);
    }
    let value: string;
    if (negated) {
      if (eq !== -1) throw usage(`Option '--${given}' takes no value.`);
      value = 'false';
    } else if (eq !== -1) value = arg.slice(eq + 1);
    else if (spec.type === 'boolean' && (rest[i + 1] === undefined || rest[i + 1]?.startsWith('--'))) value = 'true';
    else {
      const next = rest[i + 1];
      if (next === undefined) throw usage(`Option '--${name}' needs a value.`);
      value = next;
      i++;
    }
    const previous = values.get(name);
    values.set(name, previous !== undefined && spec.type === 'list' ? `${previous}\n${value}` : value);
  }
  return { kind: 'run', step, values, json, debug, ...(runId === undefined ? {} : { runId }) };
}

/** `image-publish completion bash|zsh`. */
function completionCommand(rest: readonly string[]): CliCommand {
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'completion-help' };
  const [shell, extra] = rest;
  const help = 'image-publish completion --help';
  if (shell === undefined) throw usage(`'completion' needs the shell: ${COMPLETION_SHELLS.join(' or ')}.`, help);
  if (!(COMPLETION_SHELLS as readonly string[]).includes(shell)) {
    const hint = suggest(shell, COMPLETION_SHELLS);
    throw usage(`No completion for shell '${shell}'${hint ? `: did you mean '${hint}'?` : '.'} Shells: ${COMPLETION_SHELLS.join(', ')}.`, help);
  }
  if (extra !== undefined) throw usage(`Unexpected argument '${extra}' after 'completion ${shell}'.`, help);
  return { kind: 'completion', shell: shell as CompletionShell };
}
