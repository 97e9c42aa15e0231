/**
 * Rolls a gallery image version onto the session hosts of one AVD host pool, a batch at a time (at most
 * maxUnavailablePercent of the pool out of rotation): drain and empty the batch (host-pool-drain.ts), PATCH each
 * VM's storageProfile.imageReference to the version, reimage it (the OS disk is rebuilt from the new reference,
 * ephemeral or managed; see docs/vdi.md), wait until the host reports Available again, re-enable it, then hold the
 * ring's bake time and health gate. Personal pools only touch hosts nobody is logged on to, unless `force`.
 * A re-run resumes: hosts already on the version are skipped, and hosts this rollout drained are re-enabled.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { Clock } from '../clock.js';
import { AzureError, ConfigurationError, ErrorCodes, RejectedError } from '../errors.js';
import { azureCall } from '../azure/azure-call.js';
import type { Logger } from '../logger.js';
import { drainHosts } from './host-pool-drain.js';
import type { HostPoolClient, HostPoolRef, SessionHostInfo } from './host-pool-client.js';
import { planBatches } from './health-gate.js';
import { decodeLease, encodeLease, getLong, putLong, RolloutTagKeys } from './rollout-tags.js';

export interface HostPoolRolloutOptions {
  client: HostPoolClient;
  compute: ComputeManagementClient;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  pool: HostPoolRef;
  /** Gallery image version id to move the hosts to. */
  imageId: string;
  /** Lease owner (leaseOwner(run)) and duration. */
  owner: string;
  leaseDurationMs: number;
  maxUnavailablePercent: number;
  maxUnhealthyPercent: number;
  gracePeriodMs: number;
  bakeTimeMs: number;
  pollIntervalMs: number;
  deadline: number;
  /** Personal pools: also take hosts with a user logged on (after message + grace). */
  force: boolean;
  plan: boolean;
  message?: { title: string; body: string };
  /** Rollback runs without health gates (the old version's health is what it is). */
  skipGates?: boolean;
  /** Rollback: the VMs go back to their recorded image, and the record is removed. */
  restoring?: boolean;
  /** Rollback: only these hosts move (those whose recorded image is `imageId`); the others are left as they are. */
  only?: ReadonlySet<string>;
}

export interface HostPoolOutcome {
  pool: string;
  hostPoolType: string;
  hosts: number;
  moved: string[];
  skipped: { host: string; reason: string }[];
  batches: number;
  /** Hosts this run took out of rotation. */
  drained: number;
  /** User sessions the rollout messaged and waited for; `loggedOff` of them were still there after the grace period. */
  sessionsWaited: number;
  loggedOff: number;
  /** Image ids the moved hosts ran before, for rollback. */
  previous: Record<string, string>;
  /** Set when the pool was moved by Azure's session host update: the configuration's image before (for rollback). */
  sessionHostUpdate?: { previousImage?: string };
  /** One entry per batch this run worked on, for the summary's timeline. */
  batchLog: HostPoolBatch[];
}

/** What one batch took: times on the step's clock (epoch ms). */
export interface HostPoolBatch {
  hosts: string[];
  startedAt: number;
  /** When the last user session of the batch had ended (or been logged off). */
  emptyAt: number;
  /** When every host of the batch was back (Available or not) and the gate was judged. */
  doneAt: number;
  sessionsWaited: number;
  loggedOff: number;
  reimaged: number;
  unhealthy: number;
}

export class HostPoolHealthError extends RejectedError {
  constructor(readonly outcome: HostPoolOutcome, message: string) {
    super(ErrorCodes.rolloutUnhealthy, message);
  }
}

/** Sets every part of a long tag to '' (see putLong). */
function clearLong(tags: Record<string, string>, key: string): void {
  for (const k of Object.keys(tags)) if (k === key || k.startsWith(`${key}.`)) tags[k] = '';
}

const vmParts = (vmId: string): { resourceGroup: string; name: string } => {
  const parts = vmId.split('/');
  return { resourceGroup: parts[4] ?? '', name: parts[8] ?? '' };
};

/** The VM's image id and tags; the tag `image-publish.rollout.previous` records what it ran before a rollout moved it. */
async function vmState(compute: ComputeManagementClient, vmId: string): Promise<{ image: string; tags: Record<string, string> }> {
  const { resourceGroup, name } = vmParts(vmId);
  const vm = await azureCall(`reading VM ${name}`, () => compute.virtualMachines.get(resourceGroup, name));
  const ref = vm.storageProfile?.imageReference;
  return { image: ref?.id ?? ref?.sharedGalleryImageId ?? ref?.communityGalleryImageId ?? '', tags: { ...(vm.tags ?? {}) } };
}

async function waitVmIdle(o: HostPoolRolloutOptions, vmId: string): Promise<void> {
  const { resourceGroup, name } = vmParts(vmId);
  for (;;) {
    const vm = await azureCall(`reading VM ${name}`, () => o.compute.virtualMachines.get(resourceGroup, name));
    if (vm.provisioningState !== 'Updating' && vm.provisioningState !== 'Creating') return;
    if (o.clock.now() >= o.deadline) throw new AzureError(ErrorCodes.timeout, `Timed out waiting for VM ${name} to finish updating. Raise timeout-minutes, or re-run: the rollout resumes.`);
    await o.clock.sleep(o.pollIntervalMs, o.signal);
  }
}

/**
 * PATCHes the VM's image reference to `imageId` and reimages it (a reference change alone changes no disk). The
 * same PATCH records the image it ran before in the VM's tags, so a later run (after a crash) can still roll it
 * back; a rollback removes the record.
 */
async function moveVm(o: HostPoolRolloutOptions, vmId: string, imageId: string, before: { image: string; tags: Record<string, string> }): Promise<void> {
  const { resourceGroup, name } = vmParts(vmId);
  const tags = { ...before.tags };
  // Cleared to '' rather than left out: a PATCH that merges tags would keep a tag it does not name.
  if (o.restoring) clearLong(tags, RolloutTagKeys.previous);
  else putLong(tags, RolloutTagKeys.previous, before.image);
  await azureCall(`pinning VM ${name} to ${imageId.split('/').pop() ?? imageId}`, () =>
    o.compute.virtualMachines.update(resourceGroup, name, { storageProfile: { imageReference: { id: imageId } }, tags }).submitted());
  await waitVmIdle(o, vmId);
  await azureCall(`reimaging VM ${name}`, () => o.compute.virtualMachines.reimage(resourceGroup, name, {}).submitted());
}

/** Waits until none of `hosts` is still coming back (Unavailable / Upgrading / NoHeartbeat). */
async function waitHostsBack(o: HostPoolRolloutOptions, hosts: ReadonlySet<string>): Promise<SessionHostInfo[]> {
  const transient = new Set(['Unavailable', 'Upgrading', 'NoHeartbeat', 'Shutdown']);
  for (;;) {
    const all = await o.client.listSessionHosts(o.pool);
    const batch = all.filter((h) => hosts.has(h.name));
    if (batch.every((h) => !transient.has(h.status))) return batch;
    if (o.clock.now() >= o.deadline) throw new AzureError(ErrorCodes.timeout, `Timed out waiting for session hosts ${[...hosts].join(', ')} of ${o.pool.name} to report Available. Raise timeout-minutes, or re-run: the rollout resumes.`);
    await o.clock.sleep(o.pollIntervalMs, o.signal);
  }
}

/** Takes (or renews) this rollout's lease tag on the host pool; true when an earlier run of this rollout held it. */
export async function takeLease(o: HostPoolRolloutOptions, tags: Record<string, string>): Promise<boolean> {
  const lease = decodeLease(tags[RolloutTagKeys.lease]);
  const now = o.clock.now();
  if (lease && lease.owner !== o.owner && lease.expiresAt > now) {
    throw new ConfigurationError(ErrorCodes.rolloutLeased, `Another rollout holds host pool ${o.pool.name} (owner ${lease.owner}, version ${lease.version}, until ${new Date(lease.expiresAt).toISOString()}). Wait for it to finish, or once it is certainly dead remove the tag '${RolloutTagKeys.lease}' from the host pool. Nothing was changed.`);
  }
  if (o.plan) return lease?.owner === o.owner;
  await o.client.setHostPoolTags(o.pool, { ...tags, [RolloutTagKeys.lease]: encodeLease({ owner: o.owner, expiresAt: now + o.leaseDurationMs, version: o.imageId.split('/').pop() ?? '' }) });
  return lease?.owner === o.owner;
}

/** Rolls the pool to `o.imageId`; throws HostPoolHealthError (with what moved) when the health gate fails. */
export async function rolloutHostPool(o: HostPoolRolloutOptions): Promise<HostPoolOutcome> {
  const pool = await o.client.getHostPool(o.pool);
  const resuming = await takeLease(o, pool.tags);
  const hosts = await o.client.listSessionHosts(o.pool);
  const personal = pool.hostPoolType.toLowerCase() === 'personal';
  const outcome: HostPoolOutcome = { pool: o.pool.name, hostPoolType: pool.hostPoolType, hosts: hosts.length, moved: [], skipped: [], batches: 0, drained: 0, sessionsWaited: 0, loggedOff: 0, previous: {}, batchLog: [] };
  const todo: SessionHostInfo[] = [];
  const vms = new Map<string, { image: string; tags: Record<string, string> }>();
  for (const h of hosts) {
    const vm = await vmState(o.compute, h.vmId);
    vms.set(h.name, vm);
    const onTarget = vm.image.toLowerCase() === o.imageId.toLowerCase();
    // A host our crashed earlier run drained and already moved has lost its record, but still needs re-enabling.
    if (o.only && !o.only.has(h.name) && !(resuming && onTarget && !h.allowNewSession)) continue;
    // A host already on the version keeps what an earlier run of this rollout recorded, so a rollback restores it.
    const recorded = onTarget && !o.restoring ? getLong(vm.tags, RolloutTagKeys.previous) : undefined;
    if (recorded) outcome.previous[h.name] = recorded;
    // A host drained by someone else before this rollout stays as it is; one drained by our earlier run is ours.
    if (!h.allowNewSession && !resuming) outcome.skipped.push({ host: h.name, reason: 'drained by someone else' });
    else if (onTarget && h.allowNewSession) continue;
    else if (personal && h.sessions > 0 && !o.force && !onTarget) outcome.skipped.push({ host: h.name, reason: `${h.sessions} active session(s); personal host (use force)` });
    else {
      todo.push(h);
      if (!onTarget) outcome.previous[h.name] = vm.image;
    }
  }
  const batches = planBatches(todo.map((h) => h.name), hosts.length, o.maxUnavailablePercent);
  outcome.batches = batches.length;
  for (const s of outcome.skipped) o.logger.warn(`${o.pool.name}/${s.host}: skipped (${s.reason})`);
  if (o.plan) {
    batches.forEach((b, i) => o.logger.info(`plan: ${o.pool.name} batch ${i + 1}/${batches.length}: drain, message users, wait up to ${Math.round(o.gracePeriodMs / 60_000)} min, reimage ${b.join(', ')}`));
    return outcome;
  }
  const byName = new Map(todo.map((h) => [h.name, h]));
  for (const [i, batch] of batches.entries()) {
    await o.logger.group(`${o.pool.name}: batch ${i + 1}/${batches.length}: ${batch.join(', ')}`, async () => {
      const startedAt = o.clock.now();
      const drained = await drainHosts(batch, { ...o, message: o.message ?? { title: 'Maintenance', body: `This desktop is being updated. Please save your work and sign out within ${Math.round(o.gracePeriodMs / 60_000)} minutes; you will be signed out then.` } });
      outcome.drained += batch.length;
      outcome.sessionsWaited += drained.messaged;
      outcome.loggedOff += drained.loggedOff;
      const emptyAt = o.clock.now();
      // The batch's VMs move together: one after the other would multiply the batch's time by its size.
      // A host drained and reimaged by a crashed earlier run is on the version already: it is not reimaged again.
      const toMove = batch.filter((name) => byName.has(name) && (vms.get(name)?.image ?? '').toLowerCase() !== o.imageId.toLowerCase());
      await Promise.all(toMove.map((name) => moveVm(o, byName.get(name)?.vmId ?? '', o.imageId, vms.get(name) ?? { image: '', tags: {} })));
      const back = await waitHostsBack(o, new Set(batch));
      if (!o.skipGates && o.bakeTimeMs > 0) await o.clock.sleep(o.bakeTimeMs, o.signal);
      const after = o.skipGates ? back : (await o.client.listSessionHosts(o.pool)).filter((h) => batch.includes(h.name));
      const unhealthy = after.filter((h) => h.status !== 'Available');
      for (const h of after) if (h.status === 'Available') await o.client.setAllowNewSession(o.pool, h.name, true);
      outcome.moved.push(...batch);
      outcome.batchLog.push({ hosts: batch, startedAt, emptyAt, doneAt: o.clock.now(), sessionsWaited: drained.messaged, loggedOff: drained.loggedOff, reimaged: toMove.length, unhealthy: unhealthy.length });
      const percent = (unhealthy.length * 100) / Math.max(1, hosts.length);
      if (!o.skipGates && unhealthy.length > 0 && percent > o.maxUnhealthyPercent) {
        throw new HostPoolHealthError(outcome, `${o.pool.name}: ${unhealthy.length} of ${hosts.length} session hosts unhealthy (${Math.round(percent)}%) after batch ${i + 1}/${batches.length}: ${unhealthy.map((h) => `${h.name} ${h.status}`).join(', ')}. Rolling back.`);
      }
    });
  }
  const done = await o.client.getHostPool(o.pool);
  // Released as '' (no lease) rather than left out: a PATCH that merges tags would keep a tag it does not name.
  await o.client.setHostPoolTags(o.pool, { ...done.tags, [RolloutTagKeys.lease]: '' });
  return outcome;
}

/**
 * Moves the hosts a rollout touched back to the images they ran before, the same careful way: each host to its own
 * recorded image. `force` defaults to true (a failed rollout's hosts must come back); an explicit rollback passes the
 * ring's own setting, so personal hosts with users logged on stay unless the ring says force.
 */
export async function rollbackHostPool(o: HostPoolRolloutOptions, failed: HostPoolOutcome, force = true): Promise<HostPoolOutcome> {
  const images = [...new Set(Object.values(failed.previous))];
  const results: HostPoolOutcome[] = [];
  for (const image of images) {
    o.logger.info(`${o.pool.name}: ${o.plan ? 'would roll' : 'rolling'} back to ${image.split('/').pop() ?? image}`);
    const only = new Set(Object.entries(failed.previous).filter(([, i]) => i === image).map(([h]) => h));
    results.push(await rolloutHostPool({ ...o, imageId: image, skipGates: true, force, restoring: true, only }));
  }
  return results.length === 0 ? { ...failed, moved: [], batches: 0 } : mergeOutcomes(results);
}

/** One outcome for a pool rolled back in several passes (one per recorded image). */
function mergeOutcomes(parts: readonly HostPoolOutcome[]): HostPoolOutcome {
  const [first, ...rest] = parts as [HostPoolOutcome, ...HostPoolOutcome[]];
  return rest.reduce((a, b) => ({
    ...a, moved: [...a.moved, ...b.moved], skipped: [...a.skipped, ...b.skipped], batches: a.batches + b.batches, drained: a.drained + b.drained,
    sessionsWaited: a.sessionsWaited + b.sessionsWaited, loggedOff: a.loggedOff + b.loggedOff, batchLog: [...a.batchLog, ...b.batchLog],
  }), first);
}
