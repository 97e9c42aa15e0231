import { ReplicationIncomplete, replicateImage } from '../core/replication/replicate-image.js';
import { type ReplicateInputs, resolveReplicateInputs } from '../core/replication/replicate-inputs.js';
import { type ReplicateOutputValues, replicateOutputs, replicateSummary } from '../core/replication/replication-report.js';
// StepFailure lets a failed or timed-out replication still hand over its outputs and summary (as scan does).
import { StepFailure } from './step-failure.js';
import { progressIntervalInput } from './progress-input.js';
import { defineStep } from './step-spec.js';
import { imageVersionIdOutput, versionTargetInputs } from './gallery-target-inputs.js';

export type { ReplicateInputs } from '../core/replication/replicate-inputs.js';
export type ReplicateOutputs = ReplicateOutputValues;

/** Replicate: converge an image version onto its target regions with live per-region progress (issue 4). */
export const replicateStep = defineStep<ReplicateInputs, ReplicateOutputs>({
  name: 'replicate',
  title: 'Replicate image version',
  description:
    'Replicates a gallery image version to its target regions with one update, follows per-region progress, resubmits ' +
    'failed regions, and resumes waiting on a re-run without resubmitting.',
  azdoTaskName: 'ReplicateImage',
  azdoTaskId: '3c9d7e21-5b4f-4a8e-9d6c-2e1f0a7b8c42',
  inputs: {
    ...versionTargetInputs,
    regions: {
      type: 'list-or-json',
      description:
        "Target regions: names ('westeurope, eastus', one per line or comma-separated) or a JSON array of objects " +
        '{name, replicas, storageAccountType, encryption, excludeFromLatest}, as in image.yaml.',
      configPath: 'regions',
    },
    // No `default:` on inputs image.yaml can set: the runner would pass it explicitly and the file could never win.
    mode: { type: 'enum', options: ['add', 'exact'], description: "add (default): union with the current regions. exact: also remove unlisted regions (needs allowDeletionOfReplicatedLocations on the version).", configPath: 'replication.mode' },
    'replication-mode': { type: 'enum', options: ['Full', 'Shallow'], description: 'Full copies (default), or Shallow for fast test pipelines.', configPath: 'replication.replicationMode' },
    'replica-count': { type: 'integer', description: 'Replicas per region for listed regions that set none (1-100).', configPath: 'versioning.replicaCount' },
    'storage-account-type': { type: 'enum', options: ['Standard_LRS', 'Standard_ZRS', 'Premium_LRS'], description: 'Storage account type for new regions that set none.', configPath: 'versioning.storageAccountType' },
    retries: { type: 'integer', description: 'How many times a region that ends Failed is resubmitted before the step fails (0-10, default 2).', configPath: 'replication.retries' },
    wait: { type: 'boolean', description: 'Wait until every region is Completed (default true). false returns right after the update with aggregated-state InProgress.', configPath: 'replication.wait' },
    'progress-interval-seconds': progressIntervalInput(15, 'status polls and progress lines', '; a Retry-After from Azure can only lengthen it'),
  },
  outputs: {
    'image-version-id': imageVersionIdOutput,
    regions: { description: 'JSON array, one entry per target region: region, replicas, storageAccountType, state, progress, durationSeconds, details.' },
    'replicated-regions': { description: 'Comma-separated regions whose replication is Completed.' },
    'failed-regions': { description: 'Comma-separated regions whose replication Failed (empty on success).' },
    'aggregated-state': { description: 'Completed, InProgress (wait: false, or timed out) or Failed.' },
  },
  resolve: resolveReplicateInputs,
  async run(inputs, ctx) {
    try {
      const result = await replicateImage(inputs, ctx);
      return { outputs: replicateOutputs(result), summary: replicateSummary(result, ctx.azure.cloud) };
    } catch (err) {
      if (err instanceof ReplicationIncomplete) throw new StepFailure(err, replicateOutputs(err.result), replicateSummary(err.result, ctx.azure.cloud));
      throw err;
    }
  },
});
