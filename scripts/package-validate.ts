/**
 * Metadata validation for packaging and CI: every tasks/<Task>V1/task.json against schema/task.schema.json (our
 * rendering of the Azure Pipelines task schema) and every action.yml against the GitHub action metadata schema
 * through @action-validator/cli. `npm run package` refuses to build a .vsix from metadata that fails either.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** The repository root (this file lives in scripts/). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** tasks/<name>/task.json files under `root`, sorted. */
export function listTaskManifests(root: string = repoRoot): string[] {
  const tasks = join(root, 'tasks');
  if (!existsSync(tasks)) return [];
  return readdirSync(tasks, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(tasks, e.name, 'task.json')))
    .map((e) => join(tasks, e.name, 'task.json'))
    .sort();
}

/** The root action.yml and actions/<step>/action.yml under `root`, sorted. */
export function listActionFiles(root: string = repoRoot): string[] {
  const files = existsSync(join(root, 'action.yml')) ? [join(root, 'action.yml')] : [];
  const actions = join(root, 'actions');
  if (existsSync(actions)) {
    for (const e of readdirSync(actions, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && existsSync(join(actions, e.name, 'action.yml'))) files.push(join(actions, e.name, 'action.yml'));
    }
  }
  return files;
}

let compiled: ValidateFunction | undefined;

/** The compiled task.json validator (schema/task.schema.json). */
export function taskSchemaValidator(root: string = repoRoot): ValidateFunction {
  if (compiled && root === repoRoot) return compiled;
  const schema = JSON.parse(readFileSync(join(root, 'schema/task.schema.json'), 'utf8')) as Record<string, unknown>;
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  if (root === repoRoot) compiled = validate;
  return validate;
}

/** Problems in one parsed task.json, as `<json pointer>: <message>` lines; empty when valid. */
export function validateTaskManifest(manifest: unknown, root: string = repoRoot): string[] {
  const validate = taskSchemaValidator(root);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${extra(e)}`);
}

function extra(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (typeof params.additionalProperty === 'string') return ` ('${params.additionalProperty}')`;
  if (Array.isArray(params.allowedValues)) return ` (${params.allowedValues.join(', ')})`;
  return '';
}

export interface ActionValidation {
  ok: boolean;
  /** The validator's JSON error report (stderr), empty when ok. */
  report: string;
}

/**
 * Runs @action-validator/cli on one action.yml. Its newest release (0.6.0) embeds a schema whose `runs.using`
 * enum stops at node20, while GitHub runs `node24` actions; so a copy with `using: node24` read as node20 is
 * validated, and the real value is checked by {@link checkActionRuntime}. Everything else is checked as written.
 */
export function validateActionFile(path: string, root: string = repoRoot): ActionValidation {
  const text = readFileSync(path, 'utf8').replace(/^(\s+using:\s*['"]?)node24(['"]?\s*)$/m, '$1node20$2');
  const dir = mkdtempSync(join(tmpdir(), 'action-validate-'));
  try {
    // The CLI decides "action" vs "workflow" from the file name, so the copy keeps it.
    const copy = join(dir, 'action.yml');
    writeFileSync(copy, text);
    const cli = join(root, 'node_modules/@action-validator/cli/cli.mjs');
    const run = spawnSync(process.execPath, [cli, copy], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    if (run.error) throw run.error;
    return { ok: run.status === 0, report: `${run.stderr}${run.stdout}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the validator cannot check for us: a node24 runtime and a `main` file that exists. */
export function checkActionRuntime(path: string, text: string = readFileSync(path, 'utf8')): string[] {
  const using = /^\s+using:\s*['"]?([\w-]+)['"]?\s*$/m.exec(text)?.[1];
  const main = /^\s+main:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(text)?.[1];
  const problems: string[] = [];
  if (using !== 'node24') problems.push(`runs.using is '${using ?? '(missing)'}', expected node24`);
  if (!main) problems.push('runs.main is missing');
  else if (!existsSync(join(dirname(path), main))) problems.push(`runs.main '${main}' does not exist next to the action`);
  return problems;
}

/** Every metadata problem in the repository (task.json and action.yml), one line each; empty when all pass. */
export function validateAllMetadata(root: string = repoRoot): string[] {
  const problems: string[] = [];
  const tasks = listTaskManifests(root);
  const actions = listActionFiles(root);
  if (tasks.length === 0) problems.push('no tasks/*/task.json found: run `npm run generate`');
  if (actions.length === 0) problems.push('no action.yml found: run `npm run generate`');
  for (const file of tasks) {
    const where = relative(root, file);
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${where}: not JSON (${(error as Error).message})`);
      continue;
    }
    for (const p of validateTaskManifest(manifest, root)) problems.push(`${where} ${p}`);
  }
  for (const file of actions) {
    const where = relative(root, file);
    const result = validateActionFile(file, root);
    if (!result.ok) problems.push(`${where}: action-validator failed:\n${result.report}`);
    for (const p of checkActionRuntime(file)) problems.push(`${where}: ${p}`);
  }
  return problems;
}
