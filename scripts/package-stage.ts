/**
 * Stages the Azure DevOps extension in build/vsix: the manifest (with icon and overview), and one self-contained
 * folder per task. The agent downloads each task folder on its own, so a task cannot reach `../../dist` as it does
 * in the repository: each staged task gets its task.json (handler targets rewritten), its own stub, the bundle entry
 * and only its own step's chunks, laid out as in the repo so the stub's relative import of the bundle still resolves.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

export interface StagedTask {
  /** Contribution folder, e.g. tasks/PublishImageV1. */
  folder: string;
  /** Handler targets inside the staged folder, e.g. { Node24: 'dist/azdo/publish.mjs' }. */
  targets: Record<string, string>;
}

export interface StagedExtension {
  stagingDir: string;
  manifest: ExtensionManifest;
  tasks: StagedTask[];
}

interface ManifestFile {
  path: string;
  addressable?: boolean;
}

interface Contribution {
  id: string;
  type: string;
  properties?: { name?: string };
}

export interface ExtensionManifest {
  id: string;
  publisher: string;
  version: string;
  files?: ManifestFile[];
  contributions?: Contribution[];
  icons?: Record<string, string>;
  content?: Record<string, { path: string }>;
  [key: string]: unknown;
}

/** Files the marketplace listing needs beside the tasks (repo-relative). */
export const ICON = 'assets/icon.png';
export const OVERVIEW = 'overview.md';
const TASK_CONTRIBUTION = 'ms.vss-distributed-task.task';

/** Stages `root`'s extension into `stagingDir` (emptied first). Throws an Error naming what is missing. */
export function stageExtension(root: string, stagingDir: string): StagedExtension {
  const source = readJson<ExtensionManifest>(join(root, 'vss-extension.json'), 'run `npm run generate`');
  for (const file of [ICON, OVERVIEW]) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: the marketplace listing needs it.`);
  }
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(stagingDir, { recursive: true });

  const taskFolders = (source.contributions ?? [])
    .filter((c) => c.type === TASK_CONTRIBUTION)
    .map((c) => {
      if (!c.properties?.name) throw new Error(`vss-extension.json contribution '${c.id}' has no properties.name (the task folder).`);
      return c.properties.name;
    });
  if (taskFolders.length === 0) throw new Error('vss-extension.json has no task contributions: run `npm run generate`.');
  const tasks = taskFolders.map((folder) => stageTask(root, folder, stagingDir));

  // The listing's own files: icon, overview, license and screenshots (package-listing.ts checked they exist).
  const listingFiles = [ICON, OVERVIEW, ...Object.values(source.content ?? {}).map((c) => c.path), ...((source.screenshots ?? []) as { path: string }[]).map((s) => s.path)];
  for (const file of new Set(listingFiles)) {
    mkdirSync(dirname(join(stagingDir, file)), { recursive: true });
    cpSync(join(root, file), join(stagingDir, file));
  }
  // The staged manifest ships exactly the staged task folders; the repo-level `dist` entry is folded into them.
  const manifest: ExtensionManifest = {
    ...source,
    icons: { ...(source.icons ?? {}), default: ICON },
    content: { ...(source.content ?? {}), details: { path: OVERVIEW } },
    files: [...taskFolders.map((path) => ({ path })), ...[...new Set(listingFiles)].map((path) => ({ path, addressable: true }))],
  };
  writeFileSync(join(stagingDir, 'vss-extension.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { stagingDir, manifest, tasks };
}

/** Copies one task folder, its handlers' targets and what they import from dist/ into the staging dir. */
function stageTask(root: string, folder: string, stagingDir: string): StagedTask {
  const taskDir = join(root, folder);
  const task = readJson<{ execution?: Record<string, { target?: string }> }>(join(taskDir, 'task.json'), 'run `npm run generate`');
  const outDir = join(stagingDir, folder);
  mkdirSync(outDir, { recursive: true });
  const targets: Record<string, string> = {};
  const bundles = new Map<string, string>();
  for (const [handler, exec] of Object.entries(task.execution ?? {})) {
    if (!exec.target) throw new Error(`${folder}/task.json: handler ${handler} has no target.`);
    const absolute = resolve(taskDir, exec.target);
    const inRepo = relative(root, absolute);
    if (inRepo.startsWith('..') || !existsSync(absolute)) {
      throw new Error(`${folder}/task.json: ${handler} target ${exec.target} does not exist in the repository; run \`npm run build\`.`);
    }
    // Keep the repo layout (dist/azdo/<step>.mjs next to dist/index.js) so the stub's `../index.js` resolves.
    const staged = inRepo.split(sep).join('/');
    mkdirSync(dirname(join(outDir, staged)), { recursive: true });
    cpSync(absolute, join(outDir, staged));
    targets[handler] = staged;
    bundles.set(inRepo.split(sep)[0] ?? inRepo, absolute);
  }
  for (const [bundle, stub] of bundles) copyStepBundle(join(root, bundle), join(outDir, bundle), stub);
  const stagedTask = { ...task, execution: Object.fromEntries(Object.entries(task.execution ?? {}).map(([h, e]) => [h, { ...e, target: targets[h] }])) };
  writeFileSync(join(outDir, 'task.json'), `${JSON.stringify(stagedTask, null, 2)}\n`);
  // The task picker shows <task>/icon.png; the extension icon unless the generator gave the task its own.
  cpSync(join(root, ICON), join(outDir, 'icon.png'));
  // Anything else the generator put in the task folder (icon.png, loc files) travels with it.
  for (const entry of readdirSync(taskDir)) {
    if (entry !== 'task.json') cpSync(join(taskDir, entry), join(outDir, entry), { recursive: true });
  }
  return { folder, targets };
}

/**
 * The step's bundle: dist/index.js and only the chunks this step loads on Azure DevOps (dist/bundle-files.json,
 * written by `npm run build` from webpack's stats), plus the files beside them that are not code (package.json
 * for ESM, licenses, assets). Copying all of dist/ into every task folder made the .vsix ten times the bundle.
 */
function copyStepBundle(from: string, to: string, stub: string): void {
  const listing = join(from, 'bundle-files.json');
  const files = readJson<Record<string, string[]>>(listing, 'run `npm run build`');
  const key = `azdo/${basename(stub, '.mjs')}`;
  const code = files[key];
  if (code === undefined) throw new Error(`${listing} has no entry '${key}': run \`npm run build\`.`);
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const path = join(from, entry);
    if (statSync(path).isDirectory() || entry.endsWith('.js') || entry === 'bundle-files.json') continue;
    cpSync(path, join(to, entry));
  }
  for (const file of code) cpSync(join(from, file), join(to, file));
}

function readJson<T>(path: string, fix: string): T {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${fix}.`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
