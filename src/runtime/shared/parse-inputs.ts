import { ConfigurationError, ErrorCodes } from '../../core/errors.js';
import type { InputSpec, ParsedInputs, Platform } from '../../steps/step-spec.js';
import { platformInputName } from './input-names.js';
import { parseKeyValues, parseListOrJson, splitList } from '../../core/config/input-values.js';

/** Reads one raw input value by its platform name; undefined or '' means not given. */
export type RawInputReader = (platformName: string, spec: InputSpec) => string | undefined;

/** The process environment as a runtime sees it. */
export type InputEnvironment = Readonly<Record<string, string | undefined>>;

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

/**
 * Reads and converts every input once, at the runtime boundary. Empty means absent (so the input's environment
 * variables, defaults and image.yaml apply), secrets are handed to `mask` before anything else sees them, and bad
 * values throw ConfigurationError naming the input as it is spelled on the platform (or the variable it came from).
 */
export function parseInputs(
  inputs: readonly (readonly [string, InputSpec])[],
  platform: Platform,
  read: RawInputReader,
  mask: (secret: string) => void,
  env: InputEnvironment = {},
): ParsedInputs {
  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of inputs) {
    const label = platformInputName(name, spec, platform);
    const given = nonEmpty(read(label, spec));
    const fromEnv = given === undefined ? environmentValue(spec, platform, env) : undefined;
    const raw = given ?? fromEnv?.value ?? spec.default;
    if (raw !== undefined && raw !== '' && spec.secret) mask(raw);
    if (raw === undefined || raw.trim() === '') {
      if (spec.required) throw missingInput(name, label, platform);
      continue;
    }
    try {
      parsed[name] = convertInput(raw, spec, fromEnv === undefined ? `Input '${label}'` : `Environment variable '${fromEnv.variable}' (input '${label}')`, label);
    } catch (error) {
      // The message already spells the input for this platform; `input` names it for --json and tools.
      throw error instanceof ConfigurationError ? new ConfigurationError(error.code, error.message, { input: name }) : error;
    }
  }
  return parsed;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The first of the input's environment variables that is set; Azure DevOps takes these from the connection. */
function environmentValue(spec: InputSpec, platform: Platform, env: InputEnvironment): { variable: string; value: string } | undefined {
  if (platform === 'azdo') return undefined;
  for (const variable of spec.env ?? []) {
    const value = nonEmpty(env[variable]);
    if (value !== undefined) return { variable, value };
  }
  return undefined;
}

/**
 * Converts one non-empty raw value according to the input's type; `subject` names where it came from in errors,
 * `label` the input as spelled on the platform (the input-value module's parsers start their messages with it).
 */
export function convertInput(raw: string, spec: InputSpec, subject: string, label: string): unknown {
  switch (spec.type) {
    case 'boolean':
      return parseBoolean(raw.trim(), subject);
    case 'integer':
      return parseInteger(raw.trim(), subject);
    case 'list':
      return parseList(raw);
    case 'list-or-json':
      return parseListOrJson(raw, label);
    case 'map':
      return parseKeyValues(raw, label, spec.map);
    case 'json':
      return parseJson(raw, subject);
    case 'enum':
      return parseEnum(raw.trim(), spec.options ?? [], subject);
    case 'string':
    case 'path':
      // Secrets keep their exact bytes; other strings are trimmed as @actions/core and task-lib do.
      return spec.secret ? raw : raw.trim();
  }
}

/** Strict YAML-1.2 core booleans, as the GitHub toolkit's getBooleanInput accepts them. */
export function parseBoolean(raw: string, subject: string): boolean {
  if (TRUE_VALUES.includes(raw)) return true;
  if (FALSE_VALUES.includes(raw)) return false;
  throw invalid(subject, `value '${raw}' is not a boolean`, 'Use true or false (also True/TRUE/False/FALSE).');
}

/** Decimal integers only; `1.5`, `1e3` and `12abc` are refused rather than truncated. */
export function parseInteger(raw: string, subject: string): number {
  if (!/^[-+]?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw invalid(subject, `value '${raw}' is not an integer`, 'Use a whole number such as 30.');
  }
  return Number(raw);
}

/** Newline- or comma-separated list; entries trimmed, empty entries dropped. */
export function parseList(raw: string): string[] {
  return splitList(raw);
}

function parseJson(raw: string, subject: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(subject, `is not valid JSON (${reason})`, 'Pass a JSON value, e.g. {"key": "value"}.');
  }
}

function parseEnum(raw: string, options: readonly string[], subject: string): string {
  if (options.includes(raw)) return raw;
  throw invalid(subject, `value '${raw}' is not an allowed value`, `Use one of: ${options.join(', ')}.`);
}

function invalid(subject: string, what: string, fix: string): ConfigurationError {
  return new ConfigurationError(ErrorCodes.inputInvalid, `${subject} ${what}. ${fix}`);
}

function missingInput(name: string, label: string, platform: Platform): ConfigurationError {
  const where =
    platform === 'github'
      ? `Add '${label}:' under the step's 'with:'.`
      : platform === 'azdo'
        ? `Add '${label}:' under the task's 'inputs:'.`
        : `Pass ${label} <value>.`;
  return new ConfigurationError(ErrorCodes.inputMissing, `Input '${label}' is required but was not given. ${where}`, { input: name });
}
