// The VDI estate both persona example tests run against (issue 19): per persona a canary scale set and a pooled
// host pool whose session hosts are VMs on a base image, users signed in to every host, and the checks that no
// user session ended before its grace period.
import { expect } from 'vitest';
import { userSessionSchedule } from '../../../src/emulator/arm/desktop/simulated-users.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { createGallery } from '../../integration/rollout/rollout-fixture.js';
import { SUBSCRIPTION_ID } from '../examples/example-env.js';

export const SUB = `/subscriptions/${SUBSCRIPTION_ID}`;
export const GRACE_MS = 10_000; // the pooled rings' gracePeriod in examples/personas/image.yaml
export const PERSONAS = [
  { image: 'knowledge-worker', definition: 'win11-knowledge-worker', scaleSet: 'vmss-kw-canary' },
  { image: 'developer', definition: 'win11-developer', scaleSet: 'vmss-dev-canary' },
  { image: 'contractor', definition: 'win11-contractor', scaleSet: 'vmss-ctr-canary' },
] as const;

export const poolId = (image: string): string => `${SUB}/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/hp-${image}`;
export const hostIds = (image: string): string[] => [0, 1].map((i) => `${poolId(image)}/sessionHosts/${image}-${i}.contoso.example`);
export const vmIds = (image: string): string[] => [0, 1].map((i) => `${SUB}/resourceGroups/rg-avd/providers/Microsoft.Compute/virtualMachines/${image}-${i}`);
export const versionId = (definition: string, v: string): string => `${SUB}/resourceGroups/rg-vdi-images/providers/Microsoft.Compute/galleries/contoso_vdi/images/${definition}/versions/${v}`;

/**
 * What the estate has before the first run: every persona's canary scale set and a pooled host pool of two
 * session hosts (ephemeral OS disks) on the base image, and two users per host who sign in as the run starts and
 * stay one to two hours, so every one of them is still on its host when its batch is drained, however slow the
 * machine running the test, and is logged off when the grace period ends.
 */
export async function seedEstate(e: EmulatorHandle): Promise<string> {
  const base = await createGallery(e, { resourceGroup: 'rg-vdi-base', gallery: 'gal_base', image: 'win11-base', versions: ['1.0.0'], regions: ['westeurope'] });
  const baseId = base.versionId('1.0.0');
  e.state.seed(['rg-vdi-images', 'rg-vdi-canary', 'rg-avd'].map((rg) => ({ id: `${SUB}/resourceGroups/${rg}`, type: 'Microsoft.Resources/resourceGroups', body: { location: 'westeurope', properties: { provisioningState: 'Succeeded' } } })));
  e.scaleSets.seed(PERSONAS.map((p) => ({ resourceGroup: 'rg-vdi-canary', name: p.scaleSet, location: 'westeurope', capacity: 2, imageReference: { id: baseId }, upgradePolicy: { mode: 'Manual' }, instanceUpgradeMs: 0 })));
  for (const p of PERSONAS) {
    e.state.seed([
      { id: poolId(p.image), body: { location: 'westeurope', properties: { hostPoolType: 'Pooled', loadBalancerType: 'BreadthFirst', preferredAppGroupType: 'Desktop', maxSessionLimit: 10 } } },
      ...vmIds(p.image).map((id) => ({ id, body: { location: 'westeurope', properties: { storageProfile: { imageReference: { id: baseId }, osDisk: { osType: 'Windows', createOption: 'FromImage', diffDiskSettings: { option: 'Local', placement: 'ResourceDisk' } } } } } })),
      ...hostIds(p.image).map((id, i) => ({ id, body: { properties: { allowNewSession: true, status: 'Available', resourceId: vmIds(p.image)[i] } } })),
    ]);
    e.state.seed(userSessionSchedule({ sessionHostIds: hostIds(p.image), usersPerHost: 2, startAt: e.clock.now(), logOnSpreadMs: 1, minDurationMs: 3_600_000, maxDurationMs: 7_200_000, seed: p.image }));
  }
  return baseId;
}

export function vmImage(e: EmulatorHandle, id: string): string | undefined {
  return (e.state.resource(id) as { properties: { storageProfile: { imageReference: { id?: string } } } }).properties.storageProfile.imageReference.id;
}

export interface SessionSim { endedAt?: number; endedBy?: string; messages?: { at: number }[] }
export function sessions(e: EmulatorHandle, image: string): SessionSim[] {
  const stored = e.state.snapshot() as Record<string, { id: string; body: { simulation?: SessionSim } }>;
  return hostIds(image).flatMap((h) => Object.values(stored).filter((r) => r.id.toLowerCase().startsWith(`${h.toLowerCase()}/usersessions/`)).map((r) => r.body.simulation ?? {}));
}

/** No session ended under a reimage, and none was logged off before the grace period after its message. */
export function expectGraceKept(e: EmulatorHandle, image: string): void {
  const sims = sessions(e, image);
  expect(sims).toHaveLength(4);
  for (const s of sims) {
    expect(s.endedBy, image).not.toBe('reimage');
    if (s.endedBy === 'logoff') expect((s.endedAt ?? 0) - (s.messages?.[0]?.at ?? Infinity), image).toBeGreaterThanOrEqual(GRACE_MS);
  }
}

