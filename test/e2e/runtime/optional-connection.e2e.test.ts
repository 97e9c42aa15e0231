// Azure DevOps tasks that can run without Azure (a scan of report files, policy generation) do not demand a
// service connection; the same task asks for one, by its input name, once a run needs Azure.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAzdoTask } from '../../helpers/runner.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const gallery = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/contoso_images';

describe('tasks that need Azure only sometimes', () => {
  it('policy generates its definitions without a service connection', async () => {
    const out = mkdtempSync(join(tmpdir(), 'policy-noconn-'));
    const run = await runAzdoTask('policy', { approvedGalleries: gallery, outputDir: out });
    expect(run.result, run.log + run.stderr).toBe('Succeeded');
    expect(JSON.parse(run.outputs.definitionPaths ?? '[]')).toHaveLength(1);
  });

  it('policy with assign: true asks for the connection by its task input name, and fails', async () => {
    const run = await runAzdoTask('policy', { approvedGalleries: gallery, assign: 'true', outputDir: mkdtempSync(join(tmpdir(), 'policy-noconn-')) });
    expect(run.result).toBe('Failed');
    expect(run.resultMessage).toContain("E_INPUT_MISSING: Input 'azureSubscription' is required: this run signs in to Azure.");
  });

  it('scan gates report files without a service connection', async () => {
    const run = await runAzdoTask('scan', { reports: resolve(repoRoot, 'examples/reports/grype-rootfs.json'), failOn: 'none' });
    expect(run.result, run.log + run.stderr).not.toBe('Failed');
    expect(run.outputs.passed).toBe('true');
  });
});
