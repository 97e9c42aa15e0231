import { describe, expect, it } from 'vitest';
import { foreignRootInputs } from '../../../src/runtime/github/root-action-inputs.js';
import { findStep, steps } from '../../../src/steps/registry.js';

const replicate = findStep('replicate', steps);
if (replicate === undefined) throw new Error('replicate is not registered');

describe('root action: inputs of another step', () => {
  it('names each input the chosen step does not take, with the steps it belongs to', () => {
    const failure = foreignRootInputs(replicate, steps, { 'INPUT_DISK-PATH': 'out/disk.raw', 'INPUT_CREATE-GALLERY': 'true' });
    expect(failure).toMatch(/^E_INPUT_INVALID: Step 'replicate' does not take /);
    expect(failure).toContain("'disk-path' (an input of bake)");
    expect(failure).toContain("'create-gallery' (an input of publish)");
    expect(failure).toContain("Remove them from 'with:'");
  });

  it('accepts the step’s own and the common inputs, and inputs left empty', () => {
    expect(foreignRootInputs(replicate, steps, { INPUT_STEP: 'replicate', INPUT_REGIONS: 'westeurope', INPUT_CONFIG: 'image.yaml', 'INPUT_DISK-PATH': '  ' })).toBeUndefined();
  });
});
