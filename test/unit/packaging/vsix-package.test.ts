import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_VSIX_BYTES, packageExtension, type PackageResult } from '../../../scripts/package.js';
import { listTaskManifests, repoRoot, validateTaskManifest } from '../../../scripts/package-validate.js';
import { renderIconPng } from '../../../scripts/package-icon.js';
import { LISTING_SCREENSHOTS, MARKETPLACE_PUBLISHER } from '../../../src/runtime/metadata/extension-manifest.js';
import { readZip, type ZipEntry } from './zip-reader.js';

interface VsoManifest {
  id: string;
  publisher: string;
  version: string;
  contributions: { id: string; type: string; targets: string[]; properties: { name: string } }[];
}

const work = mkdtempSync(join(tmpdir(), 'vsix-package-'));
let result: PackageResult;
let entries: Map<string, ZipEntry>;

function text(name: string): string {
  const entry = entries.get(name);
  if (!entry) throw new Error(`${name} is not in the .vsix`);
  return entry.read().toString('utf8');
}

beforeAll(() => {
  // One real packaging run (tfx-cli, offline) into a scratch folder, shared by the checks below.
  result = packageExtension({ stagingDir: join(work, 'stage'), outputDir: join(work, 'out') });
  entries = new Map(readZip(result.vsixPath).map((e) => [e.name, e]));
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run package builds the Azure DevOps extension', () => {
  it('writes a .vsix named after publisher, id and version', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(result.vsixPath).toBe(join(work, 'out', `${MARKETPLACE_PUBLISHER}.image-publish-${pkg.version}.vsix`));
    expect(entries.has('extension.vsixmanifest')).toBe(true);
  });

  it('lists exactly one task contribution per tasks/* folder', () => {
    const manifest = JSON.parse(text('extension.vsomanifest')) as VsoManifest;
    const repoTasks = listTaskManifests().map((f) => posix.join('tasks', dirname(f).split(/[\\/]/).pop()!)).sort();
    const contributed = manifest.contributions.filter((c) => c.type === 'ms.vss-distributed-task.task');
    expect(contributed.map((c) => c.properties.name).sort()).toEqual(repoTasks);
    expect(new Set(contributed.map((c) => c.id)).size).toBe(contributed.length);
    for (const c of contributed) expect(c.targets).toEqual(['ms.vss-distributed-task.tasks']);
  });

  it('gives every task folder its task.json, its handler target and the bundle the target imports', () => {
    const manifest = JSON.parse(text('extension.vsomanifest')) as VsoManifest;
    for (const { properties } of manifest.contributions) {
      const folder = properties.name;
      const task = JSON.parse(text(`${folder}/task.json`)) as { execution: Record<string, { target: string }> };
      expect(validateTaskManifest(task), folder).toEqual([]);
      const targets = Object.values(task.execution).map((e) => e.target);
      expect(targets.length, folder).toBeGreaterThan(0);
      for (const target of targets) {
        // Self-contained: the agent downloads the folder alone, so nothing may point outside it.
        expect(target, folder).not.toMatch(/(^|\/)\.\.\//);
        const stub = text(`${folder}/${target}`);
        const imports = [...stub.matchAll(/(?:from\s+|import\()['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
        expect(imports.length, `${target} imports the shared bundle`).toBeGreaterThan(0);
        for (const spec of imports) {
          const resolved = posix.normalize(posix.join(folder, posix.dirname(target), spec));
          expect(resolved.startsWith(`${folder}/`), `${spec} stays inside ${folder}`).toBe(true);
          expect(entries.has(resolved), `${resolved} is packaged`).toBe(true);
        }
      }
      expect(entries.has(`${folder}/dist/package.json`), `${folder} keeps the ESM package.json`).toBe(true);
      expect(entries.has(`${folder}/icon.png`)).toBe(true);
    }
  });

  it('ships the icon, the overview and the license in the listing, and nothing from the repo root besides', () => {
    const vsix = text('extension.vsixmanifest');
    expect(vsix).toContain('<Icon>assets/icon.png</Icon>');
    expect(vsix).toMatch(/Type="Microsoft\.VisualStudio\.Services\.Content\.Details"[^>]*Path="overview\.md"/);
    expect(entries.get('assets/icon.png')!.read().equals(renderIconPng())).toBe(true);
    expect(text('overview.md')).toBe(readFileSync(join(repoRoot, 'overview.md'), 'utf8'));
    const topLevel = new Set([...entries.keys()].map((n) => n.split('/')[0]));
    expect([...topLevel].sort()).toEqual(['LICENSE', '[Content_Types].xml', 'assets', 'docs', 'extension.vsixmanifest', 'extension.vsomanifest', 'overview.md', 'tasks']);
    // From docs/ only the listing's screenshots.
    expect([...entries.keys()].filter((n) => n.startsWith('docs/') && !n.endsWith('/')).sort()).toEqual([...LISTING_SCREENSHOTS].sort());
  });

  it('stays under the size limit npm run package enforces, shipping each task only its own step', () => {
    expect(result.bytes).toBeLessThanOrEqual(MAX_VSIX_BYTES);
    const manifest = JSON.parse(text('extension.vsomanifest')) as VsoManifest;
    const chunkSets = manifest.contributions.map(({ properties }) =>
      [...entries.keys()].filter((n) => n.startsWith(`${properties.name}/dist/`) && /\/\d+\.index\.js$/.test(n)).map((n) => n.split('/').pop()!),
    );
    // The publish task carries no Key Vault, Sigstore or GitHub-attest code; sign does.
    const publish = manifest.contributions.findIndex((c) => c.properties.name === 'tasks/PublishImageV1');
    const sign = manifest.contributions.findIndex((c) => c.properties.name === 'tasks/SignImageV1');
    expect(chunkSets[publish]!.length).toBeLessThan(chunkSets[sign]!.length);
    // Class names the SDKs define (kept by the minifier): Key Vault, Blob storage and Sigstore's trust material.
    const code = (index: number, folder: string) => chunkSets[index]!.map((f) => text(`${folder}/dist/${f}`)).join('\n');
    expect(code(publish, 'tasks/PublishImageV1')).not.toMatch(/CryptographyClient|BlobServiceClient|toTrustMaterial/);
    expect(code(sign, 'tasks/SignImageV1')).toMatch(/CryptographyClient/);
  });

  it.each(['PublishImageV1', 'SignImageV1', 'VerifyImageV1', 'BakeImageV1'])('%s unpacked from the .vsix alone runs on Node 24 and reaches the Azure DevOps runtime', (name) => {
    const folder = `tasks/${name}`;
    const out = join(work, 'unpacked');
    for (const [name, entry] of entries) {
      if (!name.startsWith(`${folder}/`) || name.endsWith('/')) continue;
      mkdirSync(dirname(join(out, name)), { recursive: true });
      writeFileSync(join(out, name), entry.read());
    }
    const task = JSON.parse(readFileSync(join(out, folder, 'task.json'), 'utf8')) as { execution: { Node24: { target: string } } };
    // No inputs: the runtime must load from the folder alone and fail cleanly naming the missing service connection.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('ENDPOINT_')));
    const run = spawnSync(process.execPath, [task.execution.Node24.target], { cwd: join(out, folder), encoding: 'utf8', env: { ...env, AGENT_TEMPDIRECTORY: work } });
    expect(run.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find module/);
    // Reaching the step's own input checks proves its chunks loaded; each fails on its first missing input.
    expect(run.stdout).toMatch(/##vso\[task\.complete result=Failed;\]E_INPUT_MISSING: /);
    if (name === 'PublishImageV1') expect(run.stdout).toMatch(/E_INPUT_MISSING: Input 'azureSubscription' is required/);
  });
});

describe('assets/icon.png', () => {
  it('is the fresh output of scripts/package-icon.ts and a 128x128 RGBA PNG', () => {
    const png = readFileSync(join(repoRoot, 'assets/icon.png'));
    expect(png.equals(renderIconPng()), 'run: bash scripts/node24 --import tsx scripts/package-icon.ts').toBe(true);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([128, 128, 8, 6]);
  });
});
