/**
 * pin-rollout's explicit `rollback: true` for the rings' AVD host pools (issue 19): each pool goes back to what the
 * last rollout recorded, the same careful way the rollout moved it. Drain/reimage pools: every VM a rollout moved
 * names its previous image in its tag, so those hosts are drained, their users messaged and given the grace period,
 * then reimaged to it, in batches within max-unavailable. Session-host-update pools: the configuration goes back to
 * the image in the pool's `previous` (rollout under way) or `restore` (rollout succeeded) tag and the hosts are
 * updated. Nothing recorded: a warning, no change. Plan mode only says what would change.
 */
import type { HostPoolClient, HostPoolRef } from './host-pool-client.js';
import type { HostPoolRecord, HostPoolRingDeps } from './host-pool-ring.js';
import { optionsFor } from './host-pool-ring.js';
import type { HostPoolOutcome, HostPoolRolloutOptions } from './host-pool-rollout.js';
import { rollbackHostPool } from './host-pool-rollout.js';
import { readManagedPool, rollbackManagedPool } from './host-pool-session-host-update.js';
import { decodeLease, getLong, RolloutTagKeys } from './rollout-tags.js';
import type { Ring } from './rollout-types.js';
import { azureCall } from '../azure/azure-call.js';

const short = (image: string): string => image.split('/').pop() ?? image;

function emptyOutcome(pool: string, hostPoolType: string, hosts: number): HostPoolOutcome {
  return { pool, hostPoolType, hosts, moved: [], skipped: [], batches: 0, drained: 0, sessionsWaited: 0, loggedOff: 0, previous: {}, batchLog: [] };
}

/**
 * What the last rollout recorded for the pool's hosts: host name -> the image its VM ran before. A host an earlier
 * run of this rollback drained and reimaged (its record cleared) before it crashed still holds our lease; it is
 * taken with its current image, so it is re-enabled without being reimaged again.
 */
async function recordedHostImages(o: HostPoolRolloutOptions, client: HostPoolClient): Promise<{ type: string; hosts: number; previous: Record<string, string> }> {
  const pool = await client.getHostPool(o.pool);
  const ours = decodeLease(pool.tags[RolloutTagKeys.lease])?.owner === o.owner;
  const hosts = await client.listSessionHosts(o.pool);
  const previous: Record<string, string> = {};
  for (const h of hosts) {
    const parts = h.vmId.split('/');
    const vm = await azureCall(`reading VM ${parts[8] ?? h.vmId}`, () => o.compute.virtualMachines.get(parts[4] ?? '', parts[8] ?? ''));
    const ref = vm.storageProfile?.imageReference;
    const image = getLong(vm.tags, RolloutTagKeys.previous) || (ours && !h.allowNewSession ? ref?.id : undefined);
    if (image) previous[h.name] = image;
  }
  return { type: pool.hostPoolType, hosts: hosts.length, previous };
}

async function restoreOne(deps: HostPoolRingDeps, o: HostPoolRolloutOptions, ring: Ring): Promise<HostPoolRecord> {
  const record = (outcome: HostPoolOutcome, status: HostPoolRecord['status']): HostPoolRecord => ({ ring: ring.name, ref: o.pool, outcome, status, unhealthy: false });
  const managed = await readManagedPool(o);
  if (managed) {
    const pool = await o.client.getHostPool(o.pool);
    // `previous` while a rollout is under way (it wins: it is the newer record), `restore` after one succeeded.
    const previousImage = getLong(pool.tags, RolloutTagKeys.previous) || getLong(pool.tags, RolloutTagKeys.restore);
    const hosts = (await managed.shu.hosts()).length;
    const recorded = { ...emptyOutcome(o.pool.name, pool.hostPoolType, hosts), sessionHostUpdate: previousImage ? { previousImage } : {} };
    if (!previousImage) return nothingRecorded(deps, o.pool, record(recorded, 'unchanged'));
    if (o.plan) {
      deps.logger.info(`plan: ${o.pool.name}: session host update: configuration image ${short(managed.config.image)} -> ${short(previousImage)}; Azure would update the ${hosts} host(s) with the management's settings (at most ${managed.settings.maxVmsRemoved} at a time, log-off after ${managed.settings.logOffDelayMinutes} min)`);
      return record(recorded, 'planned');
    }
    return record(await rollbackManagedPool({ ...o, imageId: previousImage }, recorded), 'rolled-back');
  }
  const found = await recordedHostImages(o, o.client);
  const recorded = { ...emptyOutcome(o.pool.name, found.type, found.hosts), previous: found.previous };
  if (Object.keys(found.previous).length === 0) return nothingRecorded(deps, o.pool, record(recorded, 'unchanged'));
  const outcome = await rollbackHostPool(o, recorded, o.force);
  return record(outcome, o.plan ? 'planned' : 'rolled-back');
}

function nothingRecorded(deps: HostPoolRingDeps, pool: HostPoolRef, r: HostPoolRecord): HostPoolRecord {
  deps.logger.warn(`${pool.name}: no previous image recorded (no rollout moved it, or it was rolled back already); left as it is`);
  return r;
}

/**
 * Restores every host pool of `rings`, one after the other (each under its own lease), into `records`. One failure
 * does not stop the others; the first is rethrown after all were tried.
 */
export async function restoreHostPools(
  deps: HostPoolRingDeps,
  r: { rings: readonly Ring[]; owner: string; leaseDurationMs: number; pollIntervalMs: number; deadline: number; plan: boolean; records: HostPoolRecord[] },
): Promise<void> {
  const errors: unknown[] = [];
  for (const ring of r.rings) {
    for (const pool of ring.hostPools ?? []) {
      try {
        // imageId is set per pass by the rollback (each host's recorded image); the lease names it.
        const o = optionsFor(deps, { ring, imageId: '', owner: r.owner, leaseDurationMs: r.leaseDurationMs, pollIntervalMs: r.pollIntervalMs, deadline: r.deadline, plan: r.plan }, pool);
        r.records.push(await restoreOne(deps, o, ring));
      } catch (e) {
        deps.logger.error(`${pool.name}: rollback failed: ${(e as Error).message}`);
        errors.push(e);
      }
    }
  }
  if (errors.length > 0) throw errors[0];
}
