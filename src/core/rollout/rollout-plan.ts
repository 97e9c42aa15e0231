/** plan: true — exactly what a rollout would change per scale set, computed from the same reads, changing nothing. */
import type { RolloutState } from './rollout-targets.js';
import type { RolloutInputs } from './rollout-types.js';
import { planBatches } from './health-gate.js';
import { imageReferenceOf, isPinned, methodFor, recordedPrevious } from './scale-set-pin.js';
import { encodeImageReference } from './rollout-tags.js';

/** One line per ring and scale set. */
export function planLines(state: RolloutState, inputs: RolloutInputs, ringsDone: number): string[] {
  const lines = [`Plan: pin ${state.versionId} through ${inputs.rings.length} ring(s); nothing is changed in plan mode.`];
  for (const [i, ring] of inputs.rings.entries()) {
    if (i < ringsDone) {
      lines.push(`Ring ${ring.name}: already completed by an earlier run; skipped`);
      continue;
    }
    lines.push(`Ring ${ring.name}: batches of ${ring.batchPercent}%, bake ${Math.round(ring.bakeTimeMs / 1000)}s, max unhealthy ${ring.maxUnhealthyPercent}%${ring.gate ? `, then gate ${ring.gate.kind}` : ''}`);
    for (const t of state.targets.filter((x) => x.ringIndex === i)) {
      const method = methodFor(t.vmss, ring);
      const capacity = t.vmss.sku?.capacity ?? 0;
      const from = encodeImageReference(imageReferenceOf(t.vmss));
      if (isPinned(t.vmss, state.versionId)) {
        lines.push(`  ${t.ref.name}: already pinned; would finish applying by ${method}`);
        continue;
      }
      const batches = method === 'manual-batches' || method === 'reimage-batches' ? planBatches(Array.from({ length: capacity }, (_, n) => String(n)), capacity, ring.batchPercent).length : 1;
      lines.push(`  ${t.ref.name}: imageReference ${from} -> ${state.versionId}; ${method}, ${capacity} instance(s) in ${batches} step(s)`);
    }
  }
  if (inputs.channel) lines.push(`Channel ${inputs.channel}: would point to ${inputs.target.version}`);
  if (inputs.promoteLatest) lines.push(`Version ${inputs.target.version}: would set excludeFromLatest=false`);
  return lines;
}

/** plan with rollback: what `rollback: true` would restore per scale set (host pools plan their own lines). */
export function rollbackPlanLines(state: RolloutState): string[] {
  const lines = ['Plan: roll back to the images recorded before the last rollout; nothing is changed in plan mode.'];
  for (const t of state.targets) {
    const previous = recordedPrevious(t.vmss);
    lines.push(previous === undefined
      ? `  ${t.ref.name}: no recorded previous image; would be left as it is`
      : `  ${t.ref.name}: imageReference ${encodeImageReference(imageReferenceOf(t.vmss))} -> ${previous}; ${methodFor(t.vmss, t.ring)}`);
  }
  return lines;
}
