import { describe, expect, it } from 'vitest';
import { isStepName, loadSteps, stepNames } from '../../../src/runtime/step-loader.js';
import { steps } from '../../../src/steps/registry.js';

describe('step-loader (the bundle entry loads steps by name)', () => {
  it('knows exactly the registered steps, in lifecycle order', () => {
    expect(stepNames).toEqual(steps.map((s) => s.name));
  });

  it('loads only the named step', async () => {
    const loaded = await loadSteps('replicate');
    expect(loaded.map((s) => s.name)).toEqual(['replicate']);
    expect(loaded[0]).toBe(steps.find((s) => s.name === 'replicate'));
  });

  it('loads every step for help or a name that is not a step', async () => {
    expect(isStepName('--help')).toBe(false);
    expect(isStepName('toString')).toBe(false);
    expect((await loadSteps('--help')).map((s) => s.name)).toEqual(steps.map((s) => s.name));
    expect((await loadSteps(undefined)).length).toBe(steps.length);
  });
});
