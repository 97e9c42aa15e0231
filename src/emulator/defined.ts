/** The value, or an internal error naming what was missing: for invariants the compiler cannot follow. */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`internal: ${what} is missing`);
  return value;
}
