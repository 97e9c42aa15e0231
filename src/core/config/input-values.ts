import { ErrorCodes } from '../errors.js';
import { inputError } from '../input-error.js';

/**
 * The one rule for reading a parsed input value in core and steps: strings are trimmed and an empty string is
 * absent; booleans are real booleans (the runtime converted them) or `true`/`false` text; lists are string arrays
 * (the runtime split them) or newline/comma text, entries trimmed and empty entries dropped. Runtimes use the same
 * splitting (runtime/shared/parse-inputs.ts), so a value reads the same whether it came from a runner or a test.
 */

/** A trimmed non-empty string, else undefined. */
export function inputString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A boolean, or `true`/`false` text in any case; undefined when absent; an InputError naming `input` otherwise. */
export function inputBoolean(value: unknown, input: string): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = inputString(value);
  if (text === undefined) return undefined;
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  throw inputError(ErrorCodes.inputInvalid, input, `is '${text}'; use true or false.`);
}

/** Newline- or comma-separated text as a list: entries trimmed, empty entries dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\r\n,]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** A list input (string array or list text); [] when absent. */
export function inputList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
  return typeof value === 'string' ? splitList(value) : [];
}

/** How a key=value map input separates its entries. */
export interface MapSyntax {
  /** Entries may also be separated by a comma before the next `key=` (`owner=a,env=b`), as the tags input allows. */
  commas?: boolean;
  /** What one entry is called in messages ('tag', 'variable'); 'entry' when unset. */
  noun?: string;
}

/**
 * A map input's text: a JSON object of strings, or `key=value` entries one per line (`#` lines are comments),
 * keys and values trimmed; an InputError naming `input` otherwise.
 */
export function parseKeyValues(text: string, input: string, syntax: MapSyntax = {}): Record<string, string> {
  const trimmed = text.trim();
  const noun = syntax.noun ?? 'entry';
  if (trimmed.startsWith('{')) return jsonStringMap(trimmed, input, noun);
  const map: Record<string, string> = {};
  for (const raw of trimmed.split(syntax.commas ? /\r?\n|,(?=[^=,]+=)/ : /\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw inputError(ErrorCodes.inputInvalid, input, `has the line '${line}', which is not key=value; write one ${noun} per line as key=value.`);
    map[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return map;
}

function jsonStringMap(text: string, input: string, noun: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw inputError(ErrorCodes.inputInvalid, input, `starts with '{' but is not a JSON object of strings; use JSON or key=value lines.`);
  }
  const map: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') {
      const what = value === null ? 'value null' : Array.isArray(value) ? 'array' : `${typeof value} value`;
      throw inputError(ErrorCodes.inputInvalid, input,
        `gives ${noun} '${key}' the ${what} ${JSON.stringify(value)}; ${noun} values are strings: quote numbers and booleans (e.g. "${key}": "1") and flatten objects.`,
      );
    }
    map[key] = value;
  }
  return map;
}

/** A map input (the runtime's parsed object, or its text); {} when absent. */
export function inputMap(value: unknown, input: string, syntax: MapSyntax = {}): Record<string, string> {
  if (typeof value === 'string') return parseKeyValues(value, input, syntax);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, String(entry)]));
}

/**
 * A list-or-JSON input's text: a JSON array when it starts with `[` (entries may be objects), else a list as
 * splitList reads it; an InputError naming `input` when the JSON does not parse or is not an array.
 */
export function parseListOrJson(text: string, input: string): unknown[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return splitList(trimmed);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (err) {
    throw inputError(ErrorCodes.inputInvalid, input, `looks like JSON but does not parse: ${(err as Error).message}.`);
  }
  // '[' followed by valid JSON is always an array, so no further check is needed.
  return parsed as unknown[];
}

/** A list-or-JSON input (the runtime's parsed array, or its text); [] when absent. */
export function inputListOrJson(value: unknown, input: string): unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  return typeof value === 'string' ? parseListOrJson(value, input) : [];
}
