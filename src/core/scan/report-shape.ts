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

/** What the fast path reads of a zod schema: its definition, as zod 4 exposes it on `_zod.def`. */
interface SchemaDef {
  type: string;
  checks?: readonly { _zod: { def: { check: string } } }[];
  innerType?: Inspectable;
  values?: readonly unknown[];
  shape?: Readonly<Record<string, Inspectable>>;
  catchall?: Inspectable;
}
interface Inspectable {
  _zod: { def: SchemaDef };
  minLength?: number | null;
}

type Accept = (value: unknown) => boolean;

/** A test that is true only where the field schema surely accepts the value as it is; undefined for other schemas. */
function scalarAccept(field: Inspectable): Accept | undefined {
  const def = field._zod.def;
  const plain = (def.checks ?? []).length === 0;
  switch (def.type) {
    case 'optional': {
      const inner = def.innerType === undefined ? undefined : scalarAccept(def.innerType);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'string': {
      if (!(def.checks ?? []).every((c) => c._zod.def.check === 'min_length')) return undefined;
      const min = field.minLength ?? 0;
      return (v) => typeof v === 'string' && v.length >= min;
    }
    case 'number': return plain ? (v) => typeof v === 'number' && Number.isFinite(v) : undefined;
    case 'boolean': return plain ? (v) => typeof v === 'boolean' : undefined;
    case 'literal': return (v) => (def.values ?? []).includes(v);
    case 'unknown': return () => true;
    default: return undefined;
  }
}

/**
 * For a loose object of scalar fields: a test that accepts exactly what the schema accepts, without the copy
 * zod's parse makes of every entry (50,000 findings made 50,000 copies; issue 18). Other schemas get none.
 */
function objectAccept(schema: Inspectable): Accept | undefined {
  const def = schema._zod.def;
  if (def.type !== 'object' || (def.checks ?? []).length > 0 || def.catchall?._zod.def.type !== 'unknown' || def.shape === undefined) return undefined;
  const fields: [string, Accept][] = [];
  for (const [key, field] of Object.entries(def.shape)) {
    const accept = scalarAccept(field);
    if (accept === undefined) return undefined;
    fields.push([key, accept]);
  }
  return (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && fields.every(([key, accept]) => accept((v as Record<string, unknown>)[key]));
}

const fastPaths = new WeakMap<object, Accept | null>();

function fastPathOf(schema: z.ZodType): Accept | null {
  let accept = fastPaths.get(schema);
  if (accept === undefined) {
    accept = objectAccept(schema as unknown as Inspectable) ?? null;
    fastPaths.set(schema, accept);
  }
  return accept;
}

/**
 * Checks a value against the shape the parser consumes. A mismatch is E_REPORT_INVALID naming the file and the
 * exact path, so a malformed report can never be read as "no findings".
 */
export function checkShape<T>(schema: z.ZodType<T>, value: unknown, where: ReportPath): T {
  // Anything the fast path does not accept goes through zod, which accepts it or names the exact problem.
  if (fastPathOf(schema)?.(value) === true) return value as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = jsonPath(where.path, issue?.path ?? []);
  const why = (issue?.message ?? 'does not match').replace(/^Invalid input: /, '');
  throw reportInvalid(where.file, `${path}: ${why}`);
}
