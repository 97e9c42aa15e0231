/**
 * The scale-set instance model: every instance is a stored child resource holding what it runs (`applied`) and,
 * while an upgrade/reimage is under way, what it is moving to (`pending`, with start/end times). What an instance
 * runs at a given moment is derived from those timestamps and the emulated clock, like every other LRO here.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EmulatorState, JsonObject, StoredResource } from '../../store/state-types.js';
import { rollingOutcome, type RollingRecord } from './rolling-upgrade.js';

export const SCALE_SET_TYPE = 'Microsoft.Compute/virtualMachineScaleSets';
export const INSTANCE_TYPE = 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines';
/** Emulator-only bookkeeping stored as a child of the scale set, so deleting the scale set removes it too. */
export const SIM_TYPE = 'Emulator/virtualMachineScaleSetState';
const HEALTH_ID = '/_emulator/vmss-health';

/** The image an instance runs: the model's imageReference plus the version it resolved to. */
export interface AppliedModel {
  imageReference: JsonObject;
  /** The gallery version id the instance actually booted (resolved when imageReference names a definition). */
  versionId: string;
  profileHash: string;
}

export interface PendingChange extends AppliedModel {
  kind: 'upgrade' | 'reimage' | 'rolling';
  startTime: number;
  endTime: number;
  /** For kind 'rolling': which rolling upgrade and batch this instance belongs to. */
  rollingId?: string;
  batch?: number;
}

export interface InstanceSim {
  instanceId: string;
  name: string;
  vmId: string;
  createdAt: number;
  /** When the applied model finished booting (emulated ms); absent means at createdAt. */
  appliedAt?: number;
  applied: AppliedModel;
  pending?: PendingChange;
}

export interface ScaleSetSim {
  rolling?: RollingRecord;
  /** The next instance id to hand out on scale-out. */
  nextInstanceId: number;
  /** Emulated ms one instance takes to upgrade/reimage; set by seeding, else the LRO duration. */
  instanceUpgradeMs?: number;
}

/** Canonical JSON (sorted keys) so equal profiles hash equal whatever key order the client sent. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableStringify((v as JsonObject)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Hash of the model's virtualMachineProfile: instances whose applied hash differs are not on the latest model. */
export function profileHash(profile: unknown): string {
  return createHash('sha256').update(stableStringify(profile ?? {})).digest('hex').slice(0, 16);
}

export function imageReferenceOf(vmss: JsonObject): JsonObject {
  const props = (vmss.properties ?? {}) as JsonObject;
  const vmp = (props.virtualMachineProfile ?? {}) as JsonObject;
  const sp = (vmp.storageProfile ?? {}) as JsonObject;
  return (sp.imageReference ?? {}) as JsonObject;
}

export function upgradeModeOf(vmss: JsonObject): 'Manual' | 'Rolling' | 'Automatic' {
  const mode = String(((vmss.properties as JsonObject | undefined)?.upgradePolicy as JsonObject | undefined)?.mode ?? 'Manual');
  return mode.toLowerCase() === 'rolling' ? 'Rolling' : mode.toLowerCase() === 'automatic' ? 'Automatic' : 'Manual';
}

export function isEphemeral(vmss: JsonObject): boolean {
  const props = (vmss.properties ?? {}) as JsonObject;
  const osDisk = (((props.virtualMachineProfile as JsonObject | undefined)?.storageProfile as JsonObject | undefined)?.osDisk ?? {}) as JsonObject;
  return osDisk.diffDiskSettings !== undefined && osDisk.diffDiskSettings !== null;
}

function semverKey(name: string): number[] {
  return name.split('.').map((p) => Number(p));
}

/** The version id an imageReference boots now: itself for a version id, else the latest eligible version of the definition. */
export function resolveVersionId(state: EmulatorState, imageReference: JsonObject): string {
  const id = String(imageReference.id ?? '');
  if (/\/versions\/[^/]+$/i.test(id)) return id;
  const prefix = `${id.toLowerCase()}/versions/`;
  let best: StoredResource | undefined;
  for (const [key, r] of Object.entries(state.resources)) {
    if (!key.startsWith(prefix) || key.slice(prefix.length).includes('/')) continue;
    const profile = ((r.body.properties as JsonObject | undefined)?.publishingProfile ?? {}) as JsonObject;
    if (profile.excludeFromLatest === true) continue;
    const name = String(r.body.name ?? '');
    if (!best || compareVersions(name, String(best.body.name)) > 0) best = r;
  }
  return best?.id ?? id;
}

function compareVersions(a: string, b: string): number {
  const x = semverKey(a);
  const y = semverKey(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The model as an instance would apply it right now. */
export function currentModel(state: EmulatorState, vmss: JsonObject): AppliedModel {
  const imageReference = imageReferenceOf(vmss);
  const props = (vmss.properties ?? {}) as JsonObject;
  return { imageReference: structuredClone(imageReference), versionId: resolveVersionId(state, imageReference), profileHash: profileHash(props.virtualMachineProfile) };
}

export function simId(vmssId: string): string {
  return `${vmssId}/emulatorState/state`;
}

export function instanceId(vmssId: string, id: string): string {
  return `${vmssId}/virtualMachines/${id}`;
}

export function loadSim(state: EmulatorState, vmssId: string): ScaleSetSim {
  const r = state.resources[simId(vmssId).toLowerCase()];
  return (r?.body as unknown as ScaleSetSim | undefined) ?? { nextInstanceId: 0 };
}

export function saveSim(state: EmulatorState, vmssId: string, sim: ScaleSetSim): void {
  state.resources[simId(vmssId).toLowerCase()] = { id: simId(vmssId), type: SIM_TYPE, body: sim as unknown as JsonObject };
}

/** Instances of a scale set, ordered by numeric instance id. */
export function instancesOf(state: EmulatorState, vmssId: string): InstanceSim[] {
  const prefix = `${vmssId.toLowerCase()}/virtualmachines/`;
  return Object.entries(state.resources)
    .filter(([key, r]) => key.startsWith(prefix) && r.type === INSTANCE_TYPE)
    .map(([, r]) => r.body as unknown as InstanceSim)
    .sort((a, b) => Number(a.instanceId) - Number(b.instanceId));
}

export function storeInstance(state: EmulatorState, vmssId: string, inst: InstanceSim): void {
  const id = instanceId(vmssId, inst.instanceId);
  state.resources[id.toLowerCase()] = { id, type: INSTANCE_TYPE, body: inst as unknown as JsonObject };
}

/** Creates instances until the scale set has `capacity`, removing the highest ids when it has more. */
export function reconcileCapacity(state: EmulatorState, vmssId: string, vmssName: string, capacity: number, model: AppliedModel, now: number): void {
  const sim = loadSim(state, vmssId);
  const existing = instancesOf(state, vmssId);
  for (const extra of existing.slice(capacity)) delete state.resources[instanceId(vmssId, extra.instanceId).toLowerCase()];
  for (let n = existing.length; n < capacity; n++) {
    const id = String(sim.nextInstanceId++);
    storeInstance(state, vmssId, { instanceId: id, name: `${vmssName}_${id}`, vmId: randomUUID(), createdAt: now, applied: structuredClone(model) });
  }
  saveSim(state, vmssId, sim);
}

/** The instance's view at `now`: what it runs, whether it is mid-change, and whether that change counts. */
export interface InstanceAt {
  sim: InstanceSim;
  running: AppliedModel;
  updating: boolean;
}

/** Evaluates the instance at `now` (a rolling change only counts once the rolling run has reached its batch). */
export function instanceAt(state: EmulatorState, vmssId: string, inst: InstanceSim, now: number): InstanceAt {
  const p = inst.pending;
  if (!p) return { sim: inst, running: inst.applied, updating: false };
  if (p.kind === 'rolling') {
    const sim = loadSim(state, vmssId);
    const rec = sim.rolling;
    if (!rec || rec.id !== p.rollingId) return { sim: inst, running: inst.applied, updating: false };
    const outcome = rollingOutcome(rec, now, (v) => isUnhealthyVersion(state, v));
    if (p.batch === undefined || p.batch > outcome.lastStartedBatch) return { sim: inst, running: inst.applied, updating: false };
  }
  if (now < p.startTime) return { sim: inst, running: inst.applied, updating: false };
  if (now < p.endTime) return { sim: inst, running: inst.applied, updating: true };
  return { sim: inst, running: { imageReference: p.imageReference, versionId: p.versionId, profileHash: p.profileHash }, updating: false };
}

/** When the instance finished booting what it runs at `now` (the pending change's end once that counted). */
export function runningSince(inst: InstanceSim, at: InstanceAt, now: number): number {
  const p = inst.pending;
  if (p && !at.updating && now >= p.endTime && at.running === inst.applied) return inst.appliedAt ?? inst.createdAt;
  if (p && !at.updating && now >= p.endTime) return p.endTime;
  return inst.appliedAt ?? inst.createdAt;
}

/** Makes a finished (or never-to-start) change permanent, before the rolling record it depends on is replaced. */
export function foldInstance(state: EmulatorState, vmssId: string, inst: InstanceSim, now: number): void {
  const at = instanceAt(state, vmssId, inst, now);
  if (at.updating || !inst.pending) return;
  if (at.running.profileHash === inst.pending.profileHash && now >= inst.pending.endTime) inst.appliedAt = inst.pending.endTime;
  inst.applied = structuredClone(at.running);
  delete inst.pending;
  storeInstance(state, vmssId, inst);
}

/** Schedules a change for the instance, first folding in one that has finished. */
export function schedule(state: EmulatorState, vmssId: string, inst: InstanceSim, change: PendingChange, now: number): void {
  const at = instanceAt(state, vmssId, inst, now);
  const since = runningSince(inst, at, now);
  inst.applied = structuredClone(at.running);
  inst.appliedAt = since;
  inst.pending = change;
  storeInstance(state, vmssId, inst);
}

/** The health rules the health switch sets: gallery version ids whose instances report unhealthy. */
export function unhealthyVersions(state: EmulatorState): string[] {
  const r = state.resources[HEALTH_ID];
  return ((r?.body.unhealthyImageVersions as string[] | undefined) ?? []).map((v) => v.toLowerCase());
}

export function setUnhealthyVersions(state: EmulatorState, versionIds: readonly string[]): void {
  state.resources[HEALTH_ID] = { id: HEALTH_ID, type: 'Emulator/healthRules', body: { unhealthyImageVersions: [...versionIds] } };
}

export function isUnhealthyVersion(state: EmulatorState, versionId: string): boolean {
  return unhealthyVersions(state).includes(versionId.toLowerCase());
}
