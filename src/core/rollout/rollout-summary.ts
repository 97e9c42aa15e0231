/** The job summary of pin-rollout: a timeline of rings and scale sets, one table per ring, portal links. */
import type { CloudEndpoints } from '../azure/clouds.js';
import { timeline } from '../summary/mermaid.js';
import { imageReferenceText, portalLinksSection, resourceText } from '../summary/resource-links.js';
import type { Summary, SummarySection } from '../summary/summary.js';
import { evidenceSections } from './canary-evidence-summary.js';
import { hostPoolSections, hostPoolTimelineEntries } from './host-pool-summary.js';
import type { RolloutInputs, RolloutResult } from './rollout-types.js';

export function rolloutSummary(inputs: RolloutInputs, result: RolloutResult, failure?: string, cloud: Pick<CloudEndpoints, 'portalUrl'> = {}): Summary {
  const v = inputs.target.version;
  const status = failure
    ? `Rolled back: ${v} failed a gate`
    : inputs.plan ? `Plan for ${v} (nothing changed)`
      : inputs.rollback ? `Restored the previous images`
        : `Pinned ${v} in ${result.ringsCompleted}/${inputs.rings.length} ring(s)`;
  const sections: SummarySection[] = [];
  if (result.outcomes.length > 0 || (result.hostPools ?? []).length > 0) sections.push({ kind: 'mermaid', heading: 'Rollout', source: rolloutTimeline(inputs, result) });
  sections.push(...inputs.rings.map((ring): SummarySection => ({
    kind: 'table',
    heading: `Ring ${ring.name} (batches ${ring.batchPercent}%, bake ${Math.round(ring.bakeTimeMs / 1000)}s, max unhealthy ${ring.maxUnhealthyPercent}%)`,
    columns: ['Scale set', 'Method', 'Instances', 'Batches', 'Unhealthy', 'Status', 'Previous image'],
    rows: result.outcomes.filter((o) => o.ring === ring.name).map((o) => [o.name, o.method, o.instances, o.batches, o.unhealthy, o.status, imageReferenceText(result.previous[o.id] ?? o.previousImage)]),
  })));
  sections.push(...hostPoolSections(inputs.rings, result));
  sections.push(...evidenceSections(result.evidence));
  if (result.channel) sections.push({ kind: 'text', heading: 'Channel', text: `channel.${result.channel.name} = ${result.channel.value}${result.channel.previous ? ` (was ${result.channel.previous})` : ''}` });
  if (result.report.length > 0) {
    const text = result.report.join('\n');
    sections.push(inputs.plan ? { kind: 'text', heading: 'Plan', text } : { kind: 'details', summary: 'Report', text });
  }
  const links = portalLinksSection(cloud, [result.versionId, ...result.outcomes.map((o) => o.id)]);
  if (links) sections.push(links);
  if (failure) sections.unshift({ kind: 'text', heading: 'Failure', text: failure });
  return { title: 'Pin and roll out image version', status, sections };
}

/** Rings in order; per scale set its batches, bake time and health result. */
function rolloutTimeline(inputs: RolloutInputs, result: RolloutResult): string {
  return timeline(
    `${inputs.plan ? 'Plan for' : 'Rollout of'} ${resourceText(result.versionId)}`,
    inputs.rings.map((ring) => ({
      name: `ring ${ring.name}, bake ${Math.round(ring.bakeTimeMs / 1000)}s`,
      entries: result.outcomes
        .filter((o) => o.ring === ring.name)
        .map((o) => ({
          period: o.name,
          events: [
            `${o.batches} batch${o.batches === 1 ? '' : 'es'} of ${o.instances} instances (${o.method})`,
            o.unhealthy > 0 ? `${o.unhealthy} unhealthy` : 'healthy',
            o.status,
          ],
        }))
        .concat(hostPoolTimelineEntries(result, ring.name)),
    })).filter((s) => s.entries.length > 0),
  );
}
