import type { CloudEndpoints } from '../azure/clouds.js';
import { fanOut } from '../summary/mermaid.js';
import { portalLinksSection, resourceText } from '../summary/resource-links.js';
import type { Summary } from '../summary/summary.js';
import { formatElapsed } from '../wait/wait-options.js';
import type { ReplicateResult } from './replicate-image.js';
import { regionStatus, regionsIn } from './replication-status.js';

/** One row of the `regions` output and the summary table. */
export interface RegionReport {
  region: string;
  replicas: number;
  storageAccountType: string;
  state: string;
  progress: number;
  /** Observed in this run; absent for regions that were already complete. */
  durationSeconds?: number;
  details?: string;
}

/** The step's outputs, as flat strings (JSON for the per-region list). */
export type ReplicateOutputValues = {
  'image-version-id': string;
  regions: string;
  'replicated-regions': string;
  'failed-regions': string;
  'aggregated-state': string;
};

/** Per-region rows in target order. Replicas and storage fall back to ARM's defaults (1, Standard_LRS). */
export function regionReports(result: ReplicateResult): RegionReport[] {
  return result.targets.map((t) => {
    const s = regionStatus(result.snapshot, t.name);
    const row: RegionReport = {
      region: t.name,
      replicas: t.regionalReplicaCount ?? 1,
      storageAccountType: t.storageAccountType ?? 'Standard_LRS',
      state: s.state,
      progress: s.progress,
    };
    const took = result.times.durationMs(t.name, result.at);
    if (took !== undefined) row.durationSeconds = Math.round(took / 1000);
    if (s.details) row.details = s.details;
    return row;
  });
}

/** Outputs for success and failure alike, so a failed run still says which regions succeeded. */
export function replicateOutputs(result: ReplicateResult): ReplicateOutputValues {
  const names = result.targets.map((t) => t.name);
  return {
    'image-version-id': result.imageVersionId,
    regions: JSON.stringify(regionReports(result)),
    'replicated-regions': regionsIn(result.snapshot, names, 'Completed').join(','),
    'failed-regions': regionsIn(result.snapshot, names, 'Failed').join(','),
    'aggregated-state': result.aggregatedState,
  };
}

/** The job summary: one row per region with replicas, storage, state, progress and observed duration. */
export function replicateSummary(result: ReplicateResult, cloud: Pick<CloudEndpoints, 'portalUrl'> = {}): Summary {
  const reports = regionReports(result);
  const rows = reports.map((r) => [
    r.region,
    r.replicas,
    r.storageAccountType,
    r.details ? `${r.state}: ${r.details}` : r.state,
    `${r.progress}%`,
    r.durationSeconds === undefined ? '–' : formatElapsed(r.durationSeconds * 1000).replace(' elapsed', ''),
  ]);
  const { plan } = result;
  const changes = [
    plan.added.length ? `added ${plan.added.join(', ')}` : '',
    plan.changed.length ? `updated ${plan.changed.join(', ')}` : '',
    plan.removed.length ? `removed ${plan.removed.join(', ')}` : '',
  ].filter(Boolean);
  const links = portalLinksSection(cloud, [result.imageVersionId]);
  return {
    title: 'Replicate image version',
    status: `${result.label}: ${result.aggregatedState} in ${rows.length} region${rows.length === 1 ? '' : 's'}` +
      (changes.length ? ` (${changes.join('; ')})` : ' (no change to target regions)'),
    sections: [
      {
        // GitHub shows the picture; the table below carries the same facts for Azure DevOps and the CLI.
        kind: 'mermaid',
        heading: 'Replication per region',
        source: fanOut(resourceText(result.imageVersionId), reports.map((r) => ({
          name: r.region,
          detail: [r.state, `${r.replicas} replica${r.replicas === 1 ? '' : 's'}`, r.durationSeconds === undefined ? '' : formatElapsed(r.durationSeconds * 1000).replace(' elapsed', '')].filter(Boolean).join(', '),
          state: r.state,
        }))),
      },
      { kind: 'table', columns: ['Region', 'Replicas', 'Storage', 'State', 'Progress', 'Duration'], rows },
      { kind: 'text', text: `Target-region updates sent by this run: ${result.updates}. Status polls: ${result.polls}. Image version: ${resourceText(result.imageVersionId)}` },
      ...(links === undefined ? [] : [links]),
    ],
  };
}
