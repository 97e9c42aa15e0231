/**
 * Host pools in pin-rollout beyond one pool (issue 19): a run that crashes mid-batch resumes without draining or
 * reimaging finished hosts again; a failing host-pool ring rolls back the host pools of earlier rings too; and
 * the step's outputs and summary say per host pool what was updated, drained and waited for, batch by batch.
 */
import { describe, expect, it } from 'vitest';
import { HostPoolClient, type HostPoolRef } from '../../../src/core/rollout/host-pool-client.js';
import { rolloutHostPool } from '../../../src/core/rollout/host-pool-rollout.js';
import { hostPoolsOutput } from '../../../src/core/rollout/host-pool-summary.js';
import { resolveRings } from '../../../src/core/rollout/rollout-inputs.js';
import { RolloutTagKeys } from '../../../src/core/rollout/rollout-tags.js';
import { rolloutSummary } from '../../../src/core/rollout/rollout-summary.js';
import { RolloutFailure, runRollout } from '../../../src/core/rollout/run-rollout.js';
import { userSessionSchedule } from '../../../src/emulator/arm/desktop/simulated-users.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { createGallery, emulatedClock, instanceVersions, rolloutInputs, seedScaleSets } from '../rollout/rollout-fixture.js';
import { atReEnable, CrashingClient, expectNoEarlyLogOff, minute, options, seedPool, sessionSims, usersOn, vmImage, type PoolFixture } from './host-pool-fixture.js';

const emu = useEmulator({ clockSpeed: 0, timing: { lroDurationMs: 0, retryAfterSeconds: 0, replicationMsPerReplica: 0 } });

const hostName = (id: string): string => id.split('/').pop() ?? '';

describe('host-pool rollout resumes mid-batch', () => {
  it('after a crash between reimage and re-enable, a re-run finishes the batch and leaves finished hosts alone', async () => {
    const g = await createGallery(emu.current, { resourceGroup: 'rg-img', image: 'kw', versions: ['1.0.0', '2.0.0'] });
    const p = seedPool(emu.current, 'hp-resume', 'Pooled', 4, g.versionId('1.0.0'));
    usersOn(emu.current, p, 'resume');
    const o = options(emu.current, p.ref, g.versionId('2.0.0'));
    const ctx = createTestStepContext(emu.current);

    // Batch 1 (2 of 4 hosts at 50%) finishes; batch 2 is drained and reimaged, then the run dies.
    const crashing = new CrashingClient([ctx.azure.resources(), emu.current.armEndpoint], atReEnable(3));
    await expect(rolloutHostPool({ ...o, client: crashing })).rejects.toThrow('the runner lost its connection');
    const poolAfterCrash = emu.current.state.resource(`/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/hp-resume`) as { tags?: Record<string, string> };
    expect(poolAfterCrash.tags?.[RolloutTagKeys.lease]).toContain(o.owner);
    const afterCrash = await o.client.listSessionHosts(p.ref);
    const finished = afterCrash.filter((h) => h.allowNewSession).map((h) => h.name);
    const halfDone = afterCrash.filter((h) => !h.allowNewSession).map((h) => h.name);
    expect([finished.length, halfDone.length]).toEqual([2, 2]);
    expect(p.vmIds.map((id) => vmImage(emu.current, id))).toEqual(['2.0.0', '2.0.0', '2.0.0', '2.0.0']);

    emu.current.requestLog.clear();
    const outcome = await rolloutHostPool(o);

    // Only the half-done batch is touched: no session host update and no VM write for the finished hosts, no
    // second reimage for anyone, and the half-done hosts are back in rotation.
    const log = emu.current.requestLog.entries();
    const writes = log.filter((l) => l.method !== 'GET');
    for (const host of finished) expect(writes.filter((l) => decodeURIComponent(l.path).includes(host)), host).toEqual([]);
    expect(log.filter((l) => l.operationId === 'VirtualMachines_Reimage' || l.operationId === 'VirtualMachines_Update')).toEqual([]);
    expect(outcome.moved.sort()).toEqual([...halfDone].sort());
    expect(outcome.batchLog.map((b) => b.reimaged)).toEqual([0]);
    const hosts = await o.client.listSessionHosts(p.ref);
    expect(hosts.map((h) => [h.status, h.allowNewSession])).toEqual(p.hostIds.map(() => ['Available', true]));
    expectNoEarlyLogOff(emu.current, p, o.gracePeriodMs);
    const pool = emu.current.state.resource(`/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/hp-resume`) as { tags?: Record<string, string> };
    expect(pool.tags?.[RolloutTagKeys.lease] ?? '').toBe(''); // released
    expect(p.hostIds.map(hostName).sort()).toEqual([...finished, ...halfDone].sort());
  });
});

describe('host pools across rings', () => {
  it('reports each pool in outputs and summary, and a failing later ring rolls back earlier rings\' host pools and scale sets', async () => {
    const e = emu.current;
    const g = await createGallery(e, { resourceGroup: 'rg-img2', image: 'dev', versions: ['1.0.0', '2.0.0', '6.6.6'] });
    const pilot = seedPool(e, 'hp-pilot', 'Pooled', 2, g.versionId('1.0.0'));
    const broad = seedPool(e, 'hp-broad', 'Pooled', 2, g.versionId('1.0.0'));
    seedScaleSets(e, g.versionId('1.0.0'), [{ name: 'vmss-pilot', capacity: 2 }]);
    usersOn(e, pilot, 'pilot');
    usersOn(e, broad, 'broad');
    const poolId = (name: string) => `/subscriptions/${e.subscriptionId}/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/${name}`;
    const rings = resolveRings({ rings: [
      { name: 'pilot', scaleSets: [{ name: 'vmss-pilot', resourceGroup: 'rg-apps' }], hostPools: [poolId('hp-pilot')], batchPercent: 50, bakeTime: '1m', maxUnavailablePercent: 50, gracePeriod: '5m' },
      { name: 'broad', hostPools: [poolId('hp-broad')], maxUnavailablePercent: 50, gracePeriod: '5m', bakeTime: '1m' },
    ] }, undefined).map((r) => ({ ...r, scaleSets: r.scaleSets.map((x) => ({ ...x, subscriptionId: e.subscriptionId })) }));
    // A fresh sign-in per run: the emulated hours of a rollout outlive one access token, which the SDK's cache
    // renews on wall-clock time.
    const depsFor = () => {
      const ctx = createTestStepContext(e, { clock: emulatedClock(e) });
      return { compute: ctx.azure.compute(), logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, run: ctx.run, hostPools: new HostPoolClient(ctx.azure.resources(), ctx.azure.cloud.armEndpoint) };
    };

    const inputs = { ...rolloutInputs(e, g, '2.0.0', []), rings };
    const result = await runRollout(inputs, depsFor());
    const out = JSON.parse(hostPoolsOutput(result)) as { hostPool: string; ring: string; status: string; updated: number; drained: number; sessionsWaited: number; loggedOff: number; batches: number }[];
    expect(out.map((x) => [x.ring, x.hostPool, x.status, x.updated, x.drained, x.batches])).toEqual([['pilot', 'hp-pilot', 'rolled-out', 2, 2, 2], ['broad', 'hp-broad', 'rolled-out', 2, 2, 2]]);
    // Sessions waited for: every session that was still there when its host was drained, and so got the message.
    const messaged = (pool: PoolFixture) => sessionSims(e, pool.hostIds).filter((x) => (x.messages?.length ?? 0) > 0).length;
    expect(out.map((x) => x.sessionsWaited)).toEqual([messaged(pilot), messaged(broad)]);
    expect(messaged(pilot)).toBeGreaterThan(0);
    expect(out.reduce((n, x) => n + x.loggedOff, 0)).toBe([...sessionSims(e, pilot.hostIds), ...sessionSims(e, broad.hostIds)].filter((s) => s.endedBy === 'logoff').length);
    const summary = JSON.stringify(rolloutSummary(inputs, result));
    expect(summary).toContain('Ring pilot: host pools (max unavailable 50%, grace 5 min)');
    // The timeline has one entry per pool with its batches, next to the scale set's.
    const timeline = (rolloutSummary(inputs, result).sections.find((s) => s.kind === 'mermaid') as { source: string }).source;
    expect(timeline).toMatch(/section ring pilot.*\n.*vmss-pilot.*\n\s+hp-pilot : batch 1 1 host, users gone after \d+ min.*batch 2 .* rolled-out/);
    expect(timeline).toMatch(/section ring broad.*\n\s+hp-broad : batch 1 /);
    expectNoEarlyLogOff(e, pilot, 5 * minute);
    expectNoEarlyLogOff(e, broad, 5 * minute);

    // 6.6.6 makes hp-broad's hosts unhealthy: ring broad fails after ring pilot finished.
    e.state.seed([{ id: poolId('hp-broad'), body: { ...(e.state.resource(poolId('hp-broad')) as object), simulation: { unhealthyImages: ['/versions/6.6.6'] } } }]);
    usersOn(e, pilot, 'pilot-2');
    const bad = { ...rolloutInputs(e, g, '6.6.6', []), rings };
    const deps = depsFor();
    const err = await runRollout(bad, deps).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(RolloutFailure);
    expect((err as RolloutFailure).message).toContain('Rolled back 2 host pool(s): hp-pilot, hp-broad.');
    expect([...pilot.vmIds, ...broad.vmIds].map((id) => vmImage(e, id))).toEqual(['2.0.0', '2.0.0', '2.0.0', '2.0.0']);
    expect(instanceVersions(e, 'vmss-pilot')).toEqual(['2.0.0', '2.0.0']);
    const failed = (err as RolloutFailure).result;
    expect((failed.hostPools ?? []).map((r) => [r.ref.name, r.status, r.unhealthy])).toEqual([['hp-pilot', 'rolled-back', false], ['hp-broad', 'rolled-back', true]]);
    expect(JSON.stringify(rolloutSummary(bad, failed, (err as RolloutFailure).message))).toContain('unhealthy, rolled-back');
    // The rollback drained the pilot pool's users the same careful way.
    expectNoEarlyLogOff(e, pilot, 5 * minute);
    const hosts = await deps.hostPools.listSessionHosts(pilot.ref);
    expect(hosts.every((h) => h.allowNewSession && h.status === 'Available')).toBe(true);
  });
});

describe('host pools of rings an earlier run completed', () => {
  it('a resumed rollout that fails in a later ring rolls back the host pools the crashed run had moved', async () => {
    const e = emu.current;
    const g = await createGallery(e, { resourceGroup: 'rg-img3', image: 'ctr', versions: ['1.0.0', '6.6.6'] });
    const first = seedPool(e, 'hp-first', 'Pooled', 2, g.versionId('1.0.0'));
    const second = seedPool(e, 'hp-second', 'Pooled', 2, g.versionId('1.0.0'));
    const poolId = (name: string) => `/subscriptions/${e.subscriptionId}/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/${name}`;
    e.state.seed([{ id: poolId('hp-second'), body: { ...(e.state.resource(poolId('hp-second')) as object), simulation: { unhealthyImages: ['/versions/6.6.6'] } } }]);
    const rings = resolveRings({ rings: [
      { name: 'first', hostPools: [poolId('hp-first')], maxUnavailablePercent: 50, gracePeriod: '5m', bakeTime: '1m' },
      { name: 'second', hostPools: [poolId('hp-second')], maxUnavailablePercent: 50, gracePeriod: '5m', bakeTime: '1m' },
    ] }, undefined);
    const inputs = { ...rolloutInputs(e, g, '6.6.6', []), rings };
    const depsWith = (client?: (base: ConstructorParameters<typeof HostPoolClient>) => HostPoolClient) => {
      const ctx = createTestStepContext(e, { clock: emulatedClock(e) });
      const base: ConstructorParameters<typeof HostPoolClient> = [ctx.azure.resources(), ctx.azure.cloud.armEndpoint];
      return { compute: ctx.azure.compute(), logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, run: ctx.run, hostPools: client ? client(base) : new HostPoolClient(...base) };
    };

    // The first run finishes ring 'first', then dies as it starts draining the second ring's pool.
    await expect(runRollout(inputs, depsWith((base) => new CrashingClient(base, (pool, allow) => pool.name === 'hp-second' && !allow)))).rejects.toThrow('the runner lost its connection');
    expect(first.vmIds.map((id) => vmImage(e, id))).toEqual(['6.6.6', '6.6.6']);
    const vmTags = (id: string) => (e.state.resource(id) as { tags?: Record<string, string> }).tags ?? {};
    // What the crashed run leaves for the next one: each moved VM names the image it ran before.
    for (const id of first.vmIds) expect(vmTags(id)[RolloutTagKeys.previous]).toBe(g.versionId('1.0.0'));

    // The re-run skips ring 'first' as completed, fails ring 'second''s health gate, and rolls both pools back.
    const err = await runRollout(inputs, depsWith()).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(RolloutFailure);
    expect((err as RolloutFailure).message).toContain('Rolled back 2 host pool(s): hp-first, hp-second.');
    expect([...first.vmIds, ...second.vmIds].map((id) => vmImage(e, id))).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
    // The record of the previous image goes with the rollback.
    for (const id of first.vmIds) expect(vmTags(id)[RolloutTagKeys.previous] ?? '').toBe('');
  });
});
