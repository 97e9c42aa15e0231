/**
 * Test controls for scale sets, behind the handle and /_emulator/scale-sets: seed scale sets with N instances in
 * one call (tests and the benchmark need hundreds), and the health switch ("instances running version X are
 * unhealthy") that makes a canary fail its health gate.
 */
import { randomUUID } from 'node:crypto';
import type { StateStore } from '../../store/state-store.js';
import type { JsonObject } from '../../store/state-types.js';
import { setVersionTimings, versionTimings, type VersionTiming } from './version-timing.js';
import { currentModel, instanceAt, instancesOf, loadSim, reconcileCapacity, saveSim, SCALE_SET_TYPE, setUnhealthyVersions, unhealthyVersions } from './vmss-model.js';

export interface SeedScaleSet {
  resourceGroup: string;
  name: string;
  location: string;
  capacity: number;
  /** Usually `{ id: <gallery image version or definition id> }`. */
  imageReference: JsonObject;
  upgradePolicy?: JsonObject;
  orchestrationMode?: 'Uniform' | 'Flexible';
  /** Ephemeral OS disk (diffDiskSettings Local). */
  ephemeral?: boolean;
  tags?: Record<string, string>;
  subscriptionId?: string;
  /** Emulated ms each instance takes to upgrade or reimage (default: the emulator's LRO duration). */
  instanceUpgradeMs?: number;
}

export interface ScaleSetControls {
  /** Creates (or replaces) scale sets with their instances, already provisioned; returns their ids. */
  seed(scaleSets: SeedScaleSet[]): string[];
  /** Instances whose running image is one of these version ids report HealthState/unhealthy; [] heals all. */
  setUnhealthyImageVersions(versionIds: readonly string[]): void;
  unhealthyImageVersions(): string[];
  /** Stages boot and health timing per gallery version id ("the new image boots 40% slower"); {} resets one. */
  setVersionTiming(timings: Readonly<Record<string, VersionTiming>>): void;
  versionTimings(): Record<string, VersionTiming>;
  /** Per instance: what it runs now (gallery version id) and whether it is mid-change. */
  instances(scaleSetId: string): { instanceId: string; versionId: string; updating: boolean }[];
}

/** The body a PUT of this seed would have stored. */
export function seedBody(s: SeedScaleSet, id: string, now: number): JsonObject {
  const osDisk: JsonObject = { createOption: 'FromImage', caching: s.ephemeral ? 'ReadOnly' : 'ReadWrite', managedDisk: { storageAccountType: 'Standard_LRS' } };
  if (s.ephemeral) osDisk.diffDiskSettings = { option: 'Local', placement: 'ResourceDisk' };
  return {
    id,
    name: s.name,
    type: SCALE_SET_TYPE,
    location: s.location,
    sku: { name: 'Standard_D2s_v3', tier: 'Standard', capacity: s.capacity },
    ...(s.tags ? { tags: { ...s.tags } } : {}),
    properties: {
      orchestrationMode: s.orchestrationMode ?? 'Uniform',
      upgradePolicy: { mode: 'Manual', ...(s.upgradePolicy ?? {}) },
      virtualMachineProfile: {
        osProfile: { computerNamePrefix: s.name.slice(0, 9), adminUsername: 'azureuser' },
        storageProfile: { imageReference: structuredClone(s.imageReference), osDisk },
        extensionProfile: {
          extensions: [{ name: 'HealthExtension', properties: { publisher: 'Microsoft.ManagedServices', type: 'ApplicationHealthLinux', typeHandlerVersion: '2.0', settings: { protocol: 'http', port: 80, requestPath: '/health' } } }],
        },
      },
      uniqueId: randomUUID(),
      timeCreated: new Date(now).toISOString(),
    },
  };
}

/** Builds the controls over the emulator's store and clock. */
export function createScaleSetControls(store: StateStore, defaultSubscription: string, now: () => number): ScaleSetControls {
  return {
    seed(scaleSets) {
      const state = store.load();
      const ids: string[] = [];
      for (const s of scaleSets) {
        const sub = s.subscriptionId ?? defaultSubscription;
        const rgId = `/subscriptions/${sub}/resourceGroups/${s.resourceGroup}`;
        if (!state.resources[rgId.toLowerCase()]) {
          state.resources[rgId.toLowerCase()] = {
            id: rgId, type: 'Microsoft.Resources/resourceGroups',
            body: { id: rgId, name: s.resourceGroup, type: 'Microsoft.Resources/resourceGroups', location: s.location, properties: { provisioningState: 'Succeeded' } },
          };
        }
        const id = `${rgId}/providers/${SCALE_SET_TYPE}/${s.name}`;
        const prefix = id.toLowerCase();
        for (const key of Object.keys(state.resources)) if (key === prefix || key.startsWith(`${prefix}/`)) delete state.resources[key];
        const body = seedBody(s, id, now());
        state.resources[prefix] = { id, type: SCALE_SET_TYPE, body };
        reconcileCapacity(state, id, s.name, s.capacity, currentModel(state, body), now());
        if (s.instanceUpgradeMs !== undefined) saveSim(state, id, { ...loadSim(state, id), instanceUpgradeMs: s.instanceUpgradeMs });
        ids.push(id);
      }
      store.save(state);
      return ids;
    },
    setUnhealthyImageVersions(versionIds) {
      const state = store.load();
      setUnhealthyVersions(state, versionIds);
      store.save(state);
    },
    unhealthyImageVersions: () => unhealthyVersions(store.load()),
    setVersionTiming(timings) {
      const state = store.load();
      setVersionTimings(state, timings);
      store.save(state);
    },
    versionTimings: () => versionTimings(store.load()),
    instances(scaleSetId) {
      const state = store.load();
      const t = now();
      return instancesOf(state, scaleSetId).map((i) => {
        const at = instanceAt(state, scaleSetId, i, t);
        return { instanceId: i.instanceId, versionId: at.running.versionId, updating: at.updating };
      });
    },
  };
}
