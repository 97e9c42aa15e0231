/** Canary evidence logic: benchmark output parsing, the evidence record, per-figure verdicts and the policy inputs. */
import { describe, expect, it } from 'vitest';
import { parseBenchmarkOutput } from '../../../src/core/rollout/canary-benchmark.js';
import { compareFigure, overallVerdict } from '../../../src/core/rollout/canary-evidence-gate.js';
import { resolveEvidencePolicy } from '../../../src/core/rollout/canary-evidence-inputs.js';
import { decodeRecord, encodeRecord } from '../../../src/core/rollout/canary-evidence-record.js';
import { median } from '../../../src/core/rollout/canary-evidence.js';

describe('benchmark output', () => {
  it('accepts an array of metrics or one metric object', () => {
    expect(parseBenchmarkOutput('[{"name":"p95","value":12.5,"unit":"ms","better":"lower"}]', 'b')).toEqual([{ name: 'p95', value: 12.5, unit: 'ms', better: 'lower' }]);
    expect(parseBenchmarkOutput('{"name":"rps","value":900,"unit":"req/s","better":"higher"}', 'b')).toHaveLength(1);
  });

  it.each([
    ['', /printed no JSON/],
    ['not json', /printed no JSON/],
    ['[]', /at least one is required/],
    ['[{"name":"p95","value":"12","unit":"ms","better":"lower"}]', /malformed metrics at 0\.value/],
    ['[{"name":"p95","value":12,"unit":"ms","better":"faster"}]', /malformed metrics at 0\.better/],
    ['[{"name":"p95","value":12,"unit":"ms","better":"lower","extra":1}]', /malformed metrics/],
    ['[{"name":"a","value":1,"unit":"","better":"lower"},{"name":"a","value":2,"unit":"","better":"lower"}]', /metric 'a' twice/],
  ])('refuses %j (never zero metrics or a pass)', (text, message) => {
    expect(() => parseBenchmarkOutput(text, 'bench.sh')).toThrow(message);
  });
});

describe('evidence record', () => {
  it('round-trips through its compact tag form', () => {
    const r = { at: '2026-12-04T20:00:00.000Z', platform: { toRunningMs: { median: 20_000, n: 3 } }, benchmarks: { rps: { value: 900, unit: 'req/s', better: 'higher' as const, n: 1 } } };
    expect(decodeRecord(encodeRecord(r))).toEqual(r);
  });

  it('reads a hand-edited or foreign tag as no record', () => {
    expect(decodeRecord('{oops')).toBeUndefined();
    expect(decodeRecord('{"v":2,"p":{}}')).toBeUndefined();
    expect(decodeRecord(undefined)).toBeUndefined();
  });
});

describe('figure verdicts', () => {
  it('compares lower- and higher-is-better figures as "times worse"', () => {
    expect(compareFigure('t', 'ms', 'lower', { value: 14, n: 3 }, { value: 10, n: 3 }, 1.2, 3)).toMatchObject({ ratio: 1.4, verdict: 'regressed' });
    expect(compareFigure('t', 'ms', 'lower', { value: 11, n: 3 }, { value: 10, n: 3 }, 1.2, 3)).toMatchObject({ verdict: 'pass' });
    expect(compareFigure('rps', 'req/s', 'higher', { value: 80, n: 1 }, { value: 100, n: 1 }, 1.2, 1)).toMatchObject({ ratio: 1.25, verdict: 'regressed' });
  });

  it('says "insufficient" with too few samples on either side, and the overall verdict never turns that into a pass', () => {
    const short = compareFigure('t', 'ms', 'lower', { value: 10, n: 2 }, { value: 10, n: 3 }, 1.2, 3);
    expect(short.verdict).toBe('insufficient');
    const pass = compareFigure('t', 'ms', 'lower', { value: 10, n: 3 }, { value: 10, n: 3 }, 1.2, 3);
    expect(overallVerdict([pass, short])).toBe('insufficient');
    expect(overallVerdict([])).toBe('insufficient');
    expect(overallVerdict([pass])).toBe('pass');
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('evidence inputs', () => {
  it('is off without max-regression and defaults min-samples 3, warn', () => {
    expect(resolveEvidencePolicy({}, undefined)).toBeUndefined();
    expect(resolveEvidencePolicy({ 'max-regression': '1.2x' }, undefined)).toEqual({ maxRegression: 1.2, minSamples: 3, insufficient: 'warn' });
  });

  it('lets inputs override image.yaml rollout.evidence', () => {
    const config = { rollout: { rings: [], evidence: { maxRegression: 1.5, minSamples: 5, insufficientEvidence: 'fail' as const } } };
    expect(resolveEvidencePolicy({ 'min-samples': 2 }, config as never)).toEqual({ maxRegression: 1.5, minSamples: 2, insufficient: 'fail' });
  });

  it.each([
    [{ 'max-regression': 'fast' }, /Input 'max-regression': 'fast' is not a factor/],
    [{ 'max-regression': '0.8' }, /Input 'max-regression': '0.8'/],
    [{ 'max-regression': '1.2', 'insufficient-evidence': 'ignore' }, /Input 'insufficient-evidence': 'ignore' must be 'warn'/],
    [{ 'min-samples': 3 }, /Input 'max-regression' is required when 'min-samples'/],
  ])('names the input in its error: %j', (parsed, message) => {
    expect(() => resolveEvidencePolicy(parsed, undefined)).toThrow(message);
  });
});
