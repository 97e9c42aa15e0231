// Builds the echo fixture the way scripts/build.sh builds the product (tsc -> inline JSON -> ncc -> generated
// metadata and stubs), into .tmp/runtime-fixture/<name>, so the e2e tests run a real bundle as a runner would.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from '../../../src/runtime/metadata/generated-files.js';
import { echoStep } from '../../fixtures/runtime/echo-step.js';
import { node24Path } from '../../helpers/runner.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Builds the fixture bundle and returns the folder that holds actions/, tasks/, dist/ and bin/. */
export function buildFixtureBundle(name: string): string {
  const out = join(root, '.tmp/runtime-fixture', name);
  rmSync(out, { recursive: true, force: true });
  const node = node24Path();
  const run = (args: string[]) => execFileSync(node, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    run(['node_modules/typescript/bin/tsc', '-p', 'test/fixtures/runtime/tsconfig.json', '--outDir', join(out, 'lib')]);
  } catch {
    // Type errors elsewhere in the tree (other work in progress) must not stop the emit; the bundle step checks.
  }
  run(['scripts/build-inline-json.mjs', join(out, 'lib'), root]);
  run(['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', join(out, 'lib/test/fixtures/runtime/fixture-entry.js'), '-o', join(out, 'dist'), '--no-source-map-register', '-q']);
  for (const [path, content] of generatedFiles([echoStep], '0.0.0')) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), content);
  }
  return out;
}
