/**
 * pin-rollout onto host pools that Azure manages through a session host configuration and management (session host
 * update), against the emulator: the configuration is pointed at the version and the service's update is started
 * and followed (plan mode shows it, users keep their log-off delay), an unhealthy pool has its update cancelled and
 * is rolled back by pointing the configuration at the previous image and updating again, a re-run after a crash
 * follows the running update instead of starting a second one, and Host Pool Contributor alone is enough.
 */
import { describe, expect, it } from 'vitest';
import { HostPoolClient, type HostPoolRef } from '../../../src/core/rollout/host-pool-client.js';
import { rolloutAnyHostPool } from '../../../src/core/rollout/host-pool-session-host-update.js';
import { resolveRings } from '../../../src/core/rollout/rollout-inputs.js';
import { RolloutFailure, runRollout, type RolloutDeps } from '../../../src/core/rollout/run-rollout.js';
import type { Ring } from '../../../src/core/rollout/rollout-types.js';
import { RolloutTagKeys } from '../../../src/core/rollout/rollout-tags.js';
import { userSessionSchedule } from '../../../src/emulator/arm/desktop/simulated-users.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { armFetch, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { createGallery, emulatedClock, rolloutInputs, type GalleryFixture } from '../rollout/rollout-fixture.js';
import { preview, seedManagedPool, type ManagedPool } from './host-pool-fixture.js';

const emu = useEmulator({ clockSpeed: 0, timing: { lroDurationMs: 0, retryAfterSeconds: 0, replicationMsPerReplica: 0 } });
const minute = 60_000;

const vmVersion = (e: EmulatorHandle, id: string): string => ((e.state.resource(id) as { properties: { storageProfile: { imageReference: { id: string } } } }).properties.storageProfile.imageReference.id.split('/').pop() ?? '');
const configVersion = async (e: EmulatorHandle, p: ManagedPool): Promise<string> => String((await armFetch(e, 'GET', `${p.id}/sessionHostConfigurations/default?${preview}`)).body.properties.imageInfo.customInfo.resourceId).split('/').pop() ?? '';
const poolTags = (e: EmulatorHandle, p: ManagedPool): Record<string, string> => (e.state.resource(p.id) as { tags?: Record<string, string> }).tags ?? {};
const calls = (e: EmulatorHandle, operationId: string): number => e.requestLog.entries().filter((l) => l.operationId === operationId).length;

interface SessionSim { endedAt?: number; endedBy?: string; messages?: { at: number; body: string }[] }
function sessionSims(e: EmulatorHandle, hostIds: string[]): SessionSim[] {
  return Object.values(e.state.snapshot() as Record<string, { id: string; body: { simulation?: SessionSim } }>)
    .filter((r) => hostIds.some((h) => r.id.toLowerCase().startsWith(`${h.toLowerCase()}/usersessions/`)))
    .map((r) => r.body.simulation as SessionSim);
}

function ring(p: ManagedPool, extra: Record<string, unknown> = {}): Ring[] {
  return resolveRings({ rings: [{ name: 'vdi', hostPools: [p.id], bakeTime: '5m', ...extra }] }, undefined);
}

function deps(e: EmulatorHandle, controller = new AbortController(), onSleep?: (ms: number) => void): RolloutDeps & { text: () => string } {
  const ctx = createTestStepContext(e, { clock: emulatedClock(e, onSleep) });
  return {
    compute: ctx.azure.compute(), logger: ctx.logger, clock: ctx.clock, signal: controller.signal, run: ctx.run,
    hostPools: new HostPoolClient(ctx.azure.resources(), ctx.azure.cloud.armEndpoint), text: () => ctx.logger.text(),
  };
}

describe('host pool rollout through session host update', () => {
  let g: GalleryFixture;

  it('plans, then points the configuration at the version and follows the update; users keep their log-off delay', async () => {
    const e = emu.current;
    g = await createGallery(e, { resourceGroup: 'rg-img', image: 'knowledge', versions: ['1.0.0', '2.0.0', '6.6.6'] });
    const p = await seedManagedPool(e, 'hp-managed', 4, g.versionId('1.0.0'), { maxVmsRemoved: 2, logOffDelayMinutes: 20, logOffMessage: 'Please save your work: this desktop restarts in 20 minutes.', deleteOriginalVm: true });
    e.state.seed(userSessionSchedule({ sessionHostIds: p.hostIds, usersPerHost: 2, startAt: e.clock.now() - 10 * minute, logOnSpreadMs: 5 * minute, minDurationMs: 15 * minute, maxDurationMs: 60 * minute, seed: 'managed' }));
    const d = deps(e);
    const inputs = { ...rolloutInputs(e, g, '2.0.0', []), rings: ring(p) };

    await runRollout({ ...inputs, plan: true }, d);
    expect(d.text()).toMatch(/plan: hp-managed: session host update: configuration image 1\.0\.0 -> 2\.0\.0; Azure updates 4 of 4 host\(s\), at most 2 at a time, messages users 'Please save your work[^']*' and logs them off after 20 min; original VMs deleted/);
    expect(await configVersion(e, p)).toBe('1.0.0');
    expect((await armFetch(e, 'GET', `${p.id}/sessionHostManagements/default/sessionHostUpdateStatuses/default?${preview}`)).status).toBe(404);

    e.requestLog.clear();
    const result = await runRollout(inputs, d);
    expect(result.ringsCompleted).toBe(1);
    expect(await configVersion(e, p)).toBe('2.0.0');
    expect(p.vmIds.map((id) => vmVersion(e, id))).toEqual(['2.0.0', '2.0.0', '2.0.0', '2.0.0']);
    expect(calls(e, 'InitiateSessionHostUpdate_Post')).toBe(1);
    // Azure moved the hosts; pin-rollout neither drained nor reimaged anything itself.
    expect(calls(e, 'VirtualMachines_Reimage') + calls(e, 'SessionHosts_Update') + calls(e, 'UserSessions_Delete')).toBe(0);
    expect(d.text()).toMatch(/hp-managed: session host update UpdatingSessionHosts: 0 of 4 host\(s\) updated, 2 in progress/);
    expect(d.text()).toMatch(/hp-managed: session host update Succeeded: 4 of 4 host\(s\) updated, 0 in progress/);
    const sims = sessionSims(e, p.hostIds);
    expect(sims).toHaveLength(8);
    for (const s of sims) {
      expect(s.endedBy).not.toBe('reimage');
      if (s.endedBy === 'logoff') expect((s.endedAt ?? 0) - (s.messages?.[0]?.at ?? Infinity)).toBeGreaterThanOrEqual(20 * minute);
    }
    // Both paths happen: users who left within the delay, users logged off once it ran out.
    expect(sims.filter((s) => s.endedBy === 'logoff').length).toBeGreaterThan(0);
    expect(sims.filter((s) => s.endedBy === undefined && s.messages?.length === 1).length).toBeGreaterThan(0);
    expect(poolTags(e, p)).not.toHaveProperty(RolloutTagKeys.lease);
    expect(poolTags(e, p)).not.toHaveProperty(RolloutTagKeys.previous);
  });

  it('cancels the update when an updated host is unhealthy and rolls the pool back through the configuration', async () => {
    const e = emu.current;
    const p = await seedManagedPool(e, 'hp-bad', 4, g.versionId('1.0.0'), { maxVmsRemoved: 1, logOffDelayMinutes: 30, logOffMessage: 'Restarting soon.' });
    e.state.seed([{ id: p.id, body: { ...(e.state.resource(p.id) as object), simulation: { unhealthyImages: ['/versions/6.6.6'] } } }]);
    // A user on the second host keeps the update waiting there while the first host comes back unhealthy.
    e.state.seed(userSessionSchedule({ sessionHostIds: [p.hostIds[1] ?? ''], usersPerHost: 1, startAt: e.clock.now() - minute, logOnSpreadMs: 1, minDurationMs: 240 * minute, maxDurationMs: 241 * minute, seed: 'bad' }));
    const d = deps(e);
    e.requestLog.clear();

    const err = await runRollout({ ...rolloutInputs(e, g, '6.6.6', []), rings: ring(p) }, d).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(RolloutFailure);
    expect((err as Error).message).toMatch(/hp-bad: 1 of 4 session hosts unhealthy \(25%\) during the session host update: hp-bad-0\.contoso\.example NeedsAssistance\. Cancelled the update; rolling back\..*The ring's host pools were rolled back/);
    expect(e.requestLog.entries().filter((l) => l.operationId === 'ControlSessionHostUpdate_Post')).toHaveLength(1);
    // Rolled back: the configuration is on 1.0.0 again and a second update moved every host back to it.
    expect(await configVersion(e, p)).toBe('1.0.0');
    expect(calls(e, 'InitiateSessionHostUpdate_Post')).toBe(2);
    expect(p.vmIds.map((id) => vmVersion(e, id))).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
    const hosts = (await armFetch(e, 'GET', `${p.id}/sessionHosts?${preview}`)).body.value as { properties: { status: string; allowNewSession: boolean } }[];
    expect(hosts.map((h) => [h.properties.status, h.properties.allowNewSession])).toEqual(Array(4).fill(['Available', true]));
    // The user on the second host was told the update was called off, and still had the full delay in the rollback.
    const [sim] = sessionSims(e, [p.hostIds[1] ?? '']);
    expect(sim?.messages?.map((m) => m.body)).toEqual(['Restarting soon.', 'The update of this desktop was called off. You can keep working.', 'Restarting soon.']);
    expect(sim?.endedBy).toBe('logoff');
    expect((sim?.endedAt ?? 0) - (sim?.messages?.[2]?.at ?? Infinity)).toBe(30 * minute);
    expect(poolTags(e, p)).not.toHaveProperty(RolloutTagKeys.previous);
  });

  it('after a crash, a re-run follows the running update instead of starting a second one', async () => {
    const e = emu.current;
    const p = await seedManagedPool(e, 'hp-resume', 3, g.versionId('1.0.0'), { maxVmsRemoved: 1, logOffDelayMinutes: 15 });
    e.state.seed(userSessionSchedule({ sessionHostIds: [p.hostIds[0] ?? ''], usersPerHost: 1, startAt: e.clock.now() - minute, logOnSpreadMs: 1, minDurationMs: 120 * minute, maxDurationMs: 121 * minute, seed: 'resume' }));
    const inputs = { ...rolloutInputs(e, g, '2.0.0', []), rings: ring(p) };
    const controller = new AbortController();
    let sleeps = 0;
    e.requestLog.clear();
    const crashed = await runRollout(inputs, deps(e, controller, () => {
      if (++sleeps === 2) controller.abort(new Error('the runner lost its connection'));
    })).catch((x: unknown) => x);
    expect(String(crashed)).toMatch(/lost its connection/);
    expect((await armFetch(e, 'GET', `${p.id}/sessionHostManagements/default/sessionHostUpdateStatuses/default?${preview}`)).body.status).toBe('UpdatingSessionHosts');
    expect(poolTags(e, p)[RolloutTagKeys.previous]).toBe(g.versionId('1.0.0'));

    const d = deps(e);
    const poolPatches = calls(e, 'HostPools_Update');
    // A 10-minute lease is shorter than what is left of the update (the user on the first host gets 15 minutes).
    const result = await runRollout({ ...inputs, leaseDurationMs: 10 * minute }, d);
    expect(result.ringsCompleted).toBe(1);
    // Lease taken, renewed at least twice while following, released.
    expect(calls(e, 'HostPools_Update') - poolPatches).toBeGreaterThanOrEqual(4);
    expect(d.text()).toMatch(/hp-resume: a session host update to 2\.0\.0 is already UpdatingSessionHosts \(started by an earlier run\); following it/);
    expect(calls(e, 'InitiateSessionHostUpdate_Post')).toBe(1);
    expect(p.vmIds.map((id) => vmVersion(e, id))).toEqual(['2.0.0', '2.0.0', '2.0.0']);
    const [sim] = sessionSims(e, [p.hostIds[0] ?? '']);
    expect((sim?.endedAt ?? 0) - (sim?.messages?.[0]?.at ?? Infinity)).toBe(15 * minute);

    // Someone else's update (back to 1.0.0, scheduled for tonight) is left alone: the rollout stops before any change.
    await armFetch(e, 'PATCH', `${p.id}/sessionHostConfigurations/default?${preview}`, { properties: { imageInfo: { type: 'Custom', customInfo: { resourceId: g.versionId('1.0.0') } } } });
    await armFetch(e, 'POST', `${p.id}/sessionHostManagements/default/initiateSessionHostUpdate?${preview}`, { scheduledDateTime: new Date(e.clock.now() + 8 * 60 * minute).toISOString() });
    const ofPool = () => Object.fromEntries(Object.entries(e.state.snapshot() as Record<string, unknown>).filter(([k]) => k.startsWith(p.id.toLowerCase())));
    const before = ofPool();
    const foreign = await runRollout(inputs, deps(e)).catch((x: unknown) => x);
    expect(String(foreign)).toMatch(/A session host update is Scheduled on host pool hp-resume for image 1\.0\.0, not 2\.0\.0\. Wait for it to end, or cancel it, then re-run\. Nothing was changed\./);
    expect(ofPool()).toEqual(before);
  });

  it('needs only Desktop Virtualization Host Pool Contributor on the pool; Desktop Virtualization Virtual Machine Contributor cannot drive the update', async () => {
    const e = emu.current;
    const p = await seedManagedPool(e, 'hp-rbac', 2, g.versionId('1.0.0'), { maxVmsRemoved: 2, logOffDelayMinutes: 5 });
    const run = async (role: 'Desktop Virtualization Host Pool Contributor' | 'Desktop Virtualization Virtual Machine Contributor' | 'Desktop Virtualization Reader', plan = false) => {
      const sp = e.identity.registerServicePrincipal({ displayName: `shu ${role}` });
      e.authz.assign(sp.objectId, role, p.id);
      const ctx = createTestStepContext(e, { clock: emulatedClock(e), principal: { clientId: sp.clientId, clientSecret: sp.clientSecret ?? '' } });
      return rolloutAnyHostPool({
        client: new HostPoolClient(ctx.azure.resources(), ctx.azure.cloud.armEndpoint), compute: ctx.azure.compute(), clock: ctx.clock, logger: ctx.logger, signal: ctx.signal,
        pool: p.ref, imageId: g.versionId('2.0.0'), owner: `rbac#${role}`, leaseDurationMs: 3_600_000, maxUnavailablePercent: 20, maxUnhealthyPercent: 0,
        gracePeriodMs: 5 * minute, bakeTimeMs: 0, pollIntervalMs: minute, deadline: e.clock.now() + 3_600_000, force: false, plan,
      });
    };
    // Plan mode only reads: Desktop Virtualization Reader will do.
    expect((await run('Desktop Virtualization Reader', true)).batches).toBe(1);
    const denied = await run('Desktop Virtualization Virtual Machine Contributor').catch((x: unknown) => x);
    // It may read the configuration, not the management (nor write the configuration): refused before any change.
    expect(String(denied)).toMatch(/Microsoft\.DesktopVirtualization\/hostpools\/sessionHostManagements\/read/);
    expect(await configVersion(e, p)).toBe('1.0.0');
    expect(poolTags(e, p)).toEqual({});
    const outcome = await run('Desktop Virtualization Host Pool Contributor');
    expect(outcome.moved.sort()).toEqual(['hp-rbac-0.contoso.example', 'hp-rbac-1.contoso.example']);
    expect(p.vmIds.map((id) => vmVersion(e, id))).toEqual(['2.0.0', '2.0.0']);
  });
});
