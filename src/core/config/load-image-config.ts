import { readFile, stat } from 'node:fs/promises';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { formatPath, ImageConfigError, YamlLocator, type ConfigIssue } from './config-issues.js';
import { imageConfigSchema, type ImageConfig } from './image-config.js';
import { IMAGE_NAME_PATTERN, IMAGE_NAME_RULE, imageFileSchema, isPlainObject, mergeSections, selectImage, type ImageSet } from './image-set.js';
import { allowedKeysAt } from './schema-keys.js';
import { findSecrets } from './secret-check.js';
import { suggest } from './suggest.js';

/** Section names people reach for that are spelled differently here. */
const sectionAliases: Readonly<Record<string, string>> = {
  image: 'definition',
  imageDefinition: 'definition',
  version: 'versioning',
  sign: 'signing',
  retire: 'retirement',
  replicate: 'replication',
  rings: 'rollout',
};

/**
 * The largest image.yaml accepted: real ones are a few KB, and the YAML parser needs ~40x the file size in memory,
 * so the size is checked before the file is read or parsed. Documented in docs/troubleshooting.md.
 */
export const MAX_IMAGE_CONFIG_BYTES = 1024 * 1024;

/** How many alias expansions a document may make: enough for anchors reused across sections, far below a "billion laughs". */
const MAX_ALIAS_COUNT = 100;

function tooLarge(path: string, bytes: number): ConfigurationError {
  return new ConfigurationError(
    ErrorCodes.configInvalid,
    `image.yaml '${path}' is ${bytes} bytes; the limit is ${MAX_IMAGE_CONFIG_BYTES} bytes (1 MiB). Check the config input points at ` +
      `the image definition file, not a generated or binary file.`,
  );
}

/**
 * Reads and validates an image.yaml and returns the config of `image` (one of its `images:`; none for the
 * single-image form); throws ImageConfigError (E_CONFIG_INVALID) naming file:line:col and field.
 */
export async function loadImageConfig(path: string, image?: string): Promise<ImageConfig> {
  return parseImageConfig(await readImageYaml(path), path, image);
}

/** Reads and validates an image.yaml with every image of it (for steps that work across images). */
export async function loadImageSet(path: string): Promise<ImageSet> {
  return parseImageSet(await readImageYaml(path), path);
}

async function readImageYaml(path: string): Promise<string> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new ConfigurationError(ErrorCodes.configInvalid, `image.yaml '${path}' is a directory; give the path of the file (e.g. ${path.replace(/\/$/, '')}/image.yaml).`);
    }
    if (info.size > MAX_IMAGE_CONFIG_BYTES) throw tooLarge(path, info.size);
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof ConfigurationError) throw err;
    const code = (err as { code?: string }).code;
    throw new ConfigurationError(
      ErrorCodes.configInvalid,
      code === 'ENOENT'
        ? `image.yaml not found at '${path}': check the config input (paths are relative to the working directory, usually the repository root).`
        : `cannot read '${path}': ${(err as Error).message}. Check the config input and the file's permissions.`,
      { cause: err },
    );
  }
  return text;
}

/**
 * Validates image.yaml text and returns the config of `image` (one of its images:, none for the single-image
 * form); `fileName` is used in messages. Throws ImageConfigError listing every problem.
 */
export function parseImageConfig(text: string, fileName: string, image?: string): ImageConfig {
  return selectImage(parseImageSet(text, fileName), image, fileName);
}

/**
 * Validates image.yaml text: the single-image form, or every image of images: merged over the shared sections
 * (a problem is reported where it is written: in the image's own section, or in the shared one).
 */
export function parseImageSet(text: string, fileName: string): ImageSet {
  if (text.length > MAX_IMAGE_CONFIG_BYTES) throw tooLarge(fileName, Buffer.byteLength(text, 'utf8'));
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: `yes`/`on` stay strings and `010` is not octal, unlike YAML 1.1 parsers.
  const doc = parseDocument(text, { lineCounter, version: '1.2', uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  const schemaHint = !/^#\s*yaml-language-server:\s*\$schema=/m.test(text);
  if (doc.errors.length > 0) {
    const seen = new Set<string>();
    const issues = doc.errors.map((e) => syntaxIssue(e, text, lineCounter, fileName)).filter((i) => !seen.has(`${i.line}:${i.message}`) && seen.add(`${i.line}:${i.message}`));
    throw new ImageConfigError(fileName, issues, { schemaHint });
  }
  const locator = new YamlLocator(doc, lineCounter);
  let data: unknown;
  try {
    data = doc.contents === null ? {} : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // The yaml library refuses documents whose aliases expand without bound (a "billion laughs" document).
    throw new ConfigurationError(
      ErrorCodes.configInvalid,
      `image.yaml '${fileName}' expands its YAML aliases (*name) more than ${MAX_ALIAS_COUNT} times (${(err as Error).message.split('\n')[0]}). ` +
        `Write the values out, or reuse fewer anchors.`,
      { cause: err },
    );
  }
  if (!isPlainObject(data)) {
    throw new ImageConfigError(fileName, [
      { file: fileName, ...locator.valueAt([]), path: '', message: 'expected a mapping of sections (gallery:, image:, versioning:, ...) at the top level' },
    ]);
  }

  const secretIssues = findSecrets(locator).map((s) => ({ file: fileName, ...s }));
  const { set, issues: schemaIssues } = data.images === undefined ? validateSingle(data, fileName, locator) : validateImages(data, fileName, locator);
  // A secret-looking key is also an unknown key; report it once, with the secrets message.
  const secretPaths = new Set(secretIssues.map((i) => i.path));
  const issues = dropShadowedMissing(unique([...secretIssues, ...schemaIssues.filter((i) => !secretPaths.has(i.path))]));
  if (issues.length > 0 || set === undefined) {
    issues.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new ImageConfigError(fileName, issues, { schemaHint });
  }
  return set;
}

interface Validated {
  set: ImageSet | undefined;
  issues: ConfigIssue[];
}

function validateSingle(data: Record<string, unknown>, fileName: string, locator: YamlLocator): Validated {
  const result = imageConfigSchema.safeParse(data);
  if (result.success) return { set: { kind: 'single', config: result.data }, issues: [] };
  return { set: undefined, issues: result.error.issues.flatMap((i) => toConfigIssues(i, [], data, fileName, locator)) };
}

/** Each image is its own sections merged over the shared ones, validated whole as the single-image form. */
function validateImages(data: Record<string, unknown>, fileName: string, locator: YamlLocator): Validated {
  const { images, ...shared } = data;
  const at = (path: PropertyKey[], message: string): ConfigIssue => ({ file: fileName, ...locator.valueAt(path), path: formatPath(path), message });
  if (!isPlainObject(images)) return { set: undefined, issues: [at(['images'], 'expected a mapping of image names to their sections')] };
  if (Object.keys(images).length === 0) return { set: undefined, issues: [at(['images'], 'list at least one image, or remove images:')] };
  const issues: ConfigIssue[] = [];
  const configs = new Map<string, ImageConfig>();
  for (const [name, entry] of Object.entries(images)) {
    if (!IMAGE_NAME_PATTERN.test(name)) {
      issues.push({ file: fileName, ...locator.keyAt(['images'], name), path: formatPath(['images', name]), message: `'${name}': ${IMAGE_NAME_RULE}` });
    }
    if (!isPlainObject(entry)) {
      issues.push(at(['images', name], `expected a mapping of sections (definition:, tags:, bake:, ...), got ${show(entry)}`));
      continue;
    }
    const result = imageConfigSchema.safeParse(mergeSections(shared, entry));
    if (result.success) {
      configs.set(name, result.data);
      continue;
    }
    for (const issue of result.error.issues.flatMap(splitUnknownKeys)) {
      const base = writtenInImage(issue, entry, shared) ? ['images', name] : [];
      issues.push(...toConfigIssues(issue, base, data, fileName, locator));
    }
  }
  return { set: issues.length === 0 ? { kind: 'set', images: configs } : undefined, issues };
}

/** One issue per unknown key, since the keys of one merged map can come from the image or the shared section. */
function splitUnknownKeys(issue: Issue): Issue[] {
  return issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ ...issue, keys: [key] })) : [issue];
}

/** Whether a problem of the merged image belongs to the image's own section (or to nobody: the image must add it). */
function writtenInImage(issue: Issue, entry: Record<string, unknown>, shared: Record<string, unknown>): boolean {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys] : issue.path;
  if (valueAt(entry, path) !== undefined) return true;
  return valueAt(shared, path) === undefined;
}

/** The same problem of a shared section shows up once per image; report it once. */
function unique(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.line}:${i.column}:${i.path}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A line indented deeper than the key above it makes the parser report the end of the line before (it reads the
 * two as one multi-line key); point at the over-indented line itself, where the mistake is.
 */
function syntaxIssue(e: YAMLError, text: string, lines: LineCounter, file: string): ConfigIssue {
  const start = lines.linePos(e.pos[0]);
  const first = e.message.split('\n')[0] ?? e.message;
  if (e.code === 'BLOCK_AS_IMPLICIT_KEY' || e.code === 'MULTILINE_IMPLICIT_KEY') {
    const all = text.split('\n');
    for (let n = start.line; n < all.length; n++) {
      const content = all[n] ?? '';
      if (content.trim() === '' || content.trim().startsWith('#')) continue;
      const indent = content.length - content.trimStart().length;
      return { file, line: n + 1, column: indent + 1, path: '', message: 'YAML syntax error: this line is indented deeper than the key above it; align it with its sibling keys.' };
    }
  }
  return { file, line: start.line, column: start.col, path: '', message: `YAML syntax error: ${first}` };
}

type Issue = z.core.$ZodIssue;

function toConfigIssues(issue: Issue, base: PropertyKey[], data: unknown, file: string, at: YamlLocator): ConfigIssue[] {
  const path = [...base, ...issue.path];
  const value = valueAt(data, path);
  const field = formatPath(path);

  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(imageFileSchema, path, data);
    return issue.keys.map((key) => {
      const hint = (path.length === 0 ? sectionAliases[key] : undefined) ?? suggest(key, allowed);
      const fix = hint ? `did you mean '${hint}'?` : `allowed keys here: ${allowed.join(', ')}`;
      return { file, ...at.keyAt(path, key), path: formatPath([...path, key]), message: `unknown key '${key}' (${fix})` };
    });
  }
  if (issue.code === 'invalid_union') {
    if (issue.errors.length === 0 && 'discriminator' in issue) {
      const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
      const hint = typeof value === 'string' ? suggest(value, options) : undefined;
      const got = value === undefined ? `${field} is missing` : `got ${show(value)}`;
      return [{ file, ...at.valueAt(path), path: field, message: `expected one of ${options.join(', ')}; ${got}${hint ? ` (did you mean '${hint}'?)` : ''}` }];
    }
    const branches = issue.errors;
    const rootTypeOnly = branches.every((b) => b.length === 1 && b[0]?.code === 'invalid_type' && b[0].path.length === 0);
    if (rootTypeOnly) {
      const expected = branches.map((b) => (b[0] as { expected?: string }).expected ?? 'value');
      return [{ file, ...at.valueAt(path), path: field, message: `expected ${expected.join(' or ')}, got ${show(value)}` }];
    }
    // Report the branch the user evidently meant: the one that got furthest (fewest problems, not a root type error).
    const meant = [...branches]
      .filter((b) => !(b.length === 1 && b[0]?.code === 'invalid_type' && b[0].path.length === 0))
      .sort((a, b) => a.length - b.length)[0];
    if (meant) return meant.flatMap((i) => toConfigIssues(i, path, data, file, at));
  }
  return [{ file, ...at.valueAt(path), path: field, message: describe(issue, value) }];
}

function describe(issue: Issue, value: unknown): string {
  if (issue.code === 'invalid_type') {
    if (value === undefined) return `missing required key '${String(issue.path.at(-1) ?? '')}' (${article(issue.expected)})`;
    const own = issue.message.startsWith('Invalid input') ? `expected ${issue.expected}` : issue.message;
    const quoteHint =
      issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') && !/quote/i.test(own)
        ? `; quote it, e.g. '${String(value)}'`
        : '';
    return `${own}, got ${show(value)}${quoteHint}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'array') {
    return `expected at least ${String(issue.minimum)} ${issue.minimum === 1 ? 'entry' : 'entries'}, got ${Array.isArray(value) ? value.length : 0}`;
  }
  if (issue.code === 'invalid_value') {
    const options = issue.values.map(String);
    const hint = typeof value === 'string' ? suggest(value, options) : undefined;
    return `expected one of ${options.join(', ')}, got ${show(value)}${hint ? ` (did you mean '${hint}'?)` : ''}`;
  }
  const own = issue.message;
  return value !== undefined && typeof value !== 'object' ? `${own}; got ${show(value)}` : own;
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** A key reported unknown with "did you mean 'x'" makes "missing required key 'x'" in the same map noise. */
function dropShadowedMissing(issues: ConfigIssue[]): ConfigIssue[] {
  const meant = new Set(
    issues.flatMap((i) => {
      const hint = /^unknown key '[^']*' \(did you mean '([^']+)'\?\)$/.exec(i.message)?.[1];
      return hint ? [`${i.path.replace(/\.?[^.[\]]+$/, '')}.${hint}`.replace(/^\./, '')] : [];
    }),
  );
  return issues.filter((i) => !(i.message.startsWith('missing required key') && meant.has(i.path)));
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function show(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') return `'${value.length > 80 ? `${value.slice(0, 80)}…` : value}'`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}
