import { describe, expect, it } from 'vitest';
import { resolveEndOfLife } from '../../../src/core/versioning/end-of-life.js';

const now = new Date('2026-01-31T12:00:00Z');

describe('resolveEndOfLife', () => {
  it.each([
    ['+180d', '2026-07-30T12:00:00.000Z'],
    ['+2w', '2026-02-14T12:00:00.000Z'],
    ['+1m', '2026-03-03T12:00:00.000Z'],
    ['+1y', '2027-01-31T12:00:00.000Z'],
    ['2027-06-30', '2027-06-30T00:00:00.000Z'],
    ['2027-06-30T08:00:00Z', '2027-06-30T08:00:00.000Z'],
    ['2027-06-30T08:00:00+02:00', '2027-06-30T06:00:00.000Z'],
  ])('%s -> %s', (text, expected) => {
    expect(resolveEndOfLife(text, now).toISOString()).toBe(expected);
  });

  it.each(['180d', '+180', '+d', 'tomorrow', '2027-13-01', '2027-02-30', '27-06-30', '+-5d'])('rejects %j with the accepted forms', (text) => {
    expect(() => resolveEndOfLife(text, now)).toThrow(/Input 'end-of-life' is .*neither a date .* nor a relative period/);
  });

  it.each(['2025-01-01', '+0d', '2026-01-31'])('rejects %j because it is not in the future', (text) => {
    expect(() => resolveEndOfLife(text, now)).toThrow(/not in the future/);
  });
});
