/** The canary against its own scale set's instances on the previous version: boot → healthy, a supplementary row. */
import { describe, expect, it } from 'vitest';
import { compareFigure, overallVerdict } from '../../../src/core/rollout/canary-evidence-gate.js';
import { compareWithSiblings } from '../../../src/core/rollout/canary-siblings.js';

const policy = { maxRegression: 1.2, minSamples: 2, insufficient: 'warn' as const };
const sample = (toRunningMs: number, toHealthyMs?: number) => ({ scaleSet: 's', instanceId: '0', toRunningMs, ...(toHealthyMs !== undefined ? { toHealthyMs } : {}) });

describe('canary vs. siblings', () => {
  it('compares the canary boot → healthy medians with the siblings and judges by max-regression', () => {
    const c = compareWithSiblings([sample(20_000, 32_000), sample(22_000, 34_000), sample(21_000)], [10_000, 9_000, 11_000], policy);
    expect(c).toMatchObject({ figure: 'bootToHealthyVsSiblingsMs', current: 12_000, currentN: 2, previous: 10_000, previousN: 3, ratio: 1.2, verdict: 'pass', supplementary: true });
    expect(compareWithSiblings([sample(0, 13_000), sample(0, 13_000)], [10_000, 10_000], policy).verdict).toBe('regressed');
  });

  it('lacking siblings, the row says not enough data but adds no verdict; its regression still fails', () => {
    const record = compareFigure('toRunningMs', 'ms', 'lower', { value: 10, n: 3 }, { value: 10, n: 3 }, 1.2, 2);
    const none = compareWithSiblings([sample(0, 5), sample(0, 5)], [], policy);
    expect(none.verdict).toBe('insufficient');
    expect(overallVerdict([record, none])).toBe('pass');
    expect(overallVerdict([none])).toBe('insufficient');
    expect(overallVerdict([record, { ...none, verdict: 'regressed' }])).toBe('regressed');
  });
});
