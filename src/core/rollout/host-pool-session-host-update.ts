/**
 * Rolling a gallery version onto a host pool that Azure manages through a session host configuration and session
 * host management ("session host update"): instead of draining and reimaging hosts ourselves, point the
 * configuration's image at the version, start the service's update (its saved settings decide batch size, log-off
 * delay and message, and whether original VMs are kept) and follow its progress, holding the ring's health gate. An
 * unhealthy pool has its update cancelled, then the configuration goes back to the previous image and the hosts are
 * updated again. The image before the rollout is kept in a host pool tag, so a re-run after a crash resumes the
 * running update instead of starting a second one, and can still roll back.
 */
import { AzureError, ConfigurationError, ErrorCodes } from '../errors.js';
import { reportProgress } from '../logger.js';
import { HostPoolHealthError, rollbackHostPool, rolloutHostPool, takeLease, type HostPoolOutcome, type HostPoolRolloutOptions } from './host-pool-rollout.js';
import { getLong, putLong, removeLong, RolloutTagKeys } from './rollout-tags.js';
import { SessionHostUpdateClient, updateInProgress, type SessionHostConfigurationInfo, type UpdateSettings } from './session-host-update-client.js';

export interface ManagedPool {
  shu: SessionHostUpdateClient;
  config: SessionHostConfigurationInfo;
  settings: UpdateSettings;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const short = (image: string): string => image.split('/').pop() ?? image;
// Host states that are part of being updated; any other state than Available on an updated host is unhealthy.
const transient = new Set(['Upgrading', 'Unavailable', 'NoHeartbeat']);

/** The pool's configuration and management, or undefined when it has not both (then the drain/reimage path applies). */
export async function readManagedPool(o: HostPoolRolloutOptions): Promise<ManagedPool | undefined> {
  const shu = new SessionHostUpdateClient(o.client, o.pool);
  const config = await shu.configuration();
  if (!config) return undefined;
  const settings = await shu.updateSettings();
  return settings ? { shu, config, settings } : undefined;
}

async function waitConfiguration(o: HostPoolRolloutOptions, shu: SessionHostUpdateClient): Promise<SessionHostConfigurationInfo> {
  for (;;) {
    const config = await shu.configuration();
    if (!config) throw new AzureError(ErrorCodes.operationFailed, `The session host configuration of ${o.pool.name} disappeared during the rollout. Nothing else was changed.`);
    if (config.provisioningState === 'Failed') throw new AzureError(ErrorCodes.operationFailed, `Updating the session host configuration of ${o.pool.name} failed (provisioningState Failed). No session host was updated; re-run to try again.`);
    if (config.provisioningState !== 'Provisioning') return config;
    if (o.clock.now() >= o.deadline) throw new AzureError(ErrorCodes.timeout, `Timed out waiting for the session host configuration of ${o.pool.name} to finish provisioning. Raise timeout-minutes, or re-run: the rollout resumes.`);
    await o.clock.sleep(o.pollIntervalMs, o.signal);
  }
}

async function setTags(o: HostPoolRolloutOptions, change: (tags: Record<string, string>) => void): Promise<void> {
  const tags = { ...(await o.client.getHostPool(o.pool)).tags };
  change(tags);
  await o.client.setHostPoolTags(o.pool, tags);
}

/** Cancels a running update and waits until it has stopped (VM replacements under way finish first). */
async function cancelUpdate(o: HostPoolRolloutOptions, shu: SessionHostUpdateClient): Promise<void> {
  o.logger.warn(`${o.pool.name}: cancelling the session host update`);
  await shu.control('Cancel', 'The update of this desktop was called off. You can keep working.');
  for (;;) {
    const s = await shu.status();
    if (!s || !updateInProgress.includes(s.status)) return;
    if (o.clock.now() >= o.deadline) throw new AzureError(ErrorCodes.timeout, `Timed out waiting for the session host update of ${o.pool.name} to cancel (${s.status}). Raise timeout-minutes, or re-run.`);
    await o.clock.sleep(o.pollIntervalMs, o.signal);
  }
}

/** Fails the gate when more updated hosts than the ring allows are in a state other than Available. */
async function gate(o: HostPoolRolloutOptions, shu: SessionHostUpdateClient, version: string, final: boolean): Promise<string | undefined> {
  const hosts = await shu.hosts();
  const unhealthy = hosts.filter((h) => h.configurationVersion === version && h.status !== 'Available' && (final || !transient.has(h.status)));
  const percent = (unhealthy.length * 100) / Math.max(1, hosts.length);
  if (unhealthy.length === 0 || percent <= o.maxUnhealthyPercent) return undefined;
  return `${o.pool.name}: ${unhealthy.length} of ${hosts.length} session hosts unhealthy (${Math.round(percent)}%) ${final ? 'after' : 'during'} the session host update: ${unhealthy.map((h) => `${h.name} ${h.status}`).join(', ')}.`;
}

/** Follows the update to its end with a progress line per change; with gates, an unhealthy pool cancels it. */
async function follow(o: HostPoolRolloutOptions, shu: SessionHostUpdateClient, version: string, outcome: HostPoolOutcome, gates: boolean): Promise<void> {
  let last = '';
  // An update of a large pool can outlast the lease: renew it once half of it has run out.
  let renewAt = o.clock.now() + o.leaseDurationMs / 2;
  for (;;) {
    if (o.clock.now() >= renewAt) {
      await takeLease(o, (await o.client.getHostPool(o.pool)).tags);
      renewAt = o.clock.now() + o.leaseDurationMs / 2;
    }
    const s = await shu.status();
    if (!s) throw new AzureError(ErrorCodes.operationFailed, `The session host update of ${o.pool.name} has no status. Re-run: the rollout resumes.`);
    const line = `${o.pool.name}: session host update ${s.status}: ${s.completed} of ${s.total} host(s) updated, ${s.inProgress} in progress`;
    if (line !== last) {
      o.logger.info(line);
      reportProgress(o.logger, s.percentComplete, `${o.pool.name}: session host update`);
      last = line;
    }
    const unhealthy = gates ? await gate(o, shu, version, false) : undefined;
    if (unhealthy && updateInProgress.includes(s.status)) {
      await cancelUpdate(o, shu);
      throw new HostPoolHealthError(outcome, `${unhealthy} Cancelled the update; rolling back.`);
    }
    if (s.status === 'Succeeded') break;
    if (!updateInProgress.includes(s.status)) {
      const why = `${o.pool.name}: the session host update ended ${s.status}${s.error ? ` (${s.error})` : ''}.`;
      if (gates) throw new HostPoolHealthError(outcome, `${why} Rolling back.`);
      throw new AzureError(ErrorCodes.operationFailed, `${why} Check the host pool in the Azure portal, then re-run.`);
    }
    if (o.clock.now() >= o.deadline) throw new AzureError(ErrorCodes.timeout, `Timed out following the session host update of ${o.pool.name} (${s.status}). Raise timeout-minutes, or re-run: the rollout follows the same update.`);
    await o.clock.sleep(o.pollIntervalMs, o.signal);
  }
  outcome.moved = (await shu.hosts()).filter((h) => h.configurationVersion === version).map((h) => h.name);
  if (!gates) return;
  if (o.bakeTimeMs > 0) await o.clock.sleep(o.bakeTimeMs, o.signal);
  const unhealthy = await gate(o, shu, version, true);
  if (unhealthy) throw new HostPoolHealthError(outcome, `${unhealthy} Rolling back.`);
}

/** Points the configuration at `image` (unless it already is) and updates the hosts not on it yet. */
async function updateTo(o: HostPoolRolloutOptions, m: ManagedPool, image: string, outcome: HostPoolOutcome, gates: boolean): Promise<void> {
  const status = await m.shu.status();
  let config = m.config;
  refuseForeignUpdate(o, m, image, status?.status);
  if (status && updateInProgress.includes(status.status)) {
    o.logger.info(`${o.pool.name}: a session host update to ${short(image)} is already ${status.status} (started by an earlier run); following it`);
  } else {
    if (!same(config.image, image)) {
      await m.shu.setImage(image);
      config = await waitConfiguration(o, m.shu);
      o.logger.info(`${o.pool.name}: session host configuration now points at ${short(image)}`);
    }
    const todo = (await m.shu.hosts()).filter((h) => h.configurationVersion !== config.version);
    if (todo.length === 0) {
      o.logger.info(`${o.pool.name}: every session host already runs the configuration's image ${short(image)}`);
      return;
    }
    await m.shu.initiate();
    o.logger.info(`${o.pool.name}: started the session host update of ${todo.length} host(s), at most ${m.settings.maxVmsRemoved} at a time; users are logged off ${m.settings.logOffDelayMinutes} min after the message`);
  }
  await follow(o, m.shu, config.version, outcome, gates);
}

function planLine(o: HostPoolRolloutOptions, m: ManagedPool, outdated: number, total: number, running: string | undefined): string {
  const s = m.settings;
  if (running) return `plan: ${o.pool.name}: a session host update to ${short(m.config.image)} is ${running}; a run would follow it`;
  return `plan: ${o.pool.name}: session host update: configuration image ${short(m.config.image)} -> ${short(o.imageId)}; Azure updates ${outdated} of ${total} host(s), ` +
    `at most ${s.maxVmsRemoved} at a time, messages users${s.logOffMessage ? ` '${s.logOffMessage}'` : ''} and logs them off after ${s.logOffDelayMinutes} min; ` +
    `original VMs ${s.deleteOriginalVm ? 'deleted' : 'kept'}`;
}

/** Stops before any change when someone else's update (to another image) is running on the pool. */
function refuseForeignUpdate(o: HostPoolRolloutOptions, m: ManagedPool, image: string, status: string | undefined): void {
  if (status === undefined || !updateInProgress.includes(status) || same(m.config.image, image)) return;
  throw new ConfigurationError(ErrorCodes.rolloutLeased, `A session host update is ${status} on host pool ${o.pool.name} for image ${short(m.config.image)}, not ${short(image)}. Wait for it to end, or cancel it, then re-run. Nothing was changed.`);
}

async function rolloutManagedPool(o: HostPoolRolloutOptions, m: ManagedPool): Promise<HostPoolOutcome> {
  const status = await m.shu.status();
  refuseForeignUpdate(o, m, o.imageId, status?.status);
  const pool = await o.client.getHostPool(o.pool);
  await takeLease(o, pool.tags);
  const onTarget = same(m.config.image, o.imageId);
  // On target: mid-rollout the in-flight record, after a success the one kept for rollback (a resumed run needs it).
  const previousImage = onTarget ? getLong(pool.tags, RolloutTagKeys.previous) ?? getLong(pool.tags, RolloutTagKeys.restore) : m.config.image;
  const hosts = await m.shu.hosts();
  const outdated = onTarget ? hosts.filter((h) => h.configurationVersion !== m.config.version).length : hosts.length;
  const outcome: HostPoolOutcome = {
    pool: o.pool.name, hostPoolType: pool.hostPoolType, hosts: hosts.length, moved: [], skipped: [], drained: 0, sessionsWaited: 0, loggedOff: 0, previous: {}, batchLog: [],
    batches: Math.ceil(outdated / Math.max(1, m.settings.maxVmsRemoved)), sessionHostUpdate: previousImage ? { previousImage } : {},
  };
  const running = status && updateInProgress.includes(status.status) ? status.status : undefined;
  if (o.plan) {
    o.logger.info(planLine(o, m, outdated, hosts.length, running));
    return outcome;
  }
  o.logger.info(`${o.pool.name}: managed by session host update; the management's settings apply, not the ring's maxUnavailablePercent and gracePeriod`);
  // The image to return to is recorded before anything changes, so a crashed run can still roll back.
  if (!onTarget) await setTags(o, (tags) => putLong(tags, RolloutTagKeys.previous, m.config.image));
  await updateTo(o, m, o.imageId, outcome, !o.skipGates);
  await setTags(o, (tags) => {
    delete tags[RolloutTagKeys.lease];
    removeLong(tags, RolloutTagKeys.previous);
    // Kept past success, so an explicit rollback later still knows the image (a re-run on target keeps the old one).
    if (previousImage) putLong(tags, RolloutTagKeys.restore, previousImage);
  });
  return outcome;
}

export async function rollbackManagedPool(o: HostPoolRolloutOptions, failed: HostPoolOutcome): Promise<HostPoolOutcome> {
  const previous = failed.sessionHostUpdate?.previousImage;
  const m = await readManagedPool(o);
  if (!previous || !m) {
    o.logger.warn(`${o.pool.name}: no image recorded from before the session host update; the pool stays on ${short(m?.config.image ?? o.imageId)}`);
    return { ...failed, moved: [] };
  }
  o.logger.info(`${o.pool.name}: rolling back: session host configuration back to ${short(previous)}, then updating the session hosts again`);
  const pool = await o.client.getHostPool(o.pool);
  await takeLease(o, pool.tags);
  const status = await m.shu.status();
  // A rollback wins over an update still moving hosts to the version being rolled back.
  if (status && updateInProgress.includes(status.status) && !same(m.config.image, previous)) await cancelUpdate(o, m.shu);
  const outcome: HostPoolOutcome = { ...failed, moved: [], sessionHostUpdate: {} };
  await updateTo(o, m, previous, outcome, false);
  await setTags(o, (tags) => {
    delete tags[RolloutTagKeys.lease];
    removeLong(tags, RolloutTagKeys.previous);
    removeLong(tags, RolloutTagKeys.restore);
  });
  return outcome;
}

/** Rolls one host pool: through session host update when Azure manages it that way, else drain/reimage. */
export async function rolloutAnyHostPool(o: HostPoolRolloutOptions): Promise<HostPoolOutcome> {
  const managed = await readManagedPool(o);
  return managed ? rolloutManagedPool(o, managed) : rolloutHostPool(o);
}

/** Rolls back what rolloutAnyHostPool did to one host pool, the same way it was rolled. */
export async function rollbackAnyHostPool(o: HostPoolRolloutOptions, failed: HostPoolOutcome): Promise<HostPoolOutcome> {
  return failed.sessionHostUpdate ? rollbackManagedPool(o, failed) : rollbackHostPool(o, failed);
}
