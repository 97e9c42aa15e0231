// Writes every surface generated from the step definitions: actions/*/action.yml, action.yml, tasks/*/task.json,
// vss-extension.json, the dist/ stubs, bin/image-publish.mjs, schema/image.schema.json, the README reference block and
// docs/troubleshooting.md (from docs/troubleshooting.template.md and the error registry in src/core/errors/).
// `--check` writes nothing and exits 1 with a diff when anything is stale (CI runs it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { steps } from '../src/steps/registry.js';
import { generatedFiles } from '../src/runtime/metadata/generated-files.js';
import { renderReference, spliceReference } from '../src/runtime/metadata/readme-reference.js';
import { imageConfigJsonSchemaText } from '../src/core/config/image-config-json-schema.js';
import { renderTroubleshootingPage } from '../src/core/errors/troubleshooting-page.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

const files = generatedFiles(steps, pkg.version);
const readmePath = join(root, 'README.md');
const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '# image-publish\n';
files.set('README.md', spliceReference(readme, renderReference(steps)));
files.set('schema/image.schema.json', imageConfigJsonSchemaText());
files.set('docs/troubleshooting.md', renderTroubleshootingPage(readFileSync(join(root, 'docs/troubleshooting.template.md'), 'utf8')));

// Generated files of steps that no longer exist are stale too.
const expectedStepFolders = new Set(steps.map((s) => s.name));
const obsolete: string[] = [];
for (const [folder, file] of [['actions', 'action.yml'], ['tasks', 'task.json']] as const) {
  const dir = join(root, folder);
  if (!existsSync(dir)) continue;
  for (const entry of readdirSync(dir)) {
    const known = folder === 'actions' ? expectedStepFolders.has(entry) : steps.some((s) => `${s.azdoTaskName}V1` === entry);
    if (!known && existsSync(join(dir, entry, file))) obsolete.push(`${folder}/${entry}/${file}`);
  }
}
for (const folder of ['github', 'azdo']) {
  const dir = join(root, 'dist', folder);
  if (!existsSync(dir)) continue;
  for (const entry of readdirSync(dir)) if (!files.has(`dist/${folder}/${entry}`)) obsolete.push(`dist/${folder}/${entry}`);
}

function diff(path: string, expected: string): string {
  const scratch = mkdtempSync(join(tmpdir(), 'generate-'));
  const fresh = join(scratch, 'expected');
  writeFileSync(fresh, expected);
  const current = existsSync(join(root, path)) ? join(root, path) : '/dev/null';
  const result = spawnSync('diff', ['-u', '--label', `a/${path}`, '--label', `b/${path}`, current, fresh], { encoding: 'utf8' });
  rmSync(scratch, { recursive: true, force: true });
  return result.stdout || `${path} differs\n`;
}

const stale: string[] = [];
for (const [path, content] of files) {
  const full = join(root, path);
  const current = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  if (current === content) continue;
  stale.push(path);
  if (check) process.stdout.write(diff(path, content));
  else {
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content, path.endsWith('.mjs') && path.startsWith('bin/') ? { mode: 0o755 } : {});
  }
}
for (const path of obsolete) {
  if (check) process.stdout.write(`obsolete: ${path} (its step is no longer registered)\n`);
  else rmSync(join(root, path));
}

if (check && (stale.length > 0 || obsolete.length > 0)) {
  process.stderr.write(
    `\nGenerated files are stale: ${[...stale, ...obsolete].join(', ')}.\nFix: run 'npm run generate' and commit the result.\n`,
  );
  process.exit(1);
}
process.stdout.write(
  check ? `Generated files are up to date (${files.size} files).\n` : `Generated ${files.size} files (${stale.length} changed, ${obsolete.length} removed).\n`,
);
