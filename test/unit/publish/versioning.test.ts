import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import {
  bumpVersion,
  compareVersions,
  dateVersion,
  formatVersion,
  highestVersion,
  parseVersion,
  tryParseVersion,
} from '../../../src/core/versioning/gallery-version.js';
import { candidateVersion, parseVersionRequest } from '../../../src/core/versioning/version-request.js';

describe('parseVersion', () => {
  it.each([
    ['1.2.3', '1.2.3'],
    ['0.0.0', '0.0.0'],
    ['2147483647.2147483647.2147483647', '2147483647.2147483647.2147483647'],
    [' 10.20.30 ', '10.20.30'],
  ])('accepts %j', (text, expected) => {
    expect(formatVersion(parseVersion(text))).toBe(expected);
  });

  it.each(['1.2', '1.2.3.4', 'v1.2.3', '1.2.x', '-1.2.3', '2147483648.0.0', '1..3', '', 'latest', '1.2.3-beta'])('rejects %j naming the input and the forms', (text) => {
    expect(() => parseVersion(text)).toThrow(ConfigurationError);
    expect(() => parseVersion(text)).toThrow(/Input 'version'.*three integers 0\.\.2147483647.*'auto', or 'date'/);
    expect(tryParseVersion(text)).toBeUndefined();
  });
});

describe('leading zeros', () => {
  it.each([
    ['01.2.3', '1.2.3'],
    ['1.02.3', '1.2.3'],
    ['1.2.007', '1.2.7'],
  ])('refuses %j naming the input and the spelling Azure would use', (text, azureName) => {
    expect(() => parseVersion(text)).toThrow(ConfigurationError);
    expect(() => parseVersion(text)).toThrow(new RegExp(`Input 'version' is '${text.replace(/\./g, '\\.')}', which has a leading zero.*'${azureName.replace(/\./g, '\\.')}'`));
  });
});

describe('ordering and bumping', () => {
  it('orders numerically, not lexically', () => {
    expect(compareVersions(parseVersion('1.10.0'), parseVersion('1.9.0'))).toBeGreaterThan(0);
    expect(formatVersion(highestVersion(['1.9.0', '1.10.0', 'not-a-version', '0.99.99'])!)).toBe('1.10.0');
    expect(highestVersion(['x', 'y'])).toBeUndefined();
  });

  it.each([
    // The first auto version is 1.0.0 whatever the bump (docs/steps/publish.md); later ones bump from the highest.
    [undefined, 'patch', '1.0.0'],
    [undefined, 'minor', '1.0.0'],
    [undefined, 'major', '1.0.0'],
    ['1.4.2', 'patch', '1.4.3'],
    ['1.4.2', 'minor', '1.5.0'],
    ['1.4.2', 'major', '2.0.0'],
  ] as const)('bumps %s by %s to %s', (current, bump, expected) => {
    expect(formatVersion(bumpVersion(current ? parseVersion(current) : undefined, bump))).toBe(expected);
  });

  it('refuses to overflow a part', () => {
    expect(() => bumpVersion(parseVersion('1.2.2147483647'), 'patch')).toThrow(/exceed 2147483647/);
  });
});

describe('date scheme', () => {
  it.each([
    ['2026-01-05T23:59:00Z', 7, '2026.105.7'],
    ['2026-11-26T10:00:00Z', 1234, '2026.1126.1234'],
    ['2026-12-31T00:00:00Z', 0, '2026.1231.0'],
  ])('%s run %i -> %s (UTC)', (iso, run, expected) => {
    expect(formatVersion(dateVersion(new Date(iso), run))).toBe(expected);
  });

  it('needs a run number', () => {
    expect(() => dateVersion(new Date(), undefined)).toThrow(/'date', which needs the CI run number.*explicit version/);
  });
});

describe('version requests', () => {
  it.each([
    ['auto', undefined, { kind: 'auto', bump: 'patch' }],
    ['AUTO', 'minor', { kind: 'auto', bump: 'minor' }],
    ['date', undefined, { kind: 'date' }],
    ['1.2.3', undefined, { kind: 'explicit', version: { major: 1, minor: 2, patch: 3 } }],
  ])('%s (bump %s)', (version, bump, expected) => {
    expect(parseVersionRequest(version, bump)).toEqual(expected);
  });

  it('rejects junk bump values and bump with a fixed version', () => {
    expect(() => parseVersionRequest('auto', 'huge')).toThrow(/Input 'bump' is 'huge'/);
    expect(() => parseVersionRequest('1.2.3', 'major')).toThrow(/only applies to 'version: auto'/);
  });

  it('picks the next patch above the highest existing version for auto', () => {
    const now = new Date('2026-03-04T00:00:00Z');
    expect(formatVersion(candidateVersion({ kind: 'auto', bump: 'patch' }, ['1.0.0', '1.2.9', '1.2.10'], now, undefined))).toBe('1.2.11');
    expect(formatVersion(candidateVersion({ kind: 'auto', bump: 'major' }, ['1.2.10'], now, undefined))).toBe('2.0.0');
    expect(formatVersion(candidateVersion({ kind: 'date' }, [], now, 42))).toBe('2026.304.42');
  });
});

describe('first auto version', () => {
  it('is 1.0.0 by default, first-version when given, and ignored once versions exist', async () => {
    const { candidateVersion, parseVersionRequest } = await import('../../../src/core/versioning/version-request.js');
    const { formatVersion: fmt } = await import('../../../src/core/versioning/gallery-version.js');
    const now = new Date();
    expect(fmt(candidateVersion(parseVersionRequest('auto', undefined), [], now, undefined))).toBe('1.0.0');
    expect(fmt(candidateVersion(parseVersionRequest('auto', undefined, '0.1.0'), [], now, undefined))).toBe('0.1.0');
    expect(fmt(candidateVersion(parseVersionRequest('auto', undefined, '0.1.0'), ['2.3.4'], now, undefined))).toBe('2.3.5');
    expect(() => parseVersionRequest('1.2.3', undefined, '1.0.0')).toThrow("'first-version' only applies to 'version: auto'");
    expect(() => parseVersionRequest('auto', undefined, 'one')).toThrow("Input 'first-version'");
  });
});
