// An input error names the input as the user wrote it on each platform: the with: key on GitHub, the task input
// name on Azure DevOps, the --flag on the CLI. The bundled replicate step runs as the runner, agent and shell run it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAzdoTask, runCliProcess, runGithubAction } from '../../helpers/runner.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const badId = 'not-a-version-id';

describe('input errors in the platform spelling', () => {
  it('GitHub names the with: key and exits 2', async () => {
    const run = await runGithubAction('replicate', { 'image-version-id': badId, regions: 'westeurope' });
    expect(run.exitCode).toBe(2);
    const errors = run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors.join('\n')).toContain(`E_INPUT_INVALID: Input 'image-version-id' is '${badId}'`);
  });

  it('Azure DevOps names the task input and fails the task', async () => {
    const run = await runAzdoTask('replicate', { azureSubscription: 'unused-connection', imageVersionId: badId, regions: 'westeurope' });
    expect(run.result).toBe('Failed');
    expect(run.resultMessage).toContain(`E_INPUT_INVALID: Input 'imageVersionId' is '${badId}'`);
    expect(run.resultMessage).not.toContain("'image-version-id'");
  });

  it('the CLI names the --flag, in the text and in --json error.input', async () => {
    const run = await runCliProcess(join(repoRoot, 'bin/image-publish.mjs'), ['replicate', '--image-version-id', badId, '--regions', 'westeurope', '--json']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`error: E_INPUT_INVALID: Input '--image-version-id' is '${badId}'`);
    const json = JSON.parse(run.stdout) as { error: { code: string; input?: string; message: string } };
    expect(json.error).toMatchObject({ code: 'E_INPUT_INVALID', input: '--image-version-id' });
  });

  it('GitHub marks an image.yaml problem at its file, line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'input-spelling-'));
    const file = join(dir, 'image.yaml');
    writeFileSync(file, 'gallery:\n  name: contoso_images\n  resourceGroup: rg-images\nimage:\n  name: ubuntu\nregionz: [westeurope]\n');
    const run = await runGithubAction('replicate', { config: file, regions: 'westeurope' });
    expect(run.exitCode).toBe(2);
    const located = run.annotations.find((a) => a.level === 'error' && a.properties.file === file && a.message.includes('regionz'));
    expect(located, JSON.stringify(run.annotations)).toBeDefined();
    expect(located?.properties).toMatchObject({ line: '6', col: '1' });
  });
});
