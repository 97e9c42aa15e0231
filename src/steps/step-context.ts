import type { AzureContext } from '../core/azure/azure-context.js';
import type { Clock } from '../core/clock.js';
import type { LifecycleJournal } from '../core/lifecycle/lifecycle-journal.js';
import type { Logger } from '../core/logger.js';
import type { DeploymentPort } from '../core/rollout/ring-deployments.js';
import type { RunInfo } from '../core/run-info.js';

/** Everything a step may use. Runtimes build it from the environment; tests build it against the emulator. */
export interface StepContext {
  azure: AzureContext;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
  /** Who and what is running this step: provenance for tags and attestations. */
  run: RunInfo;
  /** A writable folder for files the step produces (reports, envelopes, manifests). */
  workDir: string;
  /** This job's record of the steps that ran (the overview step reads it); absent when the runtime keeps none. */
  lifecycle?: LifecycleJournal;
  /** Where rollouts record deployments (GitHub Deployments); absent when the platform has none or no token. */
  deployments?: DeploymentPort;
}
