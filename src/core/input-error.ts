import { ConfigurationError, type ErrorCode } from './errors.js';

/**
 * The lead-in that names an input in a message. Core writes the spec name; each runtime replaces it with the
 * name as the user wrote it on its platform (see runtime/shared/failure.ts), so no message hard-codes a spelling.
 */
export function inputLeadIn(input: string): string {
  return `Input '${input}'`;
}

/**
 * A user error about one step input: `detail` continues the sentence after the input's name
 * (`is 'x'; use true or false.`, or `: cannot read ...`). The error carries `input` for runtimes and `--json`.
 */
export function inputError(code: ErrorCode, input: string, detail: string, options: { cause?: unknown } = {}): ConfigurationError {
  const separator = /^[:,;.]/.test(detail) ? '' : ' ';
  return new ConfigurationError(code, `${inputLeadIn(input)}${separator}${detail}`, { ...options, input });
}
