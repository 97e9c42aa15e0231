/** The per-ring deployments in pin-rollout's outputs and summary, the same on GitHub, Azure DevOps and the CLI. */
import type { SummarySection } from '../summary/summary.js';
import type { RingDeployment } from './ring-deployments.js';

/** The `ring-deployments` output: a JSON array, one object per ring this run started, in ring order. */
export function ringDeploymentsOutput(records: readonly RingDeployment[]): string {
  return JSON.stringify(records.map((r) => ({
    ring: r.ring, environment: r.environment, version: r.version, state: r.state, targets: r.targets,
    ...(r.deploymentId !== undefined ? { deploymentId: r.deploymentId } : {}),
  })));
}

/** A table of the rings as deployments to their environments; none when the run started no ring. */
export function ringDeploymentsSection(records: readonly RingDeployment[]): SummarySection[] {
  if (records.length === 0) return [];
  const recorded = records.some((r) => r.deploymentId !== undefined);
  return [{
    kind: 'table',
    heading: 'Deployments (one per ring, environment named after the ring)',
    columns: ['Environment', 'Version', 'State', 'Targets', ...(recorded ? ['Deployment'] : [])],
    rows: records.map((r) => [r.environment, r.version, r.state, r.targets.join(', '), ...(recorded ? [r.deploymentId === undefined ? '–' : String(r.deploymentId)] : [])]),
  }];
}
