import { z } from 'zod';

type Path = readonly PropertyKey[];

/**
 * The keys the schema allows for the object at `path` of `data`, for "did you mean" hints. Follows the
 * data through unions (a discriminated branch is chosen by its literal fields) so suggestions come from
 * the branch the user is writing, e.g. bake.engine: disk offers `path`, not packer's `template`.
 */
export function allowedKeysAt(schema: z.ZodType, path: Path, data: unknown): string[] {
  const s = unwrap(schema);
  if (s instanceof z.ZodUnion) {
    const all = s.options as readonly z.ZodType[];
    const matching = all.filter((o) => matchesLiterals(o, data));
    const options = matching.length > 0 ? matching : all;
    return unique(options.flatMap((o) => allowedKeysAt(o, path, data)));
  }
  if (path.length === 0) {
    if (s instanceof z.ZodObject) return Object.keys(s.shape);
    // partialRecord(enum, ...): the enum's values are the allowed keys.
    if (s instanceof z.ZodRecord && s._zod.def.keyType instanceof z.ZodEnum) return s._zod.def.keyType.options.map(String);
    return [];
  }
  const [head, ...rest] = path;
  const child = (data as Record<PropertyKey, unknown> | undefined)?.[head as PropertyKey];
  if (s instanceof z.ZodObject) {
    const next = (s.shape as Record<string, z.ZodType>)[String(head)];
    return next ? allowedKeysAt(next, rest, child) : [];
  }
  if (s instanceof z.ZodArray) return allowedKeysAt(s.element as z.ZodType, rest, child);
  if (s instanceof z.ZodRecord) return allowedKeysAt(s._zod.def.valueType as z.ZodType, rest, child);
  return [];
}

/** The literal values a discriminated union accepts for `key` at `path` (for "expected kind one of ..."). */
export function discriminatorValues(schema: z.ZodType, path: Path, data: unknown, key: string): string[] {
  const s = unwrap(schema);
  if (path.length === 0) {
    if (!(s instanceof z.ZodUnion)) return [];
    return (s.options as readonly z.ZodType[]).flatMap((o) => {
      const field = unwrap(o) instanceof z.ZodObject ? ((unwrap(o) as z.ZodObject).shape as Record<string, z.ZodType>)[key] : undefined;
      return field instanceof z.ZodLiteral ? [...field.values].map(String) : [];
    });
  }
  const [head, ...rest] = path;
  const child = (data as Record<PropertyKey, unknown> | undefined)?.[head as PropertyKey];
  if (s instanceof z.ZodObject) {
    const next = (s.shape as Record<string, z.ZodType>)[String(head)];
    return next ? discriminatorValues(next, rest, child, key) : [];
  }
  if (s instanceof z.ZodArray) return discriminatorValues(s.element as z.ZodType, rest, child, key);
  if (s instanceof z.ZodUnion) {
    return unique((s.options as readonly z.ZodType[]).flatMap((o) => discriminatorValues(o, path, data, key)));
  }
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
}

/** True when every literal field of an object option agrees with `data` (or data is not an object). */
function matchesLiterals(option: z.ZodType, data: unknown): boolean {
  const o = unwrap(option);
  if (!(o instanceof z.ZodObject)) return typeof data !== 'object' || data === null;
  if (typeof data !== 'object' || data === null) return false;
  return Object.entries(o.shape as Record<string, z.ZodType>).every(([k, v]) => {
    if (!(v instanceof z.ZodLiteral)) return true;
    const given = (data as Record<string, unknown>)[k];
    return given === undefined || v.values.has(given as never);
  });
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
