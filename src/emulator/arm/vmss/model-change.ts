/**
 * What a scale set does with its instances when asked: manualupgrade and reimage schedule per-instance changes,
 * a model change under Automatic/Rolling policy schedules them on its own, osRollingUpgrade starts batches.
 */
import { randomUUID } from 'node:crypto';
import type { HandlerContext, JsonObject } from '../handler-types.js';
import { isoDurationMs, planBatches, rollingOutcome, batchStart, type RollingRecord } from './rolling-upgrade.js';
import {
  currentModel, foldInstance, instanceAt, instancesOf, isEphemeral, isUnhealthyVersion, loadSim, saveSim, schedule, upgradeModeOf,
  type InstanceSim,
} from './vmss-model.js';
import { versionTiming } from './version-timing.js';
import { defined } from '../../defined.js';

/**
 * Upgrade duration of one instance (emulated ms): the timing staged for the target version, else the seeded value,
 * else the LRO duration (fast timing: instant).
 */
export function instanceUpgradeMs(ctx: HandlerContext, vmssId: string, targetVersionId?: string): number {
  const staged = targetVersionId === undefined ? undefined : versionTiming(ctx.state, targetVersionId).upgradeMs;
  return staged ?? loadSim(ctx.state, vmssId).instanceUpgradeMs ?? ctx.timing.lroDurationMs;
}

/** Manual upgrade: the listed instances move to the latest model. Returns when the last one finishes. */
export function manualUpgrade(ctx: HandlerContext, vmssId: string, vmss: JsonObject, ids: readonly string[]): number {
  const model = currentModel(ctx.state, vmss);
  const end = ctx.now + instanceUpgradeMs(ctx, vmssId, model.versionId);
  for (const inst of selectInstances(ctx, vmssId, ids, isFlexible(vmss))) {
    const at = instanceAt(ctx.state, vmssId, inst, ctx.now);
    const settled = !inst.pending || ctx.now >= inst.pending.endTime;
    if (!at.updating && settled && at.running.profileHash === model.profileHash) continue;
    schedule(ctx.state, vmssId, inst, { ...model, kind: 'upgrade', startTime: ctx.now, endTime: end }, ctx.now);
  }
  ctx.changed();
  return end;
}

/** Reimage: ephemeral OS disks boot the model's image again; managed OS disks are restored from their own image. */
export function reimage(ctx: HandlerContext, vmssId: string, vmss: JsonObject, ids: readonly string[] | undefined): number {
  const model = currentModel(ctx.state, vmss);
  const ephemeral = isEphemeral(vmss);
  let last = ctx.now;
  const all = instancesOf(ctx.state, vmssId);
  const chosen = ids === undefined ? all : selectInstances(ctx, vmssId, ids, isFlexible(vmss));
  for (const inst of chosen) {
    const running = instanceAt(ctx.state, vmssId, inst, ctx.now).running;
    const target = ephemeral ? model : running;
    const end = ctx.now + instanceUpgradeMs(ctx, vmssId, target.versionId);
    last = Math.max(last, end);
    schedule(ctx.state, vmssId, inst, { ...structuredClone(target), kind: 'reimage', startTime: ctx.now, endTime: end }, ctx.now);
  }
  ctx.changed();
  return chosen.length === 0 ? ctx.now + instanceUpgradeMs(ctx, vmssId, model.versionId) : last;
}

/** Flexible scale sets name their instances by VM name in manualupgrade/reimage, as CRP documents. */
export function isFlexible(vmss: JsonObject): boolean {
  return String((vmss.properties as JsonObject | undefined)?.orchestrationMode ?? 'Uniform') === 'Flexible';
}

/**
 * Instances by id (Uniform) or VM name (Flexible, case-insensitive); an unknown one is CRP's 400 InvalidParameter
 * and changes nothing.
 */
export function selectInstances(ctx: HandlerContext, vmssId: string, ids: readonly string[], flexible = false): InstanceSim[] {
  const all = instancesOf(ctx.state, vmssId);
  // ["*"] names every instance (Microsoft's docs and `az vmss update-instances --instance-ids '*'` send it).
  if (ids.length === 1 && ids[0] === '*') return all;
  const key = (id: string) => (flexible ? id.toLowerCase() : id);
  const byId = new Map(all.map((i) => [flexible ? i.name.toLowerCase() : i.instanceId, i]));
  const missing = ids.filter((id) => !byId.has(key(String(id))));
  if (missing.length > 0) throw new InvalidInstanceIds(missing, flexible);
  return ids.map((id) => defined(byId.get(key(String(id))), `instance ${String(id)}`));
}

export class InvalidInstanceIds extends Error {
  constructor(readonly ids: string[], flexible = false) {
    super(flexible
      ? `The instance ids ${ids.map((i) => `'${i}'`).join(', ')} are not virtual machine names of the scale set (a Flexible scale set's instanceIds are its VM names).`
      : `The instance ids ${ids.map((i) => `'${i}'`).join(', ')} are not valid instance ids of the scale set.`);
  }
}

/** Called after the model changed: Automatic upgrades every instance in waves, Rolling starts a rolling upgrade. */
export function onModelChanged(ctx: HandlerContext, vmssId: string, vmss: JsonObject): void {
  const mode = upgradeModeOf(vmss);
  if (mode === 'Manual') return;
  if (mode === 'Rolling') {
    startRolling(ctx, vmssId, vmss);
    return;
  }
  // Automatic: CRP gives no ordering guarantees; waves of 20% keep "over emulated time" observable.
  const model = currentModel(ctx.state, vmss);
  const outdated = outdatedInstances(ctx, vmssId, model.profileHash);
  const dur = instanceUpgradeMs(ctx, vmssId, model.versionId);
  planBatches(outdated.map((i) => i.instanceId), 20).forEach((batch, b) => {
    for (const id of batch) {
      const inst = defined(outdated.find((i) => i.instanceId === id), `outdated instance ${id}`);
      schedule(ctx.state, vmssId, inst, { ...model, kind: 'upgrade', startTime: ctx.now + b * dur, endTime: ctx.now + (b + 1) * dur }, ctx.now);
    }
  });
  ctx.changed();
}

function outdatedInstances(ctx: HandlerContext, vmssId: string, hash: string): InstanceSim[] {
  return instancesOf(ctx.state, vmssId).filter((i) => {
    const at = instanceAt(ctx.state, vmssId, i, ctx.now);
    const target = i.pending && (at.updating || ctx.now < i.pending.startTime) ? i.pending.profileHash : at.running.profileHash;
    return target !== hash || at.running.profileHash !== hash;
  });
}

/** True while a rolling upgrade of this scale set is rolling forward. */
export function rollingInProgress(ctx: HandlerContext, vmssId: string): boolean {
  const rec = loadSim(ctx.state, vmssId).rolling;
  return rec !== undefined && rollingOutcome(rec, ctx.now, (v) => isUnhealthyVersion(ctx.state, v)).code === 'RollingForward';
}

/** Starts a rolling upgrade of every instance not on the latest model; returns its end time. */
export function startRolling(ctx: HandlerContext, vmssId: string, vmss: JsonObject): number {
  const props = (vmss.properties ?? {}) as JsonObject;
  const policy = ((props.upgradePolicy as JsonObject | undefined)?.rollingUpgradePolicy ?? {}) as JsonObject;
  const fullPolicy: JsonObject = {
    maxBatchInstancePercent: 20, maxUnhealthyInstancePercent: 20, maxUnhealthyUpgradedInstancePercent: 20, pauseTimeBetweenBatches: 'PT0S',
    ...policy,
  };
  const model = currentModel(ctx.state, vmss);
  for (const inst of instancesOf(ctx.state, vmssId)) foldInstance(ctx.state, vmssId, inst, ctx.now);
  const sim = loadSim(ctx.state, vmssId);
  const outdated = instancesOf(ctx.state, vmssId).filter((i) => instanceAt(ctx.state, vmssId, i, ctx.now).running.profileHash !== model.profileHash);
  const rec: RollingRecord = {
    id: randomUUID(),
    startTime: ctx.now,
    batchDurationMs: instanceUpgradeMs(ctx, vmssId, model.versionId),
    pauseMs: isoDurationMs(fullPolicy.pauseTimeBetweenBatches),
    batches: planBatches(outdated.map((i) => i.instanceId), Number(fullPolicy.maxBatchInstancePercent)),
    maxUnhealthyUpgradedInstancePercent: Number(fullPolicy.maxUnhealthyUpgradedInstancePercent),
    targetVersionId: model.versionId,
    policy: fullPolicy,
  };
  rec.batches.forEach((batch, b) => {
    const start = batchStart(rec, b);
    for (const id of batch) {
      const inst = defined(outdated.find((i) => i.instanceId === id), `outdated instance ${id}`);
      schedule(ctx.state, vmssId, inst, { ...model, kind: 'rolling', rollingId: rec.id, batch: b, startTime: start, endTime: start + rec.batchDurationMs }, ctx.now);
    }
  });
  sim.rolling = rec;
  saveSim(ctx.state, vmssId, sim);
  ctx.changed();
  return rec.batches.length === 0 ? ctx.now : batchStart(rec, rec.batches.length - 1) + rec.batchDurationMs;
}

/** Cancels the running rolling upgrade: the batch under way finishes, later batches never start. */
export function cancelRolling(ctx: HandlerContext, vmssId: string): boolean {
  const sim = loadSim(ctx.state, vmssId);
  if (!sim.rolling || !rollingInProgress(ctx, vmssId)) return false;
  sim.rolling.cancelledAt = ctx.now;
  saveSim(ctx.state, vmssId, sim);
  ctx.changed();
  return true;
}
