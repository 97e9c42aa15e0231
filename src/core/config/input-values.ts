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
