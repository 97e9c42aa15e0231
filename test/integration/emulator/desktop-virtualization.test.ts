/**
 * The emulator's Microsoft.DesktopVirtualization surface against desktopvirtualization.json 2025-10-10: request
 * bodies are the spec's own examples (../shared/azure-specs/.../stable/2025-10-10/examples), answers carry the
 * spec's status codes and CloudError bodies, and RBAC uses Azure's published Desktop Virtualization roles.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostPoolClient } from '../../../src/core/rollout/host-pool-client.js';
import { rolloutHostPool } from '../../../src/core/rollout/host-pool-rollout.js';
import { userSessionSchedule } from '../../../src/emulator/arm/desktop/simulated-users.js';
import { armFetch, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { emulatedClock } from '../rollout/rollout-fixture.js';
import type { AzureRoleName } from '../../../src/emulator/authz/generated/azure-roles.js';

const emu = useEmulator({ clockSpeed: 0 });
const examples = resolve(import.meta.dirname, '../../../../shared/azure-specs/specification/desktopvirtualization/resource-manager/Microsoft.DesktopVirtualization/DesktopVirtualization/stable/2025-10-10/examples');
const example = (name: string): Record<string, unknown> => (JSON.parse(readFileSync(resolve(examples, `${name}.json`), 'utf8')) as { parameters: Record<string, unknown> }).parameters;
const api = 'api-version=2025-10-10';
const minute = 60_000;

function seed(): { pool: string; host: string; vm: string } {
  const e = emu.current;
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-dv`;
  const pool = `${rg}/providers/Microsoft.DesktopVirtualization/hostPools/hp1`;
  const vm = `${rg}/providers/Microsoft.Compute/virtualMachines/sh1`;
  const host = `${pool}/sessionHosts/sh1.contoso.example`;
  e.state.seed([
    { id: rg, type: 'Microsoft.Resources/resourceGroups', body: { location: 'westeurope', properties: { provisioningState: 'Succeeded' } } },
    { id: pool, body: { location: 'westeurope', properties: { hostPoolType: 'Pooled', loadBalancerType: 'BreadthFirst', preferredAppGroupType: 'Desktop', maxSessionLimit: 5 } } },
    { id: vm, body: { location: 'westeurope', properties: { storageProfile: { imageReference: { id: `${rg}/providers/Microsoft.Compute/galleries/g/images/i/versions/1.0.0` }, osDisk: { diffDiskSettings: { option: 'Local' } } } } } },
    { id: host, body: { properties: { allowNewSession: true, status: 'Available', resourceId: vm } } },
    ...userSessionSchedule({ sessionHostIds: [host], usersPerHost: 2, startAt: e.clock.now() - minute, logOnSpreadMs: 1, minDurationMs: 30 * minute, maxDurationMs: 31 * minute, seed: 'dv' }),
  ]);
  return { pool, host, vm };
}

describe('Microsoft.DesktopVirtualization in the emulator', () => {
  it('serves the spec examples: session host update, user session list, message, disconnect, log off', async () => {
    const { host } = seed();
    const update = example('SessionHost_Update').sessionHost as { properties: Record<string, unknown> };
    const patched = await armFetch(emu.current, 'PATCH', `${host}?${api}&force=true`, { properties: { ...update.properties, allowNewSession: false } });
    expect(patched.status).toBe(200);
    expect(patched.body.properties).toMatchObject({ allowNewSession: false, friendlyName: 'friendly', assignedUser: 'user1@microsoft.com', sessions: 2, status: 'Available', resourceId: expect.stringContaining('/virtualMachines/sh1') });
    expect(patched.body).not.toHaveProperty('simulation');

    const list = await armFetch(emu.current, 'GET', `${host}/userSessions?${api}`);
    expect(list.status).toBe(200);
    expect(list.body.value).toHaveLength(2);
    expect(list.body.value[0].properties).toMatchObject({ sessionState: 'Active', applicationType: 'Desktop', userPrincipalName: expect.stringMatching(/@contoso\.example$/) });
    const session = list.body.value[0].id as string;

    expect((await armFetch(emu.current, 'POST', `${session}/sendMessage?${api}`, example('UserSession_SendMessage_Post').sendMessage)).status).toBe(200);
    expect((await armFetch(emu.current, 'POST', `${session}/disconnect?${api}`)).status).toBe(200);
    expect((await armFetch(emu.current, 'GET', `${session}?${api}`)).body.properties.sessionState).toBe('Disconnected');
    expect((await armFetch(emu.current, 'DELETE', `${session}?${api}&force=true`)).status).toBe(200);
    expect((await armFetch(emu.current, 'DELETE', `${session}?${api}`)).status).toBe(204);
    expect((await armFetch(emu.current, 'GET', `${host}/userSessions?${api}`)).body.value).toHaveLength(1);
    // Sessions end on their schedule, on the emulator clock.
    emu.current.clock.advance(40 * minute);
    expect((await armFetch(emu.current, 'GET', `${host}/userSessions?${api}`)).body.value).toHaveLength(0);
  });

  it('answers bad requests with CloudError bodies and changes nothing', async () => {
    const { pool } = seed();
    const before = emu.current.state.snapshot();
    const typeChange = await armFetch(emu.current, 'PATCH', `${pool}?${api}`, { properties: { hostPoolType: 'Personal' } });
    expect(typeChange.status).toBe(400);
    expect(typeChange.body.error).toMatchObject({ code: 'InvalidParameter', target: 'properties.hostPoolType' });
    const missing = await armFetch(emu.current, 'GET', `${pool.replace('hp1', 'nope')}/sessionHosts?${api}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ResourceNotFound');
    const oldApi = await armFetch(emu.current, 'GET', `${pool}?api-version=2024-04-03`);
    expect(oldApi.status).toBe(400);
    expect(oldApi.body.error.code).toBe('NoRegisteredProviderFound');
    expect(emu.current.state.snapshot()).toEqual(before);
    const maxSessions = await armFetch(emu.current, 'PATCH', `${pool}?${api}`, { properties: { maxSessionLimit: 8 } });
    expect(maxSessions.body.properties).toMatchObject({ maxSessionLimit: 8, hostPoolType: 'Pooled' });
  });

  it('needs Desktop Virtualization Host Pool Contributor on the pool and Virtual Machine Contributor on the VMs', async () => {
    const { pool } = seed();
    const e = emu.current;
    const rg = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-dv`;
    const run = async (roles: [AzureRoleName, string][]) => {
      const sp = e.identity.registerServicePrincipal({ displayName: `avd ${roles.map((r) => r[0]).join('+')}` });
      for (const [role, scope] of roles) e.authz.assign(sp.objectId, role, scope);
      const ctx = createTestStepContext(e, { clock: emulatedClock(e), principal: { clientId: sp.clientId, clientSecret: sp.clientSecret ?? '' } });
      return rolloutHostPool({
        client: new HostPoolClient(ctx.azure.resources(), ctx.azure.cloud.armEndpoint), compute: ctx.azure.compute(), clock: ctx.clock, logger: ctx.logger, signal: ctx.signal,
        pool: { subscriptionId: e.subscriptionId, resourceGroup: 'rg-dv', name: 'hp1' }, imageId: `${rg}/providers/Microsoft.Compute/galleries/g/images/i/versions/2.0.0`,
        owner: 'rbac#1', leaseDurationMs: 3_600_000, maxUnavailablePercent: 100, maxUnhealthyPercent: 0, gracePeriodMs: 5 * minute, bakeTimeMs: 0,
        pollIntervalMs: minute, deadline: e.clock.now() + 3_600_000, force: false, plan: false,
      });
    };
    const denied = await run([['Virtual Machine Contributor', rg], ['Desktop Virtualization Reader', pool]]).catch((err: unknown) => err);
    expect(String(denied)).toMatch(/Microsoft\.DesktopVirtualization\/hostpools\/write/i);
    const outcome = await run([['Virtual Machine Contributor', rg], ['Desktop Virtualization Host Pool Contributor', pool]]);
    expect(outcome.moved).toEqual(['sh1.contoso.example']);
  });
});
