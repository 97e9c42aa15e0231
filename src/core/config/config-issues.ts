import { IMAGE_SCHEMA_ID } from './image-config-json-schema.js';
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { defined } from '../defined.js';

/** One problem in an image.yaml, with where it is: what runtimes turn into annotations. */
export interface ConfigIssue {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Dotted field path, e.g. `rollout.rings[0].bakeTime`; empty for the whole document. */
  path: string;
  message: string;
}

/** image.yaml is invalid; `issues` lists every problem found (not only the first). */
export class ImageConfigError extends ConfigurationError {
  readonly issues: readonly ConfigIssue[];

  /** `schemaHint: false` when the file already names its schema (a `yaml-language-server` header). */
  constructor(file: string, issues: readonly ConfigIssue[], options: { schemaHint?: boolean } = {}) {
    super(ErrorCodes.configInvalid, formatIssues(file, issues, options.schemaHint ?? true));
    this.issues = issues;
  }
}

const MAX_LISTED = 20;

function formatIssues(file: string, issues: readonly ConfigIssue[], schemaHint: boolean): string {
  const line = (i: ConfigIssue) => `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
  const footer = schemaHint
    ? [`Add '# yaml-language-server: $schema=${IMAGE_SCHEMA_ID}' as the first line of ${file} so editors check it as you type.`]
    : [];
  if (issues.length === 1) return [line(defined(issues[0], 'issue')), ...footer].join('\n');
  const listed = issues.slice(0, MAX_LISTED).map((i) => `  ${line(i)}`);
  const more = issues.length > MAX_LISTED ? [`  ... and ${issues.length - MAX_LISTED} more`] : [];
  return [`${file} has ${issues.length} problems:`, ...listed, ...more, ...footer].join('\n');
}

/** `['rollout', 'rings', 0, 'bakeTime']` as `rollout.rings[0].bakeTime`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** Locates fields of a parsed YAML document, by value node or by key node. */
export class YamlLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Position of the value at `path`, or of its closest existing ancestor when it is missing. */
  valueAt(path: readonly PropertyKey[]): { line: number; column: number } {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      const range = node && typeof node === 'object' && 'range' in node ? (node as Node).range : undefined;
      if (range) {
        return this.pos(range[0]);
      }
    }
    return { line: 1, column: 1 };
  }

  /** Position of the key `key` in the map at `path` (for unknown-key errors). */
  keyAt(path: readonly PropertyKey[], key: string): { line: number; column: number } {
    const map = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (isMap(map)) {
      for (const pair of map.items) {
        if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) return this.pos(pair.key.range[0]);
      }
    }
    return this.valueAt(path);
  }

  /** Every key and scalar string of the document with its path and position, for the secrets check. */
  *entries(): Generator<{ path: PropertyKey[]; key?: string; value?: string; line: number; column: number }> {
    const walk = function* (
      this: YamlLocator,
      node: unknown,
      path: PropertyKey[],
    ): Generator<{ path: PropertyKey[]; key?: string; value?: string; line: number; column: number }> {
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isPair(pair) || !isScalar(pair.key)) continue;
          const key = String(pair.key.value);
          const at = pair.key.range ? this.pos(pair.key.range[0]) : { line: 1, column: 1 };
          yield { path: [...path, key], key, ...at };
          yield* walk.call(this, pair.value, [...path, key]);
        }
      } else if (isSeq(node)) {
        for (let i = 0; i < node.items.length; i++) yield* walk.call(this, node.items[i], [...path, i]);
      } else if (isScalar(node) && typeof node.value === 'string' && node.range) {
        yield { path, value: node.value, ...this.pos(node.range[0]) };
      }
    };
    yield* walk.call(this, this.doc.contents, []);
  }

  private pos(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}
