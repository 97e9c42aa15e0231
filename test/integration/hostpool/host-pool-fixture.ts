/**
 * Shared setup for host-pool rollout tests: a seeded AVD host pool whose session hosts are VMs (or one managed by
 * session host update), simulated users on it, and rollout options.
 */
import { expect } from 'vitest';
import { HostPoolClient, type HostPoolRef } from '../../../src/core/rollout/host-pool-client.js';
import type { HostPoolRolloutOptions } from '../../../src/core/rollout/host-pool-rollout.js';
import { userSessionSchedule } from '../../../src/emulator/arm/desktop/simulated-users.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { armFetch } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { emulatedClock } from '../rollout/rollout-fixture.js';

export const minute = 60_000;

export interface PoolFixture {
  ref: HostPoolRef;
  hostIds: string[];
  vmIds: string[];
}

/** Seeds a host pool with `hosts` session hosts, each backed by a VM (ephemeral OS disk) on `imageId`. */
export function seedPool(e: EmulatorHandle, name: string, type: 'Pooled' | 'Personal', hosts: number, imageId: string): PoolFixture {
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-avd`;
  const poolId = `${rg}/providers/Microsoft.DesktopVirtualization/hostPools/${name}`;
  const vmIds = Array.from({ length: hosts }, (_, i) => `${rg}/providers/Microsoft.Compute/virtualMachines/${name}-${i}`);
  const hostIds = vmIds.map((_, i) => `${poolId}/sessionHosts/${name}-${i}.contoso.example`);
  e.state.seed([
    { id: rg, type: 'Microsoft.Resources/resourceGroups', body: { location: 'westeurope', properties: { provisioningState: 'Succeeded' } } },
    { id: poolId, body: { location: 'westeurope', properties: { hostPoolType: type, loadBalancerType: type === 'Personal' ? 'Persistent' : 'BreadthFirst', preferredAppGroupType: 'Desktop', maxSessionLimit: 10 } } },
    ...vmIds.map((id) => ({ id, body: { location: 'westeurope', properties: { storageProfile: { imageReference: { id: imageId }, osDisk: { osType: 'Windows', createOption: 'FromImage', diffDiskSettings: { option: 'Local', placement: 'ResourceDisk' } } } } } })),
    ...hostIds.map((id, i) => ({ id, body: { properties: { allowNewSession: true, status: 'Available', resourceId: vmIds[i], ...(type === 'Personal' ? { assignedUser: `owner${i}@contoso.example` } : {}) } } })),
  ]);
  return { ref: { subscriptionId: e.subscriptionId, resourceGroup: 'rg-avd', name }, hostIds, vmIds };
}

export function options(e: EmulatorHandle, pool: HostPoolRef, imageId: string, extra: Partial<HostPoolRolloutOptions> = {}): HostPoolRolloutOptions {
  const ctx = createTestStepContext(e, { clock: emulatedClock(e) });
  return {
    client: new HostPoolClient(ctx.azure.resources(), ctx.azure.cloud.armEndpoint),
    compute: ctx.azure.compute(), clock: ctx.clock, logger: ctx.logger, signal: ctx.signal, pool, imageId,
    owner: 'contoso/vdi#1', leaseDurationMs: 6 * 60 * minute, maxUnavailablePercent: 50, maxUnhealthyPercent: 0,
    gracePeriodMs: 15 * minute, bakeTimeMs: 5 * minute, pollIntervalMs: minute, deadline: e.clock.now() + 24 * 60 * minute,
    force: false, plan: false, ...extra,
  };
}

export function vmImage(e: EmulatorHandle, vmId: string): string {
  const vm = e.state.resource(vmId) as { properties: { storageProfile: { imageReference: { id: string } } } };
  return vm.properties.storageProfile.imageReference.id.split('/').pop() ?? '';
}

export interface SessionSim { logOnAt: number; logOffAt: number; endedAt?: number; endedBy?: string; messages?: { at: number }[] }
export function sessionSims(e: EmulatorHandle, hostIds: string[]): SessionSim[] {
  return hostIds.flatMap((h) => Object.values(e.state.snapshot() as Record<string, { id: string; body: { simulation?: SessionSim } }>)
    .filter((r) => r.id.toLowerCase().startsWith(`${h.toLowerCase()}/usersessions/`))
    .map((r) => r.body.simulation as SessionSim));
}

/** The preview api-version of session host update (what ../shared/azure-specs holds). */
export const preview = 'api-version=2026-03-01-preview';

export interface ManagedPool { ref: HostPoolRef; id: string; hostIds: string[]; vmIds: string[] }

/** A pooled host pool whose VMs run `imageId`, with a session host configuration on it and update settings. */
export async function seedManagedPool(e: EmulatorHandle, name: string, hosts: number, imageId: string, update: Record<string, unknown>): Promise<ManagedPool> {
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-vdi`;
  const id = `${rg}/providers/Microsoft.DesktopVirtualization/hostPools/${name}`;
  const vmIds = Array.from({ length: hosts }, (_, i) => `${rg}/providers/Microsoft.Compute/virtualMachines/${name}-${i}`);
  const hostIds = vmIds.map((_, i) => `${id}/sessionHosts/${name}-${i}.contoso.example`);
  e.state.seed([
    { id: rg, type: 'Microsoft.Resources/resourceGroups', body: { location: 'westeurope', properties: { provisioningState: 'Succeeded' } } },
    { id, body: { location: 'westeurope', properties: { hostPoolType: 'Pooled', loadBalancerType: 'BreadthFirst', preferredAppGroupType: 'Desktop', maxSessionLimit: 10, managementType: 'Automated' } } },
    ...vmIds.map((vm) => ({ id: vm, body: { location: 'westeurope', properties: { storageProfile: { imageReference: { id: imageId } } } } })),
    ...hostIds.map((h, i) => ({ id: h, body: { properties: { allowNewSession: true, status: 'Available', resourceId: vmIds[i] } } })),
  ]);
  const mgmt = await armFetch(e, 'PUT', `${id}/sessionHostManagements/default?${preview}`, { properties: { scheduledDateTimeZone: 'W. Europe Standard Time', update } });
  expect(mgmt.status).toBe(201);
  const config = await armFetch(e, 'PUT', `${id}/sessionHostConfigurations/default?${preview}`, {
    properties: {
      vmNamePrefix: name.slice(0, 11), vmSizeId: 'Standard_D4s_v5', networkInfo: { subnetId: `${rg}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/hosts` },
      diskInfo: { diffDiskSettings: { option: 'Local', placement: 'ResourceDisk' } }, imageInfo: { type: 'Custom', customInfo: { resourceId: imageId } },
      domainInfo: { joinType: 'AzureActiveDirectory', azureActiveDirectoryInfo: { mdmProviderGuid: '0000000a-0000-0000-c000-000000000000' } },
      vmAdminCredentials: { usernameKeyVaultSecretUri: 'https://kv.vault.azure.net/secrets/u', passwordKeyVaultSecretUri: 'https://kv.vault.azure.net/secrets/p' },
    },
  });
  expect(config.status).toBe(201);
  // The hosts were built from this configuration: they report its version.
  const version = String(config.body.properties.version);
  e.state.seed(hostIds.map((h, i) => ({ id: h, body: { ...(e.state.resource(h) as object), properties: { allowNewSession: true, status: 'Available', resourceId: vmIds[i], sessionHostConfiguration: version } } })));
  return { ref: { subscriptionId: e.subscriptionId, resourceGroup: 'rg-vdi', name }, id, hostIds, vmIds };
}

export function usersOn(e: EmulatorHandle, p: PoolFixture, seed: string): void {
  e.state.seed(userSessionSchedule({ sessionHostIds: p.hostIds, usersPerHost: 2, startAt: e.clock.now() - minute, logOnSpreadMs: 2 * minute, minDurationMs: 10 * minute, maxDurationMs: 90 * minute, seed }));
}

/** Every log-off came at least `graceMs` after that session's first maintenance message. */
export function expectNoEarlyLogOff(e: EmulatorHandle, p: PoolFixture, graceMs: number): void {
  for (const s of sessionSims(e, p.hostIds)) {
    expect(s.endedBy).not.toBe('reimage');
    if (s.endedBy === 'logoff') expect((s.endedAt ?? 0) - (s.messages?.[0]?.at ?? Infinity)).toBeGreaterThanOrEqual(graceMs);
  }
}

/** The runner dies at the session host update `crashAt` picks (before it is sent). */
export class CrashingClient extends HostPoolClient {
  constructor(base: ConstructorParameters<typeof HostPoolClient>, private readonly crashAt: (pool: HostPoolRef, allow: boolean) => boolean) {
    super(...base);
  }
  override async setAllowNewSession(p: HostPoolRef, host: string, allow: boolean): Promise<void> {
    if (this.crashAt(p, allow)) throw new Error('the runner lost its connection');
    await super.setAllowNewSession(p, host, allow);
  }
}

/** Crashes at the n-th re-enable: right after a batch's VMs were reimaged, before the first of them is back in rotation. */
export function atReEnable(n: number): (pool: HostPoolRef, allow: boolean) => boolean {
  let count = 0;
  return (_pool, allow) => allow && ++count === n;
}
