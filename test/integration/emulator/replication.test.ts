/** Per-region replication: parallel regions, replica-scaled durations, Shallow mode, injected failure and repair. */
import { beforeAll, describe, expect, it } from 'vitest';
import { armFetch, computeClient, useEmulator } from '../../helpers/emulator.js';

const emu = useEmulator({ clockSpeed: 0, timing: { lroDurationMs: 100, retryAfterSeconds: 1, replicationMsPerReplica: 1000 } });
const gv = '?api-version=2025-12-03';
const rg = () => `/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-rep`;
const def = () => `${rg()}/providers/Microsoft.Compute/galleries/gal/images/def`;
const snapshot = () => `${rg()}/providers/Microsoft.Compute/snapshots/os`;
const twentyRegions = [
  'westeurope', 'northeurope', 'eastus', 'eastus2', 'westus2', 'westus3', 'centralus', 'southcentralus', 'uksouth', 'francecentral',
  'germanywestcentral', 'swedencentral', 'norwayeast', 'switzerlandnorth', 'japaneast', 'koreacentral', 'australiaeast', 'southeastasia', 'canadacentral', 'brazilsouth',
];

beforeAll(async () => {
  const e = emu.current;
  await armFetch(e, 'PUT', `${rg()}?api-version=2025-04-01`, { location: 'westeurope' });
  await armFetch(e, 'PUT', `${rg()}/providers/Microsoft.Compute/galleries/gal${gv}`, { location: 'westeurope' });
  await armFetch(e, 'PUT', `${def()}${gv}`, { location: 'westeurope', properties: { osType: 'Linux', osState: 'Generalized', identifier: { publisher: 'p', offer: 'o', sku: 's' } } });
  await armFetch(e, 'PUT', `${snapshot()}?api-version=2026-03-02`, { location: 'westeurope', properties: { creationData: { createOption: 'Empty' } } });
  e.clock.advance(1000);
});

function versionBody(regions: { name: string; regionalReplicaCount?: number }[], mode?: 'Full' | 'Shallow') {
  return {
    location: 'westeurope',
    properties: {
      storageProfile: { osDiskImage: { source: { id: snapshot() } } },
      publishingProfile: { targetRegions: regions, ...(mode ? { replicationMode: mode } : {}) },
    },
  };
}

async function status(version: string) {
  const res = await armFetch(emu.current, 'GET', `${def()}/versions/${version}${gv}&$expand=ReplicationStatus`);
  expect(res.status).toBe(200);
  return res.body.properties.replicationStatus as { aggregatedState: string; summary: { region: string; state: string; details: string; progress: number }[] };
}

describe('replication', () => {
  it('replicates 20 regions in parallel: total emulated time is the slowest region, not the sum', async () => {
    const e = emu.current;
    // Replica counts 1..3: the slowest regions take 3 x 1000 ms.
    const regions = twentyRegions.map((name, i) => ({ name, regionalReplicaCount: (i % 3) + 1 }));
    const put = await armFetch(e, 'PUT', `${def()}/versions/1.0.0${gv}`, versionBody(regions));
    expect(put.status).toBe(201);
    const start = e.clock.now();
    expect((await status('1.0.0')).aggregatedState).toBe('InProgress');

    e.clock.advance(1500);
    const mid = await status('1.0.0');
    expect(mid.aggregatedState).toBe('InProgress');
    expect(mid.summary).toHaveLength(20);
    expect(mid.summary.find((s) => s.region === 'West Europe')).toMatchObject({ state: 'Completed', progress: 100 });
    expect(mid.summary.find((s) => s.region === 'North Europe')).toMatchObject({ state: 'Replicating', progress: 70 });
    expect(mid.summary.find((s) => s.region === 'East US')).toMatchObject({ state: 'Replicating', progress: 50 });

    e.clock.advance(1499);
    expect((await status('1.0.0')).aggregatedState).toBe('InProgress');
    e.clock.advance(1);
    const done = await status('1.0.0');
    expect(done.aggregatedState).toBe('Completed');
    expect(done.summary.every((s) => s.state === 'Completed' && s.progress === 100)).toBe(true);
    expect(e.clock.now() - start).toBe(3000);
    const v = await armFetch(e, 'GET', `${def()}/versions/1.0.0${gv}`);
    expect(v.body.properties.provisioningState).toBe('Succeeded');
    expect(v.body.properties.replicationStatus).toBeUndefined();
  });

  it('Shallow replication is ten times faster than Full', async () => {
    const e = emu.current;
    await armFetch(e, 'PUT', `${def()}/versions/1.1.0${gv}`, versionBody([{ name: 'westeurope', regionalReplicaCount: 2 }], 'Shallow'));
    e.clock.advance(199);
    expect((await status('1.1.0')).aggregatedState).toBe('InProgress');
    e.clock.advance(1);
    expect((await status('1.1.0')).aggregatedState).toBe('Completed');
  });

  it('an injected region failure fails the version; resubmitting repairs only that region', async () => {
    const e = emu.current;
    e.faults.failReplication('North Europe', { details: 'Disk copy to northeurope failed.', count: 1 });
    const regions = [{ name: 'westeurope' }, { name: 'northeurope' }, { name: 'eastus' }];
    const c = computeClient(e);
    const poller = c.galleryImageVersions.createOrUpdate(
      'rg-rep', 'gal', 'def', '2.0.0',
      { location: 'westeurope', storageProfile: { osDiskImage: { source: { id: snapshot() } } }, publishingProfile: { targetRegions: regions } },
      { updateIntervalInMs: 10 },
    );
    await poller.submitted();
    e.clock.advance(1000);
    await expect(poller.pollUntilDone()).rejects.toThrow(/ReplicationFailed.*northeurope/);
    const failed = await status('2.0.0');
    expect(failed.aggregatedState).toBe('Failed');
    expect(failed.summary.find((s) => s.region === 'North Europe')).toMatchObject({ state: 'Failed', details: 'Disk copy to northeurope failed.' });
    expect(failed.summary.find((s) => s.region === 'East US')).toMatchObject({ state: 'Completed' });

    const patch = await armFetch(e, 'PATCH', `${def()}/versions/2.0.0${gv}`, { properties: { publishingProfile: { targetRegions: regions } } });
    expect(patch.status).toBe(200);
    const retrying = await status('2.0.0');
    expect(retrying.aggregatedState).toBe('InProgress');
    expect(retrying.summary.find((s) => s.region === 'East US')).toMatchObject({ state: 'Completed', progress: 100 });
    expect(retrying.summary.find((s) => s.region === 'North Europe')).toMatchObject({ state: 'Replicating', progress: 0 });
    e.clock.advance(1000);
    expect((await status('2.0.0')).aggregatedState).toBe('Completed');
  });

  it('refuses to drop replicated regions when allowDeletionOfReplicatedLocations is false', async () => {
    const e = emu.current;
    const before = e.state.snapshot();
    const res = await armFetch(e, 'PATCH', `${def()}/versions/2.0.0${gv}`, {
      properties: { safetyProfile: { allowDeletionOfReplicatedLocations: false }, publishingProfile: { targetRegions: [{ name: 'westeurope' }] } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.target).toBe('galleryImageVersion.properties.safetyProfile.allowDeletionOfReplicatedLocations');
    expect(res.body.error.message).toContain('northeurope');
    expect(e.state.snapshot()).toEqual(before);
  });

  it('lists versions with nextLink paging', async () => {
    const e = emu.current;
    for (let i = 0; i < 52; i++) {
      const r = await armFetch(e, 'PUT', `${def()}/versions/9.0.${i}${gv}`, versionBody([{ name: 'westeurope' }]));
      expect(r.status).toBe(201);
    }
    const first = await armFetch(e, 'GET', `${def()}/versions${gv}`);
    expect(first.body.value).toHaveLength(50);
    expect(first.body.nextLink).toMatch(/api-version=2025-12-03/);
    const names: string[] = [];
    for await (const v of computeClient(e).galleryImageVersions.listByGalleryImage('rg-rep', 'gal', 'def')) names.push(v.name!);
    expect(names).toHaveLength(55);
    expect(new Set(names).size).toBe(55);
  });
});
