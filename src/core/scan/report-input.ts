import { ConfigurationError, ErrorCodes } from '../errors.js';
import { jsonErrorOffset } from './json-error-position.js';

/** A report that cannot be read: names the file and why, and says what to do. */
export function reportInvalid(file: string, why: string): ConfigurationError {
  return new ConfigurationError(
    ErrorCodes.reportInvalid,
    `Scan report ${file} cannot be read: ${why}. Re-run the scanner with JSON/SARIF/XCCDF output and pass the complete file.`,
  );
}

/** Parses JSON, turning a syntax error into E_REPORT_INVALID with line and column. */
export function parseJsonReport(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const match = /position (\d+)/.exec(message);
    const position = match?.[1] !== undefined ? Number(match[1]) : jsonErrorOffset(text);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    const truncated = position >= text.trimEnd().length ? ' (the file looks truncated)' : '';
    throw reportInvalid(file, `invalid JSON at line ${line}, column ${column} (offset ${position})${truncated}`);
  }
}

// Tiny typed accessors: reports are untrusted JSON, and these keep `unknown` from leaking as `any`.
export type JsonObject = Readonly<Record<string, unknown>>;

/** The value as an object, or undefined. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The value as an array, or an empty array. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value as a non-empty string, or undefined. */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** The value as a finite number (numeric strings accepted), or undefined. */
export function asNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
