// `npm run package` refuses a .vsix whose Marketplace listing is incomplete, before it stages anything.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageExtension } from '../../../scripts/package.js';
import { listingProblems } from '../../../scripts/package-listing.js';
import { repoRoot } from '../../../scripts/package-validate.js';
import { extensionManifest } from '../../../src/runtime/metadata/extension-manifest.js';
import { steps } from '../../../src/steps/registry.js';

const work = mkdtempSync(join(tmpdir(), 'listing-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A scratch root with the generated manifest (minus `drop`) and the listing's files from the repository. */
function scratchRoot(name: string, drop: string[]): string {
  const root = join(work, name);
  mkdirSync(root, { recursive: true });
  const manifest = extensionManifest(steps, '1.0.0');
  for (const key of drop) delete manifest[key];
  writeFileSync(join(root, 'vss-extension.json'), JSON.stringify(manifest));
  for (const file of ['LICENSE', 'overview.md', 'assets/icon.png', 'docs/images/publish-summary.png', ...steps.map((s) => `tasks/${s.azdoTaskName}V1/task.json`)]) {
    try {
      mkdirSync(join(root, file, '..'), { recursive: true });
      cpSync(join(repoRoot, file), join(root, file));
    } catch {
      // A file the repository lacks shows up as a listing problem below.
    }
  }
  return root;
}

describe('the Marketplace listing check', () => {
  it('passes for the generated manifest and the repository files', () => {
    expect(listingProblems(extensionManifest(steps, '1.0.0'), repoRoot, 'overview.md')).toEqual([]);
  });

  it('makes npm run package fail with the missing field named, before anything is built', () => {
    const root = scratchRoot('no-tags', ['tags', 'repository']);
    expect(() => packageExtension({ root, stagingDir: join(root, 'stage'), outputDir: join(root, 'out') })).toThrow(
      /The Marketplace listing is incomplete; no \.vsix was built:\n- tags is missing or empty: set it in src\/runtime\/metadata\/extension-manifest\.ts[^\n]*\n- repository \{ type: git, uri \} is missing/,
    );
  });

  it('names a placeholder publisher, a missing link, a missing screenshot and a task the overview omits', () => {
    const manifest = { ...extensionManifest(steps, '1.0.0'), publisher: 'image-publish', links: { home: { uri: 'https://example.com' } }, screenshots: [{ path: 'docs/images/none.png' }] };
    const root = scratchRoot('overview', []);
    writeFileSync(join(root, 'overview.md'), '# Image Publish\n\n`BakeImage@1`\n');
    const problems = listingProblems(manifest, root, 'overview.md');
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^publisher 'image-publish' is a placeholder/),
      expect.stringMatching(/^links\.getstarted\.uri is missing/),
      expect.stringMatching(/^screenshot docs\/images\/none\.png does not exist/),
      expect.stringMatching(/^overview\.md does not list .*PinRollout@1/),
    ]));
    expect(problems.join('\n')).not.toContain('BakeImage@1,');
  });
});
