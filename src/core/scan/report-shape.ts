import type { z } from 'zod';
import { reportInvalid } from './report-input.js';

/** Where in a report a value sits: the file and a JSON path (`$.Results[0].Vulnerabilities[2]`) or XML element path. */
export interface ReportPath {
  readonly file: string;
  readonly path: string;
}

/** Appends JSON path segments: numbers as `[n]`, identifiers as `.key`, anything else as `["key"]`. */
export function jsonPath(base: string, segments: readonly PropertyKey[]): string {
  let out = base;
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** A child location whose path string is only built when an error needs it (50,000 findings make 150,000 of these). */
class ChildPath implements ReportPath {
  private text: string | undefined;
  constructor(
    readonly file: string,
    private readonly parent: ReportPath,
    private readonly segments: readonly PropertyKey[],
  ) {}

  get path(): string {
    this.text ??= jsonPath(this.parent.path, this.segments);
    return this.text;
  }
}

/** A child location: `at(parent, 'Vulnerabilities', 3)`. */
export function at(parent: ReportPath, ...segments: readonly PropertyKey[]): ReportPath {
  return new ChildPath(parent.file, parent, segments);
}

/**
 * Checks a value against the shape the parser consumes. A mismatch is E_REPORT_INVALID naming the file and the
 * exact path, so a malformed report can never be read as "no findings".
 */
export function checkShape<T>(schema: z.ZodType<T>, value: unknown, where: ReportPath): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = jsonPath(where.path, issue?.path ?? []);
  const why = (issue?.message ?? 'does not match').replace(/^Invalid input: /, '');
  throw reportInvalid(where.file, `${path}: ${why}`);
}
