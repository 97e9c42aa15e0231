/**
 * Each ring of a rollout as a deployment to an environment named after the ring (issue 20), so teams see a rollout
 * where they look: GitHub Deployments through a port the GitHub runtime supplies, and on every platform the same
 * per-ring record in the `ring-deployments` output and the summary. Reporting a deployment is best effort: a
 * refused or failed call (403 without `deployments: write`) warns once and turns the port off; it never fails or
 * slows down the rollout itself.
 */
import type { Logger } from '../logger.js';
import type { RunInfo } from '../run-info.js';

/** The deployment status states GitHub documents; the rollout uses all but queued and pending. */
export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive' | 'error';

export interface DeploymentRequest {
  environment: string;
  description: string;
  /** What was deployed, for whoever reads the deployment later (the image version above all). */
  payload: Readonly<Record<string, unknown>>;
}

export interface DeploymentStatusRequest {
  state: DeploymentState;
  description: string;
  environment: string;
  /** Link to the CI run that made the change. */
  logUrl?: string;
}

/** Where deployments are recorded (GitHub's REST API in the GitHub runtime). Both calls may throw. */
export interface DeploymentPort {
  /** What the port is, for log lines ("GitHub deployments of owner/repo"). */
  readonly label: string;
  /** What to tell the user when the platform refuses (HTTP 403/404): usually the permission to grant. */
  readonly refusedHint?: string;
  create(request: DeploymentRequest): Promise<{ id: number; url?: string }>;
  setStatus(id: number, status: DeploymentStatusRequest): Promise<void>;
}

/** One ring's deployment as outputs and summaries show it. */
export interface RingDeployment {
  ring: string;
  environment: string;
  version: string;
  versionId: string;
  state: DeploymentState;
  targets: string[];
  /** The deployment's id where a port recorded it (GitHub), absent otherwise. */
  deploymentId?: number;
  deploymentUrl?: string;
}

/** GitHub caps a status description at 140 characters. */
const MAX_DESCRIPTION = 140;

function short(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

/** Follows the rings of one rollout: the records always, the port while it works. */
export class RingDeployments {
  readonly records: RingDeployment[] = [];
  private port: DeploymentPort | undefined;

  constructor(
    port: DeploymentPort | undefined,
    private readonly logger: Logger,
    private readonly run: RunInfo,
    private readonly version: { version: string; versionId: string },
  ) {
    this.port = port;
  }

  /** A ring starts: its deployment is created and marked in_progress. */
  async started(ring: string, targets: readonly string[]): Promise<void> {
    const record: RingDeployment = { ring, environment: ring, version: this.version.version, versionId: this.version.versionId, state: 'in_progress', targets: [...targets] };
    this.records.push(record);
    const port = this.port;
    if (!port) return;
    try {
      const created = await port.create({
        environment: record.environment,
        description: short(`Image ${record.version} to ring ${ring} (${targets.length} target${targets.length === 1 ? '' : 's'})`),
        payload: { imageVersion: record.version, imageVersionId: record.versionId, ring, targets: record.targets },
      });
      record.deploymentId = created.id;
      if (created.url !== undefined) record.deploymentUrl = created.url;
      this.logger.info(`Ring ${ring}: ${port.label}: deployment ${created.id} to environment ${record.environment}`);
    } catch (err) {
      this.turnOff(`creating the deployment of ring ${ring}`, err);
      return;
    }
    await this.report(record, `Rolling out image ${record.version}`);
  }

  /** The ring that is in progress reached its end state. */
  async finished(state: Extract<DeploymentState, 'success' | 'failure' | 'error'>, why: string): Promise<void> {
    const record = this.records.findLast((r) => r.state === 'in_progress');
    if (!record) return;
    record.state = state;
    await this.report(record, why);
  }

  /** Rings that succeeded in this run were rolled back: their deployments no longer run the version. */
  async rolledBack(): Promise<void> {
    for (const record of this.records.filter((r) => r.state === 'success')) {
      record.state = 'inactive';
      await this.report(record, `Rolled back to the previous image after a later ring failed`);
    }
  }

  private async report(record: RingDeployment, description: string): Promise<void> {
    const port = this.port;
    if (!port || record.deploymentId === undefined) return;
    try {
      await port.setStatus(record.deploymentId, {
        state: record.state, description: short(description), environment: record.environment,
        ...(this.run.runUrl !== undefined ? { logUrl: this.run.runUrl } : {}),
      });
    } catch (err) {
      this.turnOff(`setting ring ${record.ring}'s deployment to ${record.state}`, err);
    }
  }

  private turnOff(what: string, err: unknown): void {
    const port = this.port;
    this.port = undefined;
    if (!port) return;
    const status = (err as { status?: unknown }).status;
    const reason = err instanceof Error ? err.message : String(err);
    const hint = (status === 403 || status === 404) && port.refusedHint ? ` ${port.refusedHint}` : '';
    this.logger.warn(`${port.label}: ${what} failed${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${reason}. Deployments are no longer reported for this rollout; the rollout goes on.${hint}`);
  }
}
