import { describe, expect, it } from 'vitest';
import { detectSource, existingSourceIdentity, storageProfileFor } from '../../../src/core/gallery/image-source.js';
import { versionBody } from '../../../src/core/gallery/version-body.js';

const rg = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg';
const account = `${rg}/providers/Microsoft.Storage/storageAccounts/bakes`;

describe('detectSource', () => {
  it.each([
    [`${rg}/providers/Microsoft.Compute/images/img`, 'managed-image', { source: { id: `${rg}/providers/Microsoft.Compute/images/img` } }],
    [`${rg}/providers/microsoft.compute/snapshots/s1`, 'snapshot', { osDiskImage: { source: { id: `${rg}/providers/microsoft.compute/snapshots/s1` } } }],
    [`${rg}/providers/Microsoft.Compute/disks/d1`, 'disk', { osDiskImage: { source: { id: `${rg}/providers/Microsoft.Compute/disks/d1` } } }],
    [`${rg}/providers/Microsoft.Compute/virtualMachines/vm1`, 'virtual-machine', { source: { virtualMachineId: `${rg}/providers/Microsoft.Compute/virtualMachines/vm1` } }],
    [
      `${rg}/providers/Microsoft.Compute/galleries/g/images/i/versions/1.0.0`,
      'gallery-version',
      { source: { id: `${rg}/providers/Microsoft.Compute/galleries/g/images/i/versions/1.0.0` } },
    ],
  ])('%s is a %s', (id, kind, profile) => {
    const source = detectSource(id, undefined);
    expect(source.kind).toBe(kind);
    expect(storageProfileFor(source)).toEqual(profile);
    expect(existingSourceIdentity(storageProfileFor(source))).toBe(id);
  });

  it('takes a VHD with its storage account', () => {
    const source = detectSource('https://bakes.blob.core.windows.net/vhds/os.vhd', account);
    expect(storageProfileFor(source)).toEqual({
      osDiskImage: { source: { uri: 'https://bakes.blob.core.windows.net/vhds/os.vhd', storageAccountId: account } },
    });
  });

  it.each([
    ['a storage account id as source', account, undefined, /not a supported image source/],
    ['a non-id', 'my-image', undefined, /not a supported image source/],
    ['a VM scale set', `${rg}/providers/Microsoft.Compute/virtualMachineScaleSets/ss`, undefined, /not a supported image source/],
    ['a VHD without account', 'https://bakes.blob.core.windows.net/vhds/os.vhd', undefined, /needs 'storage-account-id'/],
    ['a VHD with SAS', 'https://bakes.blob.core.windows.net/vhds/os.vhd?sv=2024&sig=abc', account, /query string \(a SAS token\?\)/],
    ['a non-vhd blob', 'https://bakes.blob.core.windows.net/vhds/os.img', account, /not a \.vhd blob/],
    ['a VHD in another account', 'https://other.blob.core.windows.net/vhds/os.vhd', account, /not in storage account 'bakes'/],
    ['a bad account id', 'https://bakes.blob.core.windows.net/vhds/os.vhd', `${rg}/providers/Microsoft.Compute/images/x`, /not a storage account resource id/],
  ])('refuses %s', (_name, value, storage, message) => {
    expect(() => detectSource(value, storage)).toThrow(message);
  });

  it('never echoes a SAS signature', () => {
    try {
      detectSource('https://bakes.blob.core.windows.net/vhds/os.vhd?sv=2024&sig=SECRETSIG', account);
      expect.unreachable();
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('SECRETSIG');
    }
  });
});

describe('versionBody', () => {
  it('puts the home region first, dedupes regions and defaults excludeFromLatest', () => {
    const body = versionBody(
      detectSource(`${rg}/providers/Microsoft.Compute/images/img`, undefined),
      {
        homeRegion: 'West Europe',
        regions: ['northeurope', 'westeurope', 'East US'],
        excludeFromLatest: true,
        replicaCount: 2,
        storageAccountType: 'Standard_ZRS',
        endOfLifeDate: new Date('2030-01-01T00:00:00Z'),
        blockDeletionBeforeEndOfLife: true,
      },
      { a: 'b' },
    );
    expect(body.location).toBe('westeurope');
    expect(body.publishingProfile?.targetRegions?.map((r) => r.name)).toEqual(['westeurope', 'northeurope', 'eastus']);
    expect(body.publishingProfile).toMatchObject({ excludeFromLatest: true, replicaCount: 2, storageAccountType: 'Standard_ZRS' });
    expect(body.publishingProfile?.targetRegions?.[0]).toMatchObject({ regionalReplicaCount: 2, excludeFromLatest: true });
    expect(body.safetyProfile).toEqual({ blockDeletionBeforeEndOfLife: true });
  });
});
