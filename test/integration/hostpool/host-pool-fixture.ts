/** Shared setup for host-pool rollout tests: a seeded AVD host pool whose session hosts are VMs, and rollout options. */
import { HostPoolClient, type HostPoolRef } from '../../../src/core/rollout/host-pool-client.js';
import type { HostPoolRolloutOptions } from '../../../src/core/rollout/host-pool-rollout.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
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
