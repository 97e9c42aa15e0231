import { describe, expect, it } from 'vitest';
import { nextFreeNumber } from '../../src/core/gallery/publish-version.js';

describe('nextFreeNumber: the auto number a racing run declares', () => {
  it('bumps the highest existing version', () => {
    expect(nextFreeNumber(['1.0.0', '1.0.9', '1.0.10'], new Set(), 'patch')).toBe('1.0.11');
    expect(nextFreeNumber(['1.2.3'], new Set(), 'minor')).toBe('1.3.0');
  });
  it('moves past numbers other runs are creating, by patch', () => {
    expect(nextFreeNumber(['1.0.0'], new Set(['1.0.1', '1.0.2', '1.0.4']), 'patch')).toBe('1.0.3');
    expect(nextFreeNumber(['1.2.3'], new Set(['1.3.0']), 'minor')).toBe('1.3.1');
  });
  it('ignores declarations below the next number', () => {
    expect(nextFreeNumber(['2.0.0'], new Set(['1.0.1']), 'patch')).toBe('2.0.1');
  });
});
