/**
 * `npm run package`: validates every task.json and action.yml, stages the extension in build/vsix (self-contained
 * task folders, icon, overview) and builds the .vsix with tfx-cli, offline, into build/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, validateAllMetadata } from './package-validate.js';
import { OVERVIEW, stageExtension, type StagedExtension } from './package-stage.js';
import { listingProblems } from './package-listing.js';

export interface PackageOptions {
  root?: string;
  /** Default <root>/build/vsix. */
  stagingDir?: string;
  /** Where tfx writes the .vsix; default <root>/build. */
  outputDir?: string;
}

export interface PackageResult {
  vsixPath: string;
  staged: StagedExtension;
  /** Size of the .vsix in bytes. */
  bytes: number;
}

/**
 * The .vsix must stay small: agents download every task folder of it, and a bloated one (a whole dist/ per task
 * once made it 23.6 MB) means slow first runs. Above this the build fails rather than ship.
 */
export const MAX_VSIX_BYTES = 10_000_000;
/** What agents unpack per extension install: above this the build fails too (a whole dist/ per task was 122.7 MB). */
export const MAX_UNZIPPED_BYTES = 40_000_000;

/** Validates, stages and packs the extension; throws an Error listing every problem when validation fails. */
export function packageExtension(options: PackageOptions = {}): PackageResult {
  const root = options.root ?? repoRoot;
  const stagingDir = options.stagingDir ?? join(root, 'build', 'vsix');
  const outputDir = options.outputDir ?? join(root, 'build');
  const manifestPath = join(root, 'vss-extension.json');
  if (!existsSync(manifestPath)) throw new Error('vss-extension.json is missing: run `npm run generate`.');
  const listing = listingProblems(JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>, root, OVERVIEW);
  if (listing.length > 0) {
    throw new Error(`The Marketplace listing is incomplete; no .vsix was built:\n- ${listing.join('\n- ')}`);
  }
  const problems = validateAllMetadata(root);
  if (problems.length > 0) {
    throw new Error(`Metadata validation failed; no .vsix was built:\n- ${problems.join('\n- ')}\nFix the step definitions and run \`npm run generate\`.`);
  }
  const staged = stageExtension(root, stagingDir);
  const unzipped = folderBytes(stagingDir);
  if (unzipped > MAX_UNZIPPED_BYTES) {
    throw new Error(
      `The staged extension is ${(unzipped / 1e6).toFixed(1)} MB unzipped, above the ${MAX_UNZIPPED_BYTES / 1e6} MB limit: a task folder ships more than its own step's chunks (dist/bundle-files.json).`,
    );
  }
  mkdirSync(outputDir, { recursive: true });
  const vsixPath = runTfx(root, stagingDir, outputDir);
  const bytes = statSync(vsixPath).size;
  if (bytes > MAX_VSIX_BYTES) {
    throw new Error(
      `${vsixPath} is ${(bytes / 1e6).toFixed(1)} MB, above the ${MAX_VSIX_BYTES / 1e6} MB limit. Check that each task folder ships only its own step's chunks (dist/bundle-files.json) and that no new SDK is imported eagerly.`,
    );
  }
  return { vsixPath, staged, bytes };
}

/** Total size of the files under `dir`. */
function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((total, entry) => total + statSync(join(entry.parentPath, entry.name)).size, 0);
}

/** Runs `tfx extension create` on the staged folder and returns the .vsix path it wrote. */
function runTfx(root: string, stagingDir: string, outputDir: string): string {
  const tfx = join(root, 'node_modules/tfx-cli/_build/tfx-cli.js');
  if (!existsSync(tfx)) throw new Error('tfx-cli is not installed: run `npm ci` (it is a devDependency).');
  const args = [tfx, 'extension', 'create', '--manifest-globs', 'vss-extension.json', '--root', stagingDir, '--output-path', outputDir, '--no-prompt', '--json'];
  const run = spawnSync(process.execPath, args, {
    cwd: stagingDir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`tfx extension create failed (exit ${String(run.status)}):\n${run.stderr || run.stdout}`);
  const path = parseVsixPath(run.stdout);
  if (!path || !existsSync(path)) throw new Error(`tfx extension create did not report a .vsix path:\n${run.stdout}`);
  return path;
}

/** tfx --json prints `{ "path": ".../publisher.id-1.2.3.vsix", ... }`, sometimes after other lines. */
function parseVsixPath(stdout: string): string | undefined {
  const start = stdout.indexOf('{');
  if (start < 0) return undefined;
  try {
    const parsed = JSON.parse(stdout.slice(start)) as { path?: unknown };
    return typeof parsed.path === 'string' ? parsed.path : undefined;
  } catch {
    return undefined;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { vsixPath, staged, bytes } = packageExtension();
    console.log(`Validated ${staged.tasks.length} task.json files and the action.yml files.`);
    for (const task of staged.tasks) console.log(`  ${task.folder}: ${Object.entries(task.targets).map(([h, t]) => `${h} -> ${t}`).join(', ')}`);
    console.log(`Built ${relative(process.cwd(), vsixPath)} (${staged.manifest.publisher}.${staged.manifest.id} ${staged.manifest.version}), ${(bytes / 1e6).toFixed(1)} MB.`);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
