/**
 * pin-rollout's explicit `rollback: true` on host pools (issue 19), against the emulator: after a rollout that
 * succeeded, a drain/reimage pool goes back to the images its VMs recorded, with users messaged and given their
 * grace period; a session-host-update pool has its configuration pointed back at the image kept past success and is
 * updated again; plan mode says so and changes nothing; a pool with nothing recorded is left alone with a warning.
 */
import { describe, expect, it } from 'vitest';
import { HostPoolClient } from '../../../src/core/rollout/host-pool-client.js';
import { hostPoolsOutput } from '../../../src/core/rollout/host-pool-summary.js';
import { resolveRings } from '../../../src/core/rollout/rollout-inputs.js';
import { RolloutTagKeys } from '../../../src/core/rollout/rollout-tags.js';
import { rolloutSummary } from '../../../src/core/rollout/rollout-summary.js';
import { runRollout } from '../../../src/core/rollout/run-rollout.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { armFetch, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { createGallery, emulatedClock, rolloutInputs } from '../rollout/rollout-fixture.js';
import { atReEnable, CrashingClient, expectNoEarlyLogOff, minute, preview, seedManagedPool, seedPool, sessionSims, usersOn, vmImage } from './host-pool-fixture.js';

const emu = useEmulator({ clockSpeed: 0, timing: { lroDurationMs: 0, retryAfterSeconds: 0, replicationMsPerReplica: 0 } });

// A fresh sign-in per run: the emulated hours of a rollout outlive one access token.
function depsFor(e: EmulatorHandle, client?: (base: ConstructorParameters<typeof HostPoolClient>) => HostPoolClient) {
  const ctx = createTestStepContext(e, { clock: emulatedClock(e) });
  const base: ConstructorParameters<typeof HostPoolClient> = [ctx.azure.resources(), ctx.azure.cloud.armEndpoint];
  return { compute: ctx.azure.compute(), logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, run: ctx.run, hostPools: client ? client(base) : new HostPoolClient(...base), text: () => ctx.logger.text() };
}

const tagsOf = (e: EmulatorHandle, id: string): Record<string, string> => (e.state.resource(id) as { tags?: Record<string, string> }).tags ?? {};
// ARM writes only (a sign-in is a POST too).
const writes = (e: EmulatorHandle) => e.requestLog.entries().filter((l) => l.method !== 'GET' && l.route !== 'identity');
const statuses = (out: string) => (JSON.parse(out) as { hostPool: string; status: string; updated: number }[]).map((x) => [x.hostPool, x.status, x.updated]);

/** A 4-host pooled pool (2 per batch) rolled out from 1.0.0 to 2.0.0 by a rollout that succeeded. */
async function rolledOutPool(e: EmulatorHandle, name: string, resourceGroup: string, gracePeriod: string) {
  const g = await createGallery(e, { resourceGroup, image: 'persona', versions: ['1.0.0', '2.0.0'] });
  const p = seedPool(e, name, 'Pooled', 4, g.versionId('1.0.0'));
  const poolId = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/${name}`;
  const rings = resolveRings({ rings: [{ name: 'vdi', hostPools: [poolId], maxUnavailablePercent: 50, gracePeriod, bakeTime: '1m' }] }, undefined);
  const inputs = { ...rolloutInputs(e, g, '2.0.0', []), rings };
  await runRollout(inputs, depsFor(e));
  return { p, poolId, inputs };
}

describe('explicit rollback of host pools', () => {
  it('plans, then drains and reimages a pool back to its recorded image, respecting the grace period of logged-on users', async () => {
    const e = emu.current;
    const { p, poolId, inputs } = await rolledOutPool(e, 'hp-back', 'rg-img', '10m');
    expect(p.vmIds.map((id) => vmImage(e, id))).toEqual(['2.0.0', '2.0.0', '2.0.0', '2.0.0']);

    usersOn(e, p, 'back');
    e.requestLog.clear();
    const planned = depsFor(e);
    const plan = await runRollout({ ...inputs, rollback: true, plan: true }, planned);
    expect(writes(e)).toEqual([]);
    expect(planned.text()).toMatch(/plan: hp-back batch 1\/2: drain, message users, wait up to 10 min, reimage hp-back-0\.contoso\.example, hp-back-1\.contoso\.example/);
    expect(statuses(hostPoolsOutput(plan))).toEqual([['hp-back', 'planned', 0]]);
    expect(p.vmIds.map((id) => vmImage(e, id))).toEqual(['2.0.0', '2.0.0', '2.0.0', '2.0.0']);

    const d = depsFor(e);
    const result = await runRollout({ ...inputs, rollback: true }, d);
    expect(p.vmIds.map((id) => vmImage(e, id))).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
    for (const id of p.vmIds) expect(tagsOf(e, id)[RolloutTagKeys.previous] ?? '').toBe('');
    expect(statuses(hostPoolsOutput(result))).toEqual([['hp-back', 'rolled-back', 4]]);
    expect(JSON.stringify(rolloutSummary(inputs, result))).toContain('rolled-back');
    // Users were messaged and waited for; nobody was logged off before the ring's 10-minute grace period.
    expect(sessionSims(e, p.hostIds).filter((s) => (s.messages?.length ?? 0) > 0).length).toBeGreaterThan(0);
    expectNoEarlyLogOff(e, p, 10 * minute);
    expect(result.hostPools?.[0]?.outcome.batches).toBe(2);
    const hosts = await d.hostPools.listSessionHosts(p.ref);
    expect(hosts.every((h) => h.allowNewSession && h.status === 'Available')).toBe(true);
    expect(tagsOf(e, poolId)[RolloutTagKeys.lease] ?? '').toBe('');

    // Run again: nothing is recorded any more, so nothing is drained or reimaged twice.
    e.requestLog.clear();
    const again = depsFor(e);
    const second = await runRollout({ ...inputs, rollback: true }, again);
    expect(writes(e).filter((l) => String(l.path).includes('hp-back'))).toEqual([]);
    expect(statuses(hostPoolsOutput(second))).toEqual([['hp-back', 'unchanged', 0]]);
    expect(again.text()).toContain('hp-back: no previous image recorded');
  });

  it('points a session-host-update pool back at the image kept past a successful rollout, and updates its hosts', async () => {
    const e = emu.current;
    const g = await createGallery(e, { resourceGroup: 'rg-img2', image: 'dev', versions: ['1.0.0', '2.0.0'] });
    const p = await seedManagedPool(e, 'hp-shu', 2, g.versionId('1.0.0'), { maxVmsRemoved: 1, logOffDelayMinutes: 15, logOffMessage: 'Restarting soon.' });
    const rings = resolveRings({ rings: [{ name: 'vdi', hostPools: [p.id], bakeTime: '1m' }] }, undefined);
    const inputs = { ...rolloutInputs(e, g, '2.0.0', []), rings };
    await runRollout(inputs, depsFor(e));
    const configImage = async () => String((await armFetch(e, 'GET', `${p.id}/sessionHostConfigurations/default?${preview}`)).body.properties.imageInfo.customInfo.resourceId).split('/').pop();
    expect(await configImage()).toBe('2.0.0');
    // The rollout's in-flight record is gone; the one for an explicit rollback stays.
    expect(tagsOf(e, p.id)).not.toHaveProperty(RolloutTagKeys.previous);
    expect(tagsOf(e, p.id)[RolloutTagKeys.restore]).toBe(g.versionId('1.0.0'));

    e.requestLog.clear();
    const planned = depsFor(e);
    await runRollout({ ...inputs, rollback: true, plan: true }, planned);
    expect(writes(e)).toEqual([]);
    expect(planned.text()).toMatch(/plan: hp-shu: session host update: configuration image 2\.0\.0 -> 1\.0\.0/);

    const result = await runRollout({ ...inputs, rollback: true }, depsFor(e));
    expect(await configImage()).toBe('1.0.0');
    expect(p.vmIds.map((id) => vmImage(e, id))).toEqual(['1.0.0', '1.0.0']);
    expect(e.requestLog.entries().filter((l) => l.operationId === 'InitiateSessionHostUpdate_Post')).toHaveLength(1);
    expect(tagsOf(e, p.id)).not.toHaveProperty(RolloutTagKeys.restore);
    expect(statuses(hostPoolsOutput(result))).toEqual([['hp-shu', 'rolled-back', 2]]);
  });

  it('resumes after a crash in its last batch: the finished hosts are neither drained nor reimaged again', async () => {
    const e = emu.current;
    const { p, poolId, inputs } = await rolledOutPool(e, 'hp-crash', 'rg-img4', '5m');
    usersOn(e, p, 'crash');

    // The rollback's second (last) batch is reimaged, then the runner dies before re-enabling it.
    await expect(runRollout({ ...inputs, rollback: true }, depsFor(e, (base) => new CrashingClient(base, atReEnable(3))))).rejects.toThrow('the runner lost its connection');
    expect(p.vmIds.map((id) => vmImage(e, id))).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
    const d = depsFor(e);
    const halfDone = (await d.hostPools.listSessionHosts(p.ref)).filter((h) => !h.allowNewSession).map((h) => h.name);
    expect(halfDone).toHaveLength(2);

    e.requestLog.clear();
    const result = await runRollout({ ...inputs, rollback: true }, d);
    expect(e.requestLog.entries().filter((l) => l.operationId === 'VirtualMachines_Reimage' || l.operationId === 'VirtualMachines_Update')).toEqual([]);
    expect(result.hostPools?.[0]?.outcome.moved.sort()).toEqual(halfDone.sort());
    const hosts = await d.hostPools.listSessionHosts(p.ref);
    expect(hosts.every((h) => h.allowNewSession && h.status === 'Available')).toBe(true);
    expect(tagsOf(e, poolId)[RolloutTagKeys.lease] ?? '').toBe('');
    expectNoEarlyLogOff(e, p, 5 * minute);
  });

  it('leaves a pool with nothing recorded as it is, with a warning', async () => {
    const e = emu.current;
    const g = await createGallery(e, { resourceGroup: 'rg-img3', image: 'ctr', versions: ['1.0.0'] });
    const p = seedPool(e, 'hp-none', 'Pooled', 2, g.versionId('1.0.0'));
    const poolId = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/hp-none`;
    const rings = resolveRings({ rings: [{ name: 'vdi', hostPools: [poolId] }] }, undefined);
    e.requestLog.clear();
    const d = depsFor(e);
    const result = await runRollout({ ...rolloutInputs(e, g, '1.0.0', []), rings, rollback: true }, d);
    expect(d.text()).toContain('hp-none: no previous image recorded (no rollout moved it, or it was rolled back already); left as it is');
    expect(writes(e).filter((l) => String(l.path).includes('hp-none'))).toEqual([]);
    expect(statuses(hostPoolsOutput(result))).toEqual([['hp-none', 'unchanged', 0]]);
    expect(p.vmIds.map((id) => vmImage(e, id))).toEqual(['1.0.0', '1.0.0']);
  });
});
