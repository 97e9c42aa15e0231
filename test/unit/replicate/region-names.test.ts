import { describe, expect, it } from 'vitest';
import { canonicalRegions, locationCatalog } from '../../../src/core/replication/region-names.js';

const catalog = locationCatalog([
  { name: 'westeurope', displayName: 'West Europe' },
  { name: 'westus', displayName: 'West US' },
  { name: 'eastus2', displayName: 'East US 2' },
  { name: 'uksouth', displayName: 'UK South' },
]);

describe('region names', () => {
  it('accepts programmatic and display names, case-insensitively', () => {
    expect(canonicalRegions(['West Europe', 'EAST US 2', 'westus'], catalog, 'sub')).toEqual(['westeurope', 'eastus2', 'westus']);
    expect(catalog.canonical('UK South')).toBe('uksouth');
  });

  it('a typo gets "did you mean", every bad name is listed at once', () => {
    expect(() => canonicalRegions(['westeurpe', 'uksouth', 'marsnorth'], catalog, 'sub-1')).toThrow(
      /subscription sub-1 does not offer: westeurpe: did you mean westeurope\?; marsnorth: not a location of this subscription\..*Nothing was changed/,
    );
  });

  it('a region listed twice (in two spellings) is an error', () => {
    expect(() => canonicalRegions(['westeurope', 'West Europe'], catalog, 'sub')).toThrow(/lists westeurope more than once/);
  });
});
