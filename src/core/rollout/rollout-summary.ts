/** The job summary of pin-rollout: one table per ring, one row per scale set. */
import type { Summary, SummarySection } from '../summary/summary.js';
import type { RolloutInputs, RolloutResult } from './rollout-types.js';

export function rolloutSummary(inputs: RolloutInputs, result: RolloutResult, failure?: string): Summary {
  const v = inputs.target.version;
  const status = failure
    ? `Rolled back: ${v} failed a gate`
    : inputs.plan ? `Plan for ${v} (nothing changed)`
      : inputs.rollback ? `Restored the previous images`
        : `Pinned ${v} in ${result.ringsCompleted}/${inputs.rings.length} ring(s)`;
  const sections: SummarySection[] = inputs.rings.map((ring) => ({
    kind: 'table',
    heading: `Ring ${ring.name} (batches ${ring.batchPercent}%, bake ${Math.round(ring.bakeTimeMs / 1000)}s, max unhealthy ${ring.maxUnhealthyPercent}%)`,
    columns: ['Scale set', 'Method', 'Instances', 'Batches', 'Unhealthy', 'Status', 'Previous image'],
    rows: result.outcomes.filter((o) => o.ring === ring.name).map((o) => [o.name, o.method, o.instances, o.batches, o.unhealthy, o.status, result.previous[o.id] ?? o.previousImage]),
  }));
  if (result.channel) sections.push({ kind: 'text', heading: 'Channel', text: `channel.${result.channel.name} = ${result.channel.value}${result.channel.previous ? ` (was ${result.channel.previous})` : ''}` });
  if (result.report.length > 0) {
    const text = result.report.join('\n');
    sections.push(inputs.plan ? { kind: 'text', heading: 'Plan', text } : { kind: 'details', summary: 'Report', text });
  }
  if (failure) sections.unshift({ kind: 'text', heading: 'Failure', text: failure });
  return { title: 'Pin and roll out image version', status, sections };
}
