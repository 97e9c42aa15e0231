/**
 * Reads a JSON report whose large finding arrays are parsed one entry at a time (issue 18, scan memory).
 *
 * `JSON.parse` of a whole 50,000-finding report builds a tree whose every object survives the young-generation
 * collections that run while it is built, so V8 grows its young generation to the maximum and keeps that memory
 * committed for the rest of the step. Here one pass over the text finds the innermost arrays larger than
 * `minChars` and the commas between their entries; the rest of the document (small) is parsed with `JSON.parse`,
 * and each of those arrays becomes a `JsonEntries` whose entries are parsed with `JSON.parse` when the parser
 * reaches them and dropped after. Hand-written because no dependency of this project streams JSON, and this
 * keeps the parsing itself in V8's native `JSON.parse`: the pass only tracks strings and brackets.
 *
 * The result is the same document `JSON.parse` would give, with `JsonEntries` in place of the large arrays at
 * the paths a parser reads entry by entry (`lazyPaths`); large arrays anywhere else are parsed whole. Invalid
 * JSON is never accepted: every entry and the rest of the document go through `JSON.parse`, and whatever the
 * pass cannot place (a closing bracket of the wrong kind, a missing one) is left to a whole `JSON.parse`.
 */
import { randomUUID } from 'node:crypto';

/** What a parser needs of a list of entries: a JSON array or a `JsonEntries`. */
export interface Entries {
  readonly length: number;
  forEach(fn: (value: unknown, index: number) => void): void;
  map<U>(fn: (value: unknown, index: number) => U): U[];
}

/** The entries of one large array, parsed one at a time when read. */
export class JsonEntries implements Entries {
  constructor(
    private readonly text: string,
    /** Start and end offset of each entry in `text`, flattened: [start0, end0, start1, end1, …]. */
    private readonly bounds: readonly number[],
    /** Called for an entry that is not valid JSON; never returns. */
    private readonly invalid: () => never,
  ) {}

  get length(): number {
    return this.bounds.length / 2;
  }

  private entry(index: number): unknown {
    try {
      return JSON.parse(this.text.slice(this.bounds[2 * index], this.bounds[2 * index + 1])) as unknown;
    } catch {
      return this.invalid();
    }
  }

  forEach(fn: (value: unknown, index: number) => void): void {
    for (let i = 0; i < this.length; i++) fn(this.entry(i), i);
  }

  map<U>(fn: (value: unknown, index: number) => U): U[] {
    const out: U[] = [];
    this.forEach((value, index) => out.push(fn(value, index)));
    return out;
  }
}

interface LargeArray {
  start: number;
  /** Offset after the closing bracket. */
  end: number;
  commas: number[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * The innermost arrays of at least `minChars` characters (none inside another), in text order; undefined when
 * the brackets do not balance, so the caller lets `JSON.parse` say what is wrong.
 */
function findLargeArrays(text: string, minChars: number): LargeArray[] | undefined {
  const found: LargeArray[] = [];
  // One frame per open bracket: its kind, start, the commas of an array's own level, and whether it holds a found array.
  const kinds: number[] = [];
  const starts: number[] = [];
  const commas: (number[] | undefined)[] = [];
  const holdsLarge: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === COMMA) {
      commas[commas.length - 1]?.push(i);
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      kinds.push(c);
      starts.push(i);
      commas.push(c === OPEN_ARRAY ? [] : undefined);
      holdsLarge.push(false);
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      const kind = kinds.pop();
      const start = starts.pop() ?? 0;
      const own = commas.pop();
      const holds = holdsLarge.pop() === true;
      if (kind !== (c === CLOSE_ARRAY ? OPEN_ARRAY : OPEN_OBJECT)) return undefined;
      const large = !holds && own !== undefined && i + 1 - start >= minChars;
      if (large) found.push({ start, end: i + 1, commas: own });
      if ((large || holds) && holdsLarge.length > 0) holdsLarge[holdsLarge.length - 1] = true;
    }
  }
  return kinds.length === 0 ? found : undefined;
}

/** [start, end) of each entry between the brackets and commas; none for an empty array. */
function entryBounds(text: string, array: LargeArray): number[] {
  const bounds: number[] = [];
  let from = array.start + 1;
  for (const comma of array.commas) {
    bounds.push(from, comma);
    from = comma + 1;
  }
  const last = array.end - 1;
  if (array.commas.length > 0 || text.slice(from, last).trim() !== '') bounds.push(from, last);
  return bounds;
}

/** A JSON path (`$.runs[0].results`) built while walking the small part of the document. */
const child = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`);

export interface LazyJsonOptions {
  /** Arrays at least this long (in characters) are candidates. */
  minChars: number;
  /** Paths whose large arrays a parser reads entry by entry (`$.Results[0].Vulnerabilities` style). */
  lazyPaths: RegExp;
  /** Throws the error for invalid JSON (the caller's message, with line and column); never returns. */
  invalid: () => never;
}

/** Parses `text` like `JSON.parse`, with `JsonEntries` for the large arrays at `lazyPaths` (see the file comment). */
export function parseJsonWithLazyArrays(text: string, options: LazyJsonOptions): unknown {
  const large = text.length >= options.minChars ? findLargeArrays(text, options.minChars) : [];
  if (large === undefined) return options.invalid();
  if (large.length === 0) return parseOrInvalid(text, options);
  // Each large array becomes a placeholder string no report can contain (a fresh UUID), resolved after parsing.
  const id = randomUUID();
  const marker = `\u0000${id}:`;
  let skeleton = '';
  let from = 0;
  large.forEach((array, index) => {
    skeleton += `${text.slice(from, array.start)}"\\u0000${id}:${index}"`;
    from = array.end;
  });
  skeleton += text.slice(from);
  const resolve = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      if (!value.startsWith(marker)) return value;
      const array = large[Number(value.slice(marker.length))] as LargeArray;
      if (options.lazyPaths.test(path)) return new JsonEntries(text, entryBounds(text, array), options.invalid);
      return parseOrInvalid(text.slice(array.start, array.end), options);
    }
    if (typeof value === 'object' && value !== null) {
      const holder = value as Record<string, unknown>;
      for (const key of Object.keys(holder)) {
        const resolved = resolve(holder[key], child(path, Array.isArray(value) ? Number(key) : key));
        // defineProperty, not assignment: a report's own "__proto__" key must stay a plain property.
        if (resolved !== holder[key]) Object.defineProperty(holder, key, { value: resolved, writable: true, enumerable: true, configurable: true });
      }
    }
    return value;
  };
  try {
    return resolve(parseOrInvalid(skeleton, options), '$');
  } catch (err) {
    // Nesting deeper than the stack (only a crafted file has it): read the text whole, as JSON.parse does.
    if (err instanceof RangeError) return parseOrInvalid(text, options);
    throw err;
  }
}

function parseOrInvalid(text: string, options: LazyJsonOptions): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return options.invalid();
  }
}
