// Issue 18: the CLI's --help and --version never load an SDK. Each command runs in its own Node process with a
// resolve hook (test/helpers/record-loaded-packages.mjs) that lists every module it loaded; a step module that
// imports an SDK at module level (rather than with `await import()` where it is used) fails this test.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepNames } from '../../../src/runtime/step-loader.js';
import { node24Path } from '../../helpers/runner.js';

const root = resolve(import.meta.dirname, '../../..');
const hook = join(root, 'test/helpers/record-loaded-packages.mjs');
/** Azure's SDKs and their pipeline, Sigstore, the Actions toolkit and the Azure DevOps task library. */
const SDK = /^(@azure|@azure-rest|@typespec|@sigstore|@actions)\/|^azure-pipelines-task-lib$/;

/** Runs node with the hook and returns the exit code, stdout and the npm packages the process loaded. */
function loadedBy(args: string[]): Promise<{ code: number; stdout: string; packages: string[] }> {
  const file = join(mkdtempSync(join(tmpdir(), 'loaded-modules-')), 'modules.json');
  return new Promise((done, fail) => {
    const child = spawn(node24Path(), ['--import', 'tsx', '--import', hook, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', IMAGE_PUBLISH_LOADED_MODULES_FILE: file },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const urls = JSON.parse(readFileSync(file, 'utf8')) as string[];
      const packages = new Set(urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));
      done({ code: code ?? -1, stdout, packages: [...packages].sort() });
    });
  });
}

const cli = (args: string[]) => loadedBy(['test/helpers/cli-from-source.ts', ...args]);
const sdks = (packages: string[]) => packages.filter((p) => SDK.test(p));

describe('the CLI loads no SDK for help and version', () => {
  it('the hook sees an SDK when one is imported', async () => {
    const control = await loadedBy(['--input-type=module', '-e', "await import('@azure/core-rest-pipeline')"]);
    expect(sdks(control.packages)).toContain('@azure/core-rest-pipeline');
  });

  it.each([['--help'], ['--version']])('%s', async (flag) => {
    const run = await cli([flag]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toBe('');
    expect(sdks(run.packages)).toEqual([]);
  });

  it.each(stepNames)('%s --help', async (step) => {
    const run = await cli([step, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(step);
    expect(sdks(run.packages)).toEqual([]);
  });
}, 600_000);
