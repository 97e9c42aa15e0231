/** Rolls every given scale set back to the imageReference recorded in its tags, all at once, and reports it. */
import { getScaleSet } from './scale-set-client.js';
import type { ApplyOptions } from './apply-upgrade.js';
import type { RolloutDeps } from './run-rollout.js';
import type { Target } from './rollout-targets.js';
import type { RolloutResult, ScaleSetOutcome } from './rollout-types.js';
import { methodFor, restoreScaleSet } from './scale-set-pin.js';

/**
 * Restores each target (re-read first: the rollout changed it) and waits until no instance runs the pinned
 * version. One failure does not stop the others; the first is rethrown after all were tried.
 */
export async function rollBackAll(
  targets: readonly Target[],
  deps: RolloutDeps,
  options: (t: Target) => ApplyOptions,
  result: RolloutResult,
  status: Extract<ScaleSetOutcome['status'], 'rolled-back' | 'restored'>,
): Promise<void> {
  const errors: unknown[] = [];
  await deps.logger.group(`Rollback of ${targets.length} scale set(s)`, async () => {
    await Promise.all(targets.map(async (t) => {
      try {
        const vmss = await getScaleSet(deps.compute, t.ref);
        const method = methodFor(vmss, t.ring);
        const previous = await restoreScaleSet(deps.compute, t.ref, vmss, method, { ...options(t), skipGates: true });
        if (previous === undefined) {
          deps.logger.info(`${t.ref.name}: no recorded previous image; left as it is`);
          return;
        }
        result.previous[t.id] = previous;
        deps.logger.info(`${t.ref.name}: restored to ${previous}`);
        const existing = result.outcomes.find((o) => o.id === t.id);
        if (existing) existing.status = status;
        else result.outcomes.push({ ring: t.ring.name, id: t.id, name: t.ref.name, method, previousImage: previous, instances: vmss.sku?.capacity ?? 0, batches: 0, unhealthy: 0, status });
      } catch (e) {
        deps.logger.error(`${t.ref.name}: rollback failed: ${(e as Error).message}`);
        errors.push(e);
      }
    }));
  });
  if (errors.length > 0) throw errors[0];
}
