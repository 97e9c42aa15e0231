import { ConfigurationError, ErrorCodes } from '../errors.js';
import { parseJsonWithLazyArrays } from './json-entries.js';
import { jsonErrorOffset } from './json-error-position.js';

/** A report that cannot be read: names the file and why, and says what to do. */
export function reportInvalid(file: string, why: string): ConfigurationError {
  return new ConfigurationError(
    ErrorCodes.reportInvalid,
    `Scan report ${file} cannot be read: ${why}. Re-run the scanner with JSON/SARIF/XCCDF output and pass the complete file.`,
  );
}

/**
 * The arrays parsers read entry by entry: Trivy's per-target findings, Grype's matches, SARIF results,
 * CycloneDX vulnerabilities and components. Their shapes accept `Entries` (report-shapes/entries.ts).
 */
const ENTRY_LISTS = /^\$\.(?:Results\[\d+\]\.(?:Vulnerabilities|Misconfigurations|Secrets)|matches|runs\[\d+\]\.results|vulnerabilities|components)$/;

/** Arrays of at least this many characters (1 MiB) at those paths are parsed one entry at a time. */
export const ENTRY_LIST_MIN_CHARS = 1 << 20;

/**
 * Parses JSON (large finding arrays entry by entry, see json-entries.ts), turning a syntax error into
 * E_REPORT_INVALID with line and column. `minChars` is for tests, which read every list entry by entry.
 */
export function parseJsonReport(file: string, text: string, minChars = ENTRY_LIST_MIN_CHARS): unknown {
  return parseJsonWithLazyArrays(text, { minChars, lazyPaths: ENTRY_LISTS, invalid: () => { throw jsonSyntaxError(file, text); } });
}

/** The error for text that is not JSON, positioned where `JSON.parse` of the whole text stops. */
function jsonSyntaxError(file: string, text: string): ConfigurationError {
  try {
    JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const match = /position (\d+)/.exec(message);
    const position = match?.[1] !== undefined ? Number(match[1]) : jsonErrorOffset(text);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    const truncated = position >= text.trimEnd().length ? ' (the file looks truncated)' : '';
    return reportInvalid(file, `invalid JSON at line ${line}, column ${column} (offset ${position})${truncated}`);
  }
  // Not reached: a part that JSON.parse refuses makes the whole text invalid too.
  return reportInvalid(file, 'invalid JSON');
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
