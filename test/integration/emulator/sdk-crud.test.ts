/** The real @azure/arm-compute and @azure/arm-resources clients do CRUD through the emulator over HTTPS. */
import { describe, expect, it } from 'vitest';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { computeClient, emulatorCredential, useEmulator } from '../../helpers/emulator.js';

const emu = useEmulator();
const rg = 'rg-crud';

function resources() {
  const e = emu.current;
  return new ResourceManagementClient(emulatorCredential(e), e.subscriptionId, {
    endpoint: e.armEndpoint,
    credentialScopes: [`${e.armAudience}.default`],
  });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('SDK CRUD against the emulator', () => {
  it('creates, reads and lists a resource group with @azure/arm-resources', async () => {
    const client = resources();
    const created = await client.resourceGroups.createOrUpdate(rg, { location: 'westeurope', tags: { team: 'images' } });
    expect(created.name).toBe(rg);
    expect(created.properties?.provisioningState).toBe('Succeeded');
    expect((await client.resourceGroups.checkExistence(rg)).body).toBe(true);
    expect((await client.resourceGroups.checkExistence('nope')).body).toBe(false);
    const all = await collect(client.resourceGroups.list());
    expect(all.map((g) => g.name)).toContain(rg);
  });

  it('lists subscription locations with @azure/arm-resources-subscriptions', async () => {
    const e = emu.current;
    const client = new SubscriptionClient(emulatorCredential(e), { endpoint: e.armEndpoint, credentialScopes: [`${e.armAudience}.default`] });
    const locations = await collect(client.subscriptions.listLocations(e.subscriptionId));
    const we = locations.find((l) => l.name === 'westeurope');
    expect(we?.displayName).toBe('West Europe');
    expect(we?.metadata?.pairedRegion?.[0]?.name).toBe('northeurope');
  });

  it('does gallery, definition, managed image and version CRUD with ComputeManagementClient', async () => {
    const c = computeClient(emu.current);
    const gallery = await c.galleries.createOrUpdate(rg, 'gal1', { location: 'westeurope', description: 'test' });
    expect(gallery.provisioningState).toBe('Succeeded');
    expect(gallery.identifier?.uniqueName).toBe(`${emu.current.subscriptionId}-GAL1`);

    const def = await c.galleryImages.createOrUpdate(rg, 'gal1', 'ubuntu', {
      location: 'westeurope',
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
      identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '24_04' },
    });
    expect(def.provisioningState).toBe('Succeeded');
    expect(def.architecture).toBe('x64');

    const image = await c.images.createOrUpdate(rg, 'img1', {
      location: 'westeurope',
      hyperVGeneration: 'V2',
      storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://sa.blob.core.windows.net/vhds/os.vhd', diskSizeGB: 64 } },
    });
    expect(image.provisioningState).toBe('Succeeded');

    const version = await c.galleryImageVersions.createOrUpdate(rg, 'gal1', 'ubuntu', '1.0.0', {
      location: 'westeurope',
      storageProfile: { source: { id: image.id! } },
      publishingProfile: { targetRegions: [{ name: 'westeurope' }, { name: 'North Europe', regionalReplicaCount: 2 }] },
    });
    expect(version.provisioningState).toBe('Succeeded');
    expect(version.storageProfile?.osDiskImage?.sizeInGB).toBe(64);
    expect(version.publishingProfile?.publishedDate).toBeInstanceOf(Date);

    const got = await c.galleryImageVersions.get(rg, 'gal1', 'ubuntu', '1.0.0', { expand: 'ReplicationStatus' });
    expect(got.replicationStatus?.aggregatedState).toBe('Completed');
    expect(got.replicationStatus?.summary?.map((s) => s.region).sort()).toEqual(['North Europe', 'West Europe']);

    const updated = await c.galleryImageVersions.update(rg, 'gal1', 'ubuntu', '1.0.0', { tags: { ring: '1' } });
    expect(updated.tags).toEqual({ ring: '1' });

    expect((await collect(c.galleryImageVersions.listByGalleryImage(rg, 'gal1', 'ubuntu'))).map((v) => v.name)).toEqual(['1.0.0']);
    expect((await collect(c.galleryImages.listByGallery(rg, 'gal1'))).map((v) => v.name)).toEqual(['ubuntu']);
    expect((await collect(c.galleries.listByResourceGroup(rg))).map((v) => v.name)).toEqual(['gal1']);
    expect((await collect(c.galleries.list())).map((v) => v.name)).toEqual(['gal1']);

    await c.galleryImageVersions.delete(rg, 'gal1', 'ubuntu', '1.0.0');
    await c.galleryImages.delete(rg, 'gal1', 'ubuntu');
    await c.galleries.delete(rg, 'gal1');
    await c.images.delete(rg, 'img1');
    expect(await collect(c.galleries.list())).toEqual([]);
  });

  it('lists SKUs filtered by location', async () => {
    const c = computeClient(emu.current);
    const skus = await collect(c.resourceSkus.list({ filter: "location eq 'westeurope'" }));
    expect(skus.length).toBeGreaterThan(5);
    expect(skus.every((s) => s.locations?.[0] === 'westeurope')).toBe(true);
    const d4 = skus.find((s) => s.name === 'Standard_D4ds_v5');
    const cap = (n: string) => d4?.capabilities?.find((x) => x.name === n)?.value;
    expect(cap('vCPUs')).toBe('4');
    expect(cap('EphemeralOSDiskSupported')).toBe('True');
  });
});

describe('SDK CRUD on sources and updates', () => {
  it('creates disks and snapshots, builds a version from a snapshot, and PATCHes gallery and definition', async () => {
    const c = computeClient(emu.current);
    await c.galleries.createOrUpdate(rg, 'gal2', { location: 'eastus' });
    const patched = await c.galleries.update(rg, 'gal2', { description: 'patched', tags: { a: 'b' } });
    expect(patched.description).toBe('patched');
    expect(patched.tags).toEqual({ a: 'b' });

    await c.galleryImages.createOrUpdate(rg, 'gal2', 'win', {
      location: 'eastus', osType: 'Windows', osState: 'Generalized', identifier: { publisher: 'p', offer: 'o', sku: 's' },
    });
    const def = await c.galleryImages.update(rg, 'gal2', 'win', { osType: 'Windows', osState: 'Generalized', identifier: { publisher: 'p', offer: 'o', sku: 's' }, description: 'Windows base' });
    expect(def.description).toBe('Windows base');

    const disk = await c.disks.createOrUpdate(rg, 'os-disk', { location: 'eastus', creationData: { createOption: 'Empty' }, diskSizeGB: 127, osType: 'Windows' });
    expect(disk.diskSizeGB).toBe(127);
    const snapshot = await c.snapshots.createOrUpdate(rg, 'os-snap', { location: 'eastus', creationData: { createOption: 'Copy', sourceResourceId: disk.id! }, diskSizeGB: 127 });
    expect(snapshot.provisioningState).toBe('Succeeded');

    const version = await c.galleryImageVersions.createOrUpdate(rg, 'gal2', 'win', '0.1.0', {
      location: 'eastus',
      storageProfile: { osDiskImage: { source: { id: snapshot.id! } } },
      publishingProfile: { replicationMode: 'Shallow' },
    });
    expect(version.storageProfile?.osDiskImage?.sizeInGB).toBe(127);
    expect(version.publishingProfile?.targetRegions?.map((t) => t.name)).toEqual(['East US']);

    await c.galleryImageVersions.delete(rg, 'gal2', 'win', '0.1.0');
    await c.snapshots.delete(rg, 'os-snap');
    await c.disks.delete(rg, 'os-disk');
    await expect(c.disks.get(rg, 'os-disk')).rejects.toMatchObject({ statusCode: 404 });
  });
});
