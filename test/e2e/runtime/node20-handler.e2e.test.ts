// The tasks declare Node20_1 beside Node24, so agents before 4.265.1 and Azure DevOps Server run them on Node 20.
// This runs bundled tasks through the Node20_1 handler on a real Node 20, as such an agent would. The whole Azure
// DevOps e2e suite was run the same way (IMAGE_PUBLISH_AZDO_HANDLER=Node20_1) before the handler was declared.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeOnPath, runAzdoTask } from '../../helpers/runner.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('the Node20_1 handler', () => {
  it('runs on Node 20 from PATH (scripts/install-test-tools.sh installs Debian nodejs)', () => {
    expect(nodeOnPath(20)).toBeDefined();
  });

  it('runs the bundled PlanImages task on Node 20 and sets its outputs', async () => {
    const run = await runAzdoTask(join(repoRoot, 'tasks/PlanImagesV1'), { config: join(repoRoot, 'examples/image.yaml') }, { handler: 'Node20_1' });
    expect(run.result, run.log + run.stderr).toBe('Succeeded');
    expect(Number(run.outputs.count)).toBe(1);
    expect(run.stderr).not.toMatch(/SyntaxError|ERR_|is not a function|Unexpected token/);
  });

  it('reports a user error on Node 20 exactly as on Node 24 (exit, message, no stack trace)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'node20-'));
    const config = join(dir, 'image.yaml');
    await writeFile(config, 'gallery:\n  name: g\n   resourceGroup: rg\n');
    const on20 = await runAzdoTask(join(repoRoot, 'tasks/PlanImagesV1'), { config }, { handler: 'Node20_1' });
    const on24 = await runAzdoTask(join(repoRoot, 'tasks/PlanImagesV1'), { config }, { handler: 'Node24' });
    expect(on20.result).toBe('Failed');
    expect(on20.resultMessage).toBe(on24.resultMessage);
    expect(on20.stderr + on20.log).not.toMatch(/^\s+at /m);
  });
});
