/**
 * pin-rollout onto AVD host pools against the emulator (real ARM calls over HTTPS, emulated time): users on a
 * pooled host pool are messaged and only logged off once their grace period has passed, a bad version fails the
 * health gate and is rolled back the same way, and a personal pool leaves hosts with a user on them alone.
 */
import { describe, expect, it } from 'vitest';
import { HostPoolClient } from '../../../src/core/rollout/host-pool-client.js';
import { HostPoolHealthError, rollbackHostPool, rolloutHostPool } from '../../../src/core/rollout/host-pool-rollout.js';
import { userSessionSchedule } from '../../../src/emulator/arm/desktop/simulated-users.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { RolloutFailure, runRollout } from '../../../src/core/rollout/run-rollout.js';
import { resolveRings } from '../../../src/core/rollout/rollout-inputs.js';
import { RolloutTagKeys } from '../../../src/core/rollout/rollout-tags.js';
import { createGallery, emulatedClock, instanceVersions, rolloutInputs, seedScaleSets, type GalleryFixture } from '../rollout/rollout-fixture.js';
import { minute, options, seedPool, sessionSims, vmImage } from './host-pool-fixture.js';

const emu = useEmulator({ clockSpeed: 0, timing: { lroDurationMs: 0, retryAfterSeconds: 0, replicationMsPerReplica: 0 } });

describe('host pool rollout', () => {
  let g: GalleryFixture;

  it('drains a pooled pool in batches and logs nobody off before the grace period', async () => {
    g = await createGallery(emu.current, { resourceGroup: 'rg-img', image: 'knowledge', versions: ['1.0.0', '2.0.0', '6.6.6'] });
    const p = seedPool(emu.current, 'hp-pooled', 'Pooled', 4, g.versionId('1.0.0'));
    const start = emu.current.clock.now();
    // Two users per host, on for 5 to 40 minutes: some leave on their own within the grace, some do not.
    emu.current.state.seed(userSessionSchedule({ sessionHostIds: p.hostIds, usersPerHost: 2, startAt: start - 10 * minute, logOnSpreadMs: 5 * minute, minDurationMs: 15 * minute, maxDurationMs: 60 * minute, seed: 'pooled' }));
    emu.current.requestLog.clear();

    const outcome = await rolloutHostPool(options(emu.current, p.ref, g.versionId('2.0.0')));

    expect(outcome).toMatchObject({ hostPoolType: 'Pooled', hosts: 4, batches: 2, skipped: [] });
    expect(outcome.moved.sort()).toEqual(p.hostIds.map((h) => h.split('/').pop()).sort());
    expect(p.vmIds.map((id) => vmImage(emu.current, id))).toEqual(['2.0.0', '2.0.0', '2.0.0', '2.0.0']);
    const sims = sessionSims(emu.current, p.hostIds);
    expect(sims).toHaveLength(8);
    for (const s of sims) {
      // Every session was messaged, and none ended by a reimage under it.
      expect(s.endedBy).not.toBe('reimage');
      if (s.endedBy === 'logoff') {
        expect(s.messages?.length).toBe(1);
        expect((s.endedAt ?? 0) - (s.messages?.[0]?.at ?? 0)).toBeGreaterThanOrEqual(15 * minute);
      }
    }
    expect(outcome.loggedOff).toBe(sims.filter((s) => s.endedBy === 'logoff').length);
    // The schedule exercises both paths: users who left within the grace period, users logged off after it.
    expect(outcome.loggedOff).toBeGreaterThan(0);
    expect(sims.filter((s) => s.endedAt === undefined && (s.messages?.length ?? 0) === 1).length).toBeGreaterThan(0);
    // Reimages happen only after the log-offs of their host.
    const log = emu.current.requestLog.entries();
    const reimages = log.filter((l) => l.operationId === 'VirtualMachines_Reimage');
    expect(reimages).toHaveLength(4);
    const drains = log.filter((l) => l.operationId === 'SessionHosts_Update');
    expect(drains.length).toBe(8); // drain + re-enable per host
    const hosts = await new HostPoolClient(createTestStepContext(emu.current).azure.resources(), emu.current.armEndpoint).listSessionHosts(p.ref);
    expect(hosts.every((h) => h.allowNewSession && h.status === 'Available')).toBe(true);
    expect((emu.current.state.resource(`/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/hp-pooled`) as { tags?: Record<string, string> }).tags?.[RolloutTagKeys.lease] ?? '').toBe(''); // released
  });

  it('fails the health gate on an unhealthy version and rolls the pool back the same way', async () => {
    const p = seedPool(emu.current, 'hp-bad', 'Pooled', 4, g.versionId('1.0.0'));
    const poolId = `/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/hp-bad`;
    emu.current.state.seed([{ id: poolId, body: { ...(emu.current.state.resource(poolId) as object), simulation: { unhealthyImages: ['/versions/6.6.6'] } } }]);
    const o = options(emu.current, p.ref, g.versionId('6.6.6'), { maxUnavailablePercent: 25 });

    const err = await rolloutHostPool(o).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostPoolHealthError);
    expect((err as HostPoolHealthError).message).toMatch(/hp-bad: 1 of 4 session hosts unhealthy \(25%\) after batch 1\/4: hp-bad-0.contoso.example NeedsAssistance/);
    expect(p.vmIds.map((id) => vmImage(emu.current, id))).toEqual(['6.6.6', '1.0.0', '1.0.0', '1.0.0']);

    await rollbackHostPool(o, (err as HostPoolHealthError).outcome);
    expect(p.vmIds.map((id) => vmImage(emu.current, id))).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
    const hosts = await o.client.listSessionHosts(p.ref);
    expect(hosts.map((h) => [h.status, h.allowNewSession])).toEqual([['Available', true], ['Available', true], ['Available', true], ['Available', true]]);
  });

  it('leaves personal hosts with a user logged on alone unless forced', async () => {
    const p = seedPool(emu.current, 'hp-personal', 'Personal', 3, g.versionId('1.0.0'));
    const now = emu.current.clock.now();
    emu.current.state.seed([{ id: `${p.hostIds[1] ?? ''}/userSessions/1`, body: { properties: { userPrincipalName: 'owner1@contoso.example', applicationType: 'Desktop' }, simulation: { logOnAt: now - minute, logOffAt: now + 10 * 60 * minute } } }]);
    const o = options(emu.current, p.ref, g.versionId('2.0.0'), { maxUnavailablePercent: 100 });

    const planned = await rolloutHostPool({ ...o, plan: true });
    expect(planned.skipped).toEqual([{ host: 'hp-personal-1.contoso.example', reason: '1 active session(s); personal host (use force)' }]);
    expect(p.vmIds.map((id) => vmImage(emu.current, id))).toEqual(['1.0.0', '1.0.0', '1.0.0']);

    const outcome = await rolloutHostPool(o);
    expect(outcome.skipped.map((s) => s.host)).toEqual(['hp-personal-1.contoso.example']);
    expect(p.vmIds.map((id) => vmImage(emu.current, id))).toEqual(['2.0.0', '1.0.0', '2.0.0']);
    expect(sessionSims(emu.current, [p.hostIds[1] ?? ''])[0]).not.toHaveProperty('endedAt');
  });

  it('rolls a scale-set ring and a host-pool ring through pin-rollout, and rolls both back when the pool is unhealthy', async () => {
    const p = seedPool(emu.current, 'hp-ring', 'Pooled', 2, g.versionId('1.0.0'));
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'vmss-ring', capacity: 2 }]);
    const poolId = `/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/hp-ring`;
    emu.current.state.seed(userSessionSchedule({ sessionHostIds: p.hostIds, usersPerHost: 1, startAt: emu.current.clock.now() - minute, logOnSpreadMs: minute, minDurationMs: 60 * minute, maxDurationMs: 120 * minute, seed: 'ring' }));
    // The ring shape image.yaml and the rings input use, resolved by the step's own resolver.
    const rings = resolveRings({ rings: [
      { name: 'canary', scaleSets: [{ name: 'vmss-ring', resourceGroup: 'rg-apps' }], batchPercent: 50, bakeTime: '1m' },
      { name: 'vdi', hostPools: [poolId], maxUnavailablePercent: 50, gracePeriod: '20m', bakeTime: '5m' },
    ] }, undefined);
    const ctx = createTestStepContext(emu.current, { clock: emulatedClock(emu.current) });
    const deps = { compute: ctx.azure.compute(), logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, run: ctx.run, hostPools: new HostPoolClient(ctx.azure.resources(), ctx.azure.cloud.armEndpoint) };
    const base = rolloutInputs(emu.current, g, '2.0.0', []);
    const subscribed = rings.map((r) => ({ ...r, scaleSets: r.scaleSets.map((x) => ({ ...x, subscriptionId: emu.current.subscriptionId })) }));

    const planned = await runRollout({ ...base, rings: subscribed, plan: true }, deps);
    expect(planned.ringsCompleted).toBe(0);
    expect(ctx.logger.text()).toMatch(/plan: hp-ring batch 1\/2: drain, message users, wait up to 20 min/);
    expect(p.vmIds.map((id) => vmImage(emu.current, id))).toEqual(['1.0.0', '1.0.0']);

    const result = await runRollout({ ...base, rings: subscribed }, deps);
    expect(result.ringsCompleted).toBe(2);
    expect(instanceVersions(emu.current, 'vmss-ring')).toEqual(['2.0.0', '2.0.0']);
    expect(p.vmIds.map((id) => vmImage(emu.current, id))).toEqual(['2.0.0', '2.0.0']);
    for (const s of sessionSims(emu.current, p.hostIds)) {
      expect(s.endedBy).toBe('logoff');
      expect((s.endedAt ?? 0) - (s.messages?.[0]?.at ?? Infinity)).toBeGreaterThanOrEqual(20 * minute);
    }

    emu.current.state.seed([{ id: poolId, body: { ...(emu.current.state.resource(poolId) as object), simulation: { unhealthyImages: ['/versions/6.6.6'] } } }]);
    const err = await runRollout({ ...rolloutInputs(emu.current, g, '6.6.6', []), rings: subscribed }, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolloutFailure);
    expect((err as RolloutFailure).message).toMatch(/hp-ring: 1 of 2 session hosts unhealthy .*The ring's host pools were rolled back/);
    expect(p.vmIds.map((id) => vmImage(emu.current, id))).toEqual(['2.0.0', '2.0.0']);
    expect(instanceVersions(emu.current, 'vmss-ring')).toEqual(['2.0.0', '2.0.0']);
  });
});
