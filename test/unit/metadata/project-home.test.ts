// One canonical home: every URI that names this project is derived from package.json `repository`, resolves to a
// document of this repository that describes it, and no tracked file names a placeholder home.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../../package.json' with { type: 'json' };
import { DOCS_BRANCH, PROJECT_HOME, PROJECT_SLUG, homeOf } from '../../../src/core/project-home.js';
import { BUILD_TYPE, builderId } from '../../../src/core/attest/statement.js';
import { MANIFEST_TYPE, isKnownManifestType } from '../../../src/core/attest/image-manifest.js';
import { IMAGE_SCHEMA_ID, imageConfigJsonSchemaText } from '../../../src/core/config/image-config-json-schema.js';
import { steps } from '../../../src/steps/registry.js';
import { generatedFiles } from '../../../src/runtime/metadata/generated-files.js';
import { renderReference, spliceReference } from '../../../src/runtime/metadata/readme-reference.js';
import { taskMetadata } from '../../../src/runtime/metadata/task-json.js';

const root = resolve(import.meta.dirname, '../../..');
// Split so that this file does not name the placeholders it looks for.
const PLACEHOLDERS = ['github.com/' + 'org/', 'image-publish/' + 'image-publish'];
/** Paths `npm run generate`/`npm run build` write: checked below through the generators, not as committed. */
const GENERATED = /^(dist\/|actions\/|tasks\/|action\.yml$|vss-extension\.json$|schema\/image\.schema\.json$|bin\/image-publish\.mjs$)/;

/** Maps a URI of this project to the repository file (and anchor) it shows. */
function localTarget(uri: string): { file: string; anchor?: string } {
  const [base = '', anchor] = uri.split('#');
  const blob = `${PROJECT_HOME}/blob/${DOCS_BRANCH}/`;
  const raw = `https://raw.githubusercontent.com/${PROJECT_SLUG}/${DOCS_BRANCH}/`;
  const file = base.startsWith(blob) ? base.slice(blob.length) : base.startsWith(raw) ? base.slice(raw.length) : undefined;
  if (file === undefined) throw new Error(`${uri} is not a file of ${PROJECT_HOME}`);
  return anchor === undefined ? { file } : { file, anchor };
}

/** GitHub's heading slug, or an explicit <a id>. */
function hasAnchor(markdown: string, anchor: string): boolean {
  if (markdown.includes(`<a id="${anchor}"></a>`)) return true;
  return markdown.split('\n').some((line) => /^#+ /.test(line) && line.replace(/^#+ /, '').toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-') === anchor);
}

describe('the project home', () => {
  it('comes from package.json repository', () => {
    expect(PROJECT_HOME).toBe(homeOf(pkg.repository.url));
    expect(PROJECT_HOME).toMatch(/^https:\/\/github\.com\/[\w.-]+\/image-publish$/);
    expect(() => homeOf('https://gitlab.example/x/y')).toThrow(/not a GitHub repository URL/);
  });

  const uris: [string, string][] = [
    ['buildType', BUILD_TYPE],
    ['manifest _type', MANIFEST_TYPE],
    ['schema $id', IMAGE_SCHEMA_ID],
    ...(['cli', 'azdo', 'github'] as const).map((platform): [string, string] => [`builder id (${platform})`, builderId({ platform } as Parameters<typeof builderId>[0])]),
    ...steps.map((step): [string, string] => [`helpUrl of ${step.azdoTaskName}`, taskMetadata(step).helpUrl]),
  ];

  it.each(uris)('%s is a valid URI that resolves to a document of this repository describing it', (_what, uri) => {
    expect(new URL(uri).href).toBe(uri);
    expect(uri.split('#').length, 'at most one fragment').toBeLessThanOrEqual(2);
    const target = localTarget(uri);
    expect(existsSync(join(root, target.file)), target.file).toBe(true);
    if (target.anchor !== undefined) expect(hasAnchor(readFileSync(join(root, target.file), 'utf8'), target.anchor), `${target.file}#${target.anchor}`).toBe(true);
  });

  it('the schema document names the schema URL the loader prints', () => {
    expect(readFileSync(join(root, 'docs/image-schema.md'), 'utf8')).toContain(IMAGE_SCHEMA_ID);
  });

  it('verify understands manifests of this home, of a fork and of 0.1.0, and nothing else', () => {
    expect(isKnownManifestType(MANIFEST_TYPE)).toBe(true);
    expect(isKnownManifestType('https://github.com/' + 'org/image-publish/docs/steps/sign.md#image-manifest-v1')).toBe(true);
    expect(isKnownManifestType('https://github.com/fork/image-publish/blob/main/docs/steps/sign.md#image-manifest-v1')).toBe(true);
    expect(isKnownManifestType('https://github.com/fork/image-publish/blob/main/docs/steps/sign.md#image-manifest-v2')).toBe(false);
    expect(isKnownManifestType('https://example.com/manifest')).toBe(false);
  });

  it('no tracked file, and no generated file, names a placeholder home', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter((f) => f !== '' && !GENERATED.test(f));
    const contents = new Map<string, string>();
    for (const file of tracked) {
      const full = join(root, file);
      if (!existsSync(full) || /\.(png|gz|tar|vhd|raw|bin|der|p12)$/.test(file)) continue;
      const text = readFileSync(full, 'utf8');
      // README's reference block is generated: check what the generator writes there now.
      contents.set(file, file === 'README.md' ? spliceReference(text, renderReference(steps)) : text);
    }
    for (const [path, text] of generatedFiles(steps, pkg.version)) contents.set(`${path} (generated)`, text);
    contents.set('schema/image.schema.json (generated)', imageConfigJsonSchemaText());
    const hits = [...contents].flatMap(([file, text]) => PLACEHOLDERS.filter((p) => text.includes(p)).map((p) => `${file}: ${p}`));
    expect(hits).toEqual([]);
    expect(contents.size).toBeGreaterThan(100);
  });
});
