// The root action.yml (`uses: azimage/image-publish@v1` with `step:`) run from the built bundle as the runner
// does: an input meant for another step fails before anything runs, naming the input and its step.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGithubAction } from '../../helpers/runner.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('root action', () => {
  it('refuses an input of another step, naming it and the step it belongs to', async () => {
    const run = await runGithubAction(repoRoot, {
      step: 'replicate',
      'image-version-id': '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/d/versions/1.0.0',
      'disk-path': 'out/disk.raw',
    });
    expect(run.exitCode).toBe(2);
    const errors = run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toEqual([expect.stringContaining("E_INPUT_INVALID: Step 'replicate' does not take 'disk-path' (an input of bake)")]);
    // Refused before sign-in: nothing tried to reach Azure.
    expect(run.log).not.toMatch(/login|token|management\.azure\.com/i);
  });
});
