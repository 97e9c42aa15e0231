/** Replicate through the real SDK against the emulator: one update, parallel regions, region checks, modes. */
import { describe, expect, it } from 'vitest';
import { ImagePublishError } from '../../../src/core/errors.js';
import { replicateImage } from '../../../src/core/replication/replicate-image.js';
import { replicateStep } from '../../../src/steps/replicate.js';
import { POLL_MS, REPLICA_MS, useReplicateEmulator, writes } from './replicate-fixture.js';

const fx = useReplicateEmulator();

const twenty = [
  'westeurope', 'northeurope', 'eastus', 'eastus2', 'westus2', 'westus3', 'centralus', 'southcentralus', 'uksouth', 'francecentral',
  'germanywestcentral', 'swedencentral', 'norwayeast', 'switzerlandnorth', 'japaneast', 'koreacentral', 'australiaeast', 'southeastasia', 'canadacentral', 'brazilsouth',
];

async function rejection(promise: Promise<unknown>): Promise<ImagePublishError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ImagePublishError);
  return err as ImagePublishError;
}

describe('replicate', () => {
  it('replicates 20 regions with one update; the emulated total is the slowest region, not the sum', async () => {
    const id = await fx.publish('1.0.0');
    const from = fx.log().length;
    const ctx = fx.ctx();
    // Replica counts 1..3: the slowest regions take 3 replica-times, the sum would be 39.
    const regions = twenty.map((name, i) => ({ name, replicas: (i % 3) + 1 }));
    const result = await replicateStep.run(fx.inputs({ 'image-version-id': id, regions: JSON.stringify(regions) }), ctx);

    expect(result.outputs['aggregated-state']).toBe('Completed');
    expect(result.outputs['replicated-regions'].split(',').sort()).toEqual([...twenty].sort());
    expect(result.outputs['failed-regions']).toBe('');
    const rows = JSON.parse(result.outputs.regions) as { region: string; replicas: number; state: string; progress: number }[];
    expect(rows).toHaveLength(20);
    expect(rows.find((r) => r.region === 'eastus')).toMatchObject({ replicas: 3, state: 'Completed', progress: 100 });

    const log = fx.log(from);
    const updates = writes(log);
    const patchAt = updates[0]!.emulatedTime;
    const polls = log.filter((e) => e.method === 'GET' && e.path.endsWith('/versions/1.0.0') && e.emulatedTime > patchAt);
    expect(updates.map((e) => e.method)).toEqual(['PATCH']);
    // Progress comes from ReplicationStatus alone: the update's LRO status document is never polled.
    expect(log.filter((e) => e.path.includes('/capsOperations/'))).toEqual([]);
    // Every ARM request: the plan read, the location list, the update, then status polls only.
    expect(log.filter((e) => e.route === 'arm').length).toBe(3 + polls.length);
    const lastPoll = polls.at(-1)!;
    // Completed at the first poll after the slowest region's 3 replica-times: the slowest, plus at most one poll interval.
    const total = lastPoll.emulatedTime - patchAt;
    expect(total).toBeGreaterThanOrEqual(3 * REPLICA_MS);
    expect(total).toBeLessThan(3 * REPLICA_MS + POLL_MS);
    expect(total).toBeLessThan(regions.reduce((sum, r) => sum + r.replicas * REPLICA_MS, 0) / 10);
    // Steady cadence: consecutive polls are exactly one interval apart.
    for (let i = 1; i < polls.length; i++) expect(polls[i]!.emulatedTime - polls[i - 1]!.emulatedTime).toBe(POLL_MS);

    // No log flood: one line per poll at most, plus one per region completing, plus a handful.
    const infos = ctx.logger.messages('info');
    expect(infos.length).toBeLessThanOrEqual(polls.length + 20 + 6);
    expect(infos.some((m) => /replicating .*1\.0\.0: 20\/20 completed/.test(m))).toBe(true);
    expect(ctx.logger.openGroups).toEqual([]);
    expect(ctx.logger.text()).not.toContain(fx.emulator.defaultPrincipal.clientSecret);
    expect(result.summary?.sections[0]).toMatchObject({ kind: 'mermaid', heading: 'Replication per region' });
    expect((result.summary?.sections[0] as { source: string }).source).toMatch(/^flowchart LR\n {2}src\["[^"]+\/1\.0\.0"\]\n {2}src --> r0\[".*Completed, 1 replica/);
    expect(result.summary?.sections[1]).toMatchObject({ kind: 'table', columns: ['Region', 'Replicas', 'Storage', 'State', 'Progress', 'Duration'] });
  });

  it('a region typo changes nothing and suggests the right name', async () => {
    const id = await fx.publish('1.1.0');
    const before = fx.emulator.state.snapshot();
    const from = fx.log().length;
    const err = await rejection(replicateImage(fx.inputs({ 'image-version-id': id, regions: 'westeurope, westeurpe' }), fx.ctx()));
    expect(err.code).toBe('E_INPUT_INVALID');
    expect(err.message).toContain('westeurpe: did you mean westeurope?');
    expect(err.message).toContain('Nothing was changed');
    expect(writes(fx.log(from))).toEqual([]);
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });

  it("mode 'exact' without allowDeletionOfReplicatedLocations fails and changes nothing", async () => {
    const id = await fx.publish('1.2.0', ['westeurope', 'northeurope'], { allowDeletionOfReplicatedLocations: false });
    const before = fx.emulator.state.snapshot();
    const from = fx.log().length;
    const err = await rejection(replicateImage(fx.inputs({ 'image-version-id': id, regions: 'westeurope', mode: 'exact' }), fx.ctx()));
    expect(err.code).toBe('E_INPUT_INVALID');
    expect(err.message).toMatch(/would remove northeurope .*allowDeletionOfReplicatedLocations is false/);
    expect(writes(fx.log(from))).toEqual([]);
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });

  it("mode 'exact' with allowDeletionOfReplicatedLocations removes unlisted regions in one update", async () => {
    const id = await fx.publish('1.3.0', ['westeurope', 'northeurope', 'eastus'], { allowDeletionOfReplicatedLocations: true });
    const from = fx.log().length;
    const result = await replicateImage(fx.inputs({ 'image-version-id': id, regions: 'westeurope,uksouth', mode: 'exact' }), fx.ctx());
    expect(result.plan).toMatchObject({ added: ['uksouth'], removed: ['northeurope', 'eastus'] });
    expect(result.aggregatedState).toBe('Completed');
    expect(writes(fx.log(from)).map((e) => e.method)).toEqual(['PATCH']);
    const stored = fx.emulator.state.resource(id) as { properties: { publishingProfile: { targetRegions: { name: string }[] } } };
    expect(stored.properties.publishingProfile.targetRegions.map((t) => t.name)).toEqual(['West Europe', 'UK South']);
  });

  it("mode 'add' keeps current regions, and a re-run with nothing new sends no update", async () => {
    const id = await fx.publish('1.4.0', ['westeurope', 'northeurope']);
    const first = await replicateImage(fx.inputs({ 'image-version-id': id, regions: 'eastus' }), fx.ctx());
    expect(first.targets.map((t) => t.name)).toEqual(['westeurope', 'northeurope', 'eastus']);
    const from = fx.log().length;
    const again = await replicateImage(fx.inputs({ 'image-version-id': id, regions: 'eastus, West Europe' }), fx.ctx());
    expect(again.updates).toBe(0);
    expect(again.aggregatedState).toBe('Completed');
    expect(writes(fx.log(from))).toEqual([]);
  });

  it('wait: false returns right after the update with state InProgress', async () => {
    const id = await fx.publish('1.5.0');
    const from = fx.log().length;
    const result = await replicateStep.run(fx.inputs({ 'image-version-id': id, regions: 'eastus,uksouth', wait: false }), fx.ctx());
    expect(result.outputs['aggregated-state']).toBe('InProgress');
    const log = fx.log(from);
    const patch = writes(log);
    expect(patch.map((e) => e.method)).toEqual(['PATCH']);
    expect(log.filter((e) => e.emulatedTime > patch[0]!.emulatedTime || log.indexOf(e) > log.indexOf(patch[0]!))).toEqual([]);
  });

  it('a version that does not exist is E_NOT_FOUND, changing nothing', async () => {
    const before = fx.emulator.state.snapshot();
    const err = await rejection(replicateImage(fx.inputs({ 'image-version-id': fx.versionPath('9.9.9'), regions: 'westeurope' }), fx.ctx()));
    expect(err.code).toBe('E_NOT_FOUND');
    expect(err.message).toMatch(/9\.9\.9 does not exist.*publish it first/);
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });

  it('changing the storage type of a replicated region is refused before any change', async () => {
    const id = await fx.publish('1.6.0', ['westeurope', 'northeurope']);
    const before = fx.emulator.state.snapshot();
    const regions = JSON.stringify([{ name: 'northeurope', storageAccountType: 'Premium_LRS' }]);
    const err = await rejection(replicateImage(fx.inputs({ 'image-version-id': id, regions }), fx.ctx()));
    expect(err.message).toMatch(/northeurope: storageAccountType is Standard_LRS, requested Premium_LRS/);
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });
});
