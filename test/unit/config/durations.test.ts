import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../../src/core/config/durations.js';

describe('parseDurationMs', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
  ])('%s is %d ms', (text, ms) => expect(parseDurationMs(text, 'x')).toBe(ms));

  it.each(['', '0m', '1.5h', '10 minutes', '-5m', 'm'])('refuses %j naming the field', (text) => {
    expect(() => parseDurationMs(text, 'rollout.rings[0].bakeTime')).toThrow(`rollout.rings[0].bakeTime: '${text}' is not a duration`);
  });
});
