import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { locationCatalog } from '../../../src/core/replication/region-names.js';
import { type PlanRequest, planTargetRegions } from '../../../src/core/replication/target-regions.js';

const catalog = locationCatalog([
  { name: 'westeurope', displayName: 'West Europe' },
  { name: 'northeurope', displayName: 'North Europe' },
  { name: 'eastus', displayName: 'East US' },
  { name: 'uksouth', displayName: 'UK South' },
]);

function plan(over: Partial<PlanRequest>) {
  return planTargetRegions({
    current: [
      { name: 'West Europe', regionalReplicaCount: 1, storageAccountType: 'Standard_LRS' },
      { name: 'North Europe', regionalReplicaCount: 2, storageAccountType: 'Standard_ZRS' },
    ],
    requested: [],
    mode: 'add',
    homeRegion: 'westeurope',
    replicaCount: undefined,
    storageAccountType: undefined,
    allowDeletion: true,
    canonical: (n) => catalog.canonical(n) ?? n,
    label: 'g/i/1.0.0',
    ...over,
  });
}

describe('planTargetRegions', () => {
  it('add: keeps current regions as they are and appends new ones with the defaults', () => {
    const p = plan({ requested: [{ name: 'eastus' }], replicaCount: 3, storageAccountType: 'Premium_LRS' });
    expect(p.targetRegions).toEqual([
      { name: 'westeurope', regionalReplicaCount: 1, storageAccountType: 'Standard_LRS' },
      { name: 'northeurope', regionalReplicaCount: 2, storageAccountType: 'Standard_ZRS' },
      { name: 'eastus', regionalReplicaCount: 3, storageAccountType: 'Premium_LRS' },
    ]);
    expect(p).toMatchObject({ added: ['eastus'], changed: [], removed: [], needsUpdate: true });
  });

  it('listing only regions that already match needs no update', () => {
    const p = plan({ requested: [{ name: 'northeurope' }, { name: 'westeurope', replicas: 1 }] });
    expect(p.needsUpdate).toBe(false);
  });

  it('a different replica count for an existing region is an update of that region only', () => {
    const p = plan({ requested: [{ name: 'northeurope', replicas: 5 }] });
    expect(p).toMatchObject({ added: [], changed: ['northeurope'], needsUpdate: true });
    expect(p.targetRegions[1]).toMatchObject({ name: 'northeurope', regionalReplicaCount: 5, storageAccountType: 'Standard_ZRS' });
  });

  it('maps per-region encryption and excludeFromLatest to ARM shapes', () => {
    const des = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/diskEncryptionSets/des';
    const p = plan({
      requested: [{ name: 'eastus', excludeFromLatest: true, encryption: { osDiskEncryptionSetId: des, dataDisks: [{ lun: 0, diskEncryptionSetId: des }] } }],
    });
    expect(p.targetRegions[2]).toEqual({
      name: 'eastus',
      excludeFromLatest: true,
      encryption: { osDiskImage: { diskEncryptionSetId: des }, dataDiskImages: [{ lun: 0, diskEncryptionSetId: des }] },
    });
  });

  it('exact: removes unlisted regions when deletion is allowed', () => {
    const p = plan({ mode: 'exact', requested: [{ name: 'westeurope' }, { name: 'uksouth' }] });
    expect(p.targetRegions.map((t) => t.name)).toEqual(['westeurope', 'uksouth']);
    expect(p).toMatchObject({ added: ['uksouth'], removed: ['northeurope'], needsUpdate: true });
  });

  it.each([false, undefined])('exact: refuses to remove regions when allowDeletion is %s', (allowDeletion) => {
    expect(() => plan({ mode: 'exact', requested: [{ name: 'westeurope' }], allowDeletion })).toThrow(
      /Mode 'exact' would remove northeurope from g\/i\/1\.0\.0, but its safetyProfile\.allowDeletionOfReplicatedLocations is (false|not set)\..*Nothing was changed/,
    );
  });

  it('exact: refuses to remove the home region', () => {
    expect(() => plan({ mode: 'exact', requested: [{ name: 'northeurope' }] })).toThrow(/would remove westeurope, the home region/);
  });

  it('refuses storage type or encryption changes for replicated regions', () => {
    expect(() => plan({ requested: [{ name: 'northeurope', storageAccountType: 'Premium_LRS' }] })).toThrow(ConfigurationError);
    expect(() => plan({ requested: [{ name: 'northeurope', encryption: { osDiskEncryptionSetId: '/subscriptions/s/resourceGroups/r/providers/x/y/z' } }] })).toThrow(
      /northeurope: encryption differs/,
    );
  });

  it('the default storage type applies to new regions only, not to existing ones', () => {
    const p = plan({ requested: [{ name: 'northeurope' }], storageAccountType: 'Premium_LRS' });
    expect(p.needsUpdate).toBe(false);
  });
});
