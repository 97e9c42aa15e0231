/**
 * Following one upgrade batch with as few instance reads as the batch's timing allows (issue 18). Each read lists
 * the whole scale set with its instance views, so one read is both the "has the batch finished" check and the
 * health gate's evidence. The instance views say when each instance finished (ProvisioningState/succeeded carries
 * its time), so the bake is counted from the real end of the batch rather than from whenever a poll noticed it,
 * and what one batch took predicts the next: once known, a batch costs one read, taken when upgrade + bake are over.
 */
import { AzureError, ErrorCodes } from '../errors.js';
import type { ApplyOptions } from './apply-upgrade.js';
import type { InstanceHealth } from './health-gate.js';
import type { ScaleSetRef } from './rollout-types.js';
import { listInstances, scaleSetIdOf } from './scale-set-client.js';

/** How long upgrade batches took in this rollout: per scale set, and the latest of any as a first guess. */
export class UpgradeTiming {
  private readonly bySet = new Map<string, number>();
  private latest: number | undefined;

  /** The expected time from requesting a batch to its last instance finishing, if any batch has been seen. */
  estimate(ref: ScaleSetRef): number | undefined {
    return this.bySet.get(scaleSetIdOf(ref).toLowerCase()) ?? this.latest;
  }

  learn(ref: ScaleSetRef, ms: number): void {
    this.bySet.set(scaleSetIdOf(ref).toLowerCase(), ms);
    this.latest = ms;
  }
}

const settled = (i: InstanceHealth) => i.latestModelApplied && !i.updating;

async function sleepUntil(o: ApplyOptions, at: number): Promise<void> {
  const ms = at - o.clock.now();
  if (ms > 0) await o.clock.sleep(ms, o.signal);
}

/**
 * Waits until every instance in `ids` is on the model and the bake time has passed since the last of them
 * finished; returns that read of the whole scale set for the health gate. Without an estimate it polls every
 * pollIntervalMs until the batch has finished, then sleeps out the rest of the bake.
 */
export async function awaitBatch(ref: ScaleSetRef, o: ApplyOptions, ids: ReadonlySet<string>, requestedAt: number, what: string): Promise<InstanceHealth[]> {
  const estimate = o.timing?.estimate(ref);
  let wakeAt = estimate !== undefined ? requestedAt + estimate + o.bakeTimeMs : o.clock.now() + o.pollIntervalMs;
  // Fixed at the first read that saw the batch finished: a platform clock ahead of ours must not move the end (and
  // with it the bake) forward at every read.
  let finishedAt: number | undefined;
  for (;;) {
    await sleepUntil(o, wakeAt);
    const all = await listInstances(o.compute, ref);
    const now = o.clock.now();
    const batch = all.filter((i) => ids.has(i.instanceId));
    if (batch.every(settled)) {
      if (finishedAt === undefined) {
        // The platform's clock dates the statuses: never later than our read, never before the request.
        finishedAt = batch.reduce((last, i) => Math.max(last, Math.min(now, i.settledAt ?? now)), requestedAt);
        o.timing?.learn(ref, finishedAt - requestedAt);
      }
      if (now >= finishedAt + o.bakeTimeMs) return all;
      wakeAt = finishedAt + o.bakeTimeMs;
      continue;
    }
    if (now >= o.deadline) {
      throw new AzureError(ErrorCodes.timeout, `Timed out waiting for ${what} on scale set ${ref.name}. Raise timeout-minutes, or re-run: the rollout resumes where it stopped.`);
    }
    wakeAt = now + o.pollIntervalMs;
  }
}
