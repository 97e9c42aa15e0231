import { describe, expect, it } from 'vitest';
import type { ImageConfig } from '../../../src/core/config/image-config.js';
import { resolveReplicateInputs } from '../../../src/core/replication/replicate-inputs.js';

const ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal/images/img/versions/1.2.3';

const config = {
  gallery: { name: 'gal', resourceGroup: 'rg' },
  definition: { name: 'img' },
  versioning: { version: '1.2.3', replicaCount: 2, storageAccountType: 'Standard_ZRS' },
  regions: ['westeurope', { name: 'eastus', replicas: 3, excludeFromLatest: true }],
  replication: { mode: 'exact', replicationMode: 'Shallow', retries: 4, timeoutMinutes: 30, wait: false },
} as unknown as ImageConfig;

describe('resolveReplicateInputs', () => {
  it('takes the version from image-version-id and regions as a name list', () => {
    const inputs = resolveReplicateInputs({ 'image-version-id': ID, regions: 'westeurope, eastus\nuksouth' }, undefined);
    expect(inputs.version).toEqual({ subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg', gallery: 'gal', image: 'img', version: '1.2.3' });
    expect(inputs.regions).toEqual([{ name: 'westeurope' }, { name: 'eastus' }, { name: 'uksouth' }]);
    expect(inputs).toMatchObject({ mode: 'add', retries: 2, wait: true, timeoutMs: 60 * 60_000, progressEveryMs: 15_000 });
  });

  it('falls back to image.yaml for the version, regions and replication settings', () => {
    const inputs = resolveReplicateInputs({}, config);
    expect(inputs.version).toMatchObject({ resourceGroup: 'rg', gallery: 'gal', image: 'img', version: '1.2.3', subscriptionId: undefined });
    expect(inputs.regions).toEqual([{ name: 'westeurope' }, { name: 'eastus', replicas: 3, excludeFromLatest: true }]);
    expect(inputs).toMatchObject({ mode: 'exact', replicationMode: 'Shallow', retries: 4, wait: false, timeoutMs: 30 * 60_000, replicaCount: 2, storageAccountType: 'Standard_ZRS' });
  });

  it('explicit inputs override image.yaml', () => {
    const inputs = resolveReplicateInputs({ mode: 'add', retries: 0, wait: true, 'timeout-minutes': 5, regions: 'uksouth' }, config);
    expect(inputs).toMatchObject({ mode: 'add', retries: 0, wait: true, timeoutMs: 5 * 60_000, regions: [{ name: 'uksouth' }] });
  });

  it('takes regions as the runtime parsed them (list-or-json), without parsing again', () => {
    const parsed = { 'image-version-id': ID, regions: [{ name: 'westeurope', replicas: 2 }, 'eastus'] };
    expect(resolveReplicateInputs(parsed, undefined).regions).toEqual([{ name: 'westeurope', replicas: 2 }, { name: 'eastus' }]);
    expect(() => resolveReplicateInputs({ ...parsed, regions: [{ name: 'westeurope', replicas: 0 }] }, undefined)).toThrow(/Input 'regions': 0\.replicas/);
  });

  it('accepts a JSON array of region objects and validates it like image.yaml', () => {
    const regions = JSON.stringify([{ name: 'westeurope', replicas: 2, storageAccountType: 'Premium_LRS' }]);
    expect(resolveReplicateInputs({ 'image-version-id': ID, regions }, undefined).regions).toEqual([
      { name: 'westeurope', replicas: 2, storageAccountType: 'Premium_LRS' },
    ]);
    expect(() => resolveReplicateInputs({ 'image-version-id': ID, regions: '[{"name":"westeurope","replicas":0}]' }, undefined)).toThrow(
      /Input 'regions': 0\.replicas: expected at least 1/,
    );
    expect(() => resolveReplicateInputs({ 'image-version-id': ID, regions: '[{"name":' }, undefined)).toThrow(/looks like JSON but does not parse/);
  });

  it.each([
    [{ 'image-version-id': '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal', regions: 'x' }, /not a gallery image version id/],
    [{ regions: 'westeurope' }, /Input 'resource-group' is required when 'image-version-id' is empty/],
    [{ 'image-version-id': ID }, /Input 'regions' is required/],
    [{ 'image-version-id': ID, regions: 'westeurope', mode: 'mirror' }, /Input 'mode' is 'mirror'; use one of 'add', 'exact'/],
    [{ 'image-version-id': ID, regions: 'westeurope', retries: 11 }, /Input 'retries' is '11'; give a whole number from 0 to 10/],
    [{ 'image-version-id': ID, regions: 'westeurope', wait: 'maybe' }, /Input 'wait' is 'maybe'; use true or false/],
  ])('rejects bad input %#', (parsed, message) => {
    expect(() => resolveReplicateInputs(parsed, undefined)).toThrow(message);
  });
});
