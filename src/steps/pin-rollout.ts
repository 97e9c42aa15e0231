import { parseSubjectId } from '../core/attest/live-manifest.js';
import { keylessTrust, resolveKeylessTrustInputs, trustedKeySpecsOf, type KeylessTrustInputs } from '../core/attest/trust-inputs.js';
import { resolveTrustedKeys, type TrustedKeySpec } from '../core/attest/trusted-key-specs.js';
import { ConfigurationError, ErrorCodes } from '../core/errors.js';
import { inputString } from '../core/config/input-values.js';
import { resolveRolloutInputs, withSubscription } from '../core/rollout/rollout-inputs.js';
import { HostPoolClient } from '../core/rollout/host-pool-client.js';
import { rolloutSummary } from '../core/rollout/rollout-summary.js';
import { selectRing } from '../core/rollout/single-ring.js';
import { hostPoolsOutput } from '../core/rollout/host-pool-summary.js';
import type { RolloutInputs, RolloutResult } from '../core/rollout/rollout-types.js';
import { RolloutFailure, runRollout } from '../core/rollout/run-rollout.js';
import { ringDeploymentsOutput } from '../core/rollout/ring-deployments-report.js';
import type { RingDeployments } from '../core/rollout/ring-deployments.js';
import { githubDeploymentInputs, ringDeploymentsFor, withDeployments } from './ring-deployment-inputs.js';
import { keylessTrustInputSpecs } from './keyless-trust-inputs.js';
import { defineStep } from './step-spec.js';
import type { StepContext } from './step-context.js';
import { StepFailure } from './step-failure.js';
import { galleryInputs, versionTargetInputs } from './gallery-target-inputs.js';

export type PinRolloutInputs = RolloutInputs & { trustedKeySpecs: TrustedKeySpec[]; keyless: KeylessTrustInputs; githubDeployments?: 'true' | 'false' | 'auto' };

export type PinRolloutOutputs = {
  'pinned-version': string;
  'previous-versions': string;
  'rolled-back': boolean;
  'rings-completed': number;
  'ring-deployments': string;
  'host-pools': string;
};

function outputsOf(result: RolloutResult, version: string, deployments: RingDeployments | undefined): PinRolloutOutputs {
  return {
    'ring-deployments': ringDeploymentsOutput(deployments?.records ?? []),
    'pinned-version': result.rolledBack ? '' : version,
    'previous-versions': JSON.stringify(result.previous),
    'rolled-back': result.rolledBack,
    'rings-completed': result.ringsCompleted,
    'host-pools': hostPoolsOutput(result),
  };
}

/** Verifies the version's signature with the envelope publish tagged on it (or the `envelope` input). */
function signatureVerifier(inputs: PinRolloutInputs, ctx: StepContext): (versionId: string) => Promise<void> {
  return async (versionId) => {
    // Imported on use: pin-rollout's definition (and `--help`) loads no Sigstore or Blob SDK.
    const [{ loadEnvelope }, { verifyImageSignature }] = await Promise.all([import('../core/attest/envelope-source.js'), import('../core/attest/verify-image.js')]);
    const compute = ctx.azure.compute();
    const subject = parseSubjectId(versionId);
    const { envelope, bundle } = await loadEnvelope({ envelope: inputs.signature?.envelopePath || undefined, subject, compute, credential: ctx.azure.credential });
    const trustedKeys = await resolveTrustedKeys(
      inputs.trustedKeySpecs,
      { credential: ctx.azure.credential, vaultDnsSuffix: ctx.azure.cloud.keyVaultDnsSuffix },
      { githubIdentities: 'skip' },
    );
    const now = new Date(ctx.clock.now());
    const sigstore = await keylessTrust(inputs.trustedKeySpecs, inputs.keyless, now);
    const verified = await verifyImageSignature({ compute, subjectId: versionId, envelope, trustedKeys, bundle, sigstore, now });
    const by = verified.identity === undefined ? `keyid ${verified.keyid}` : `GitHub workflow ${verified.identity}`;
    ctx.logger.info(`Signature of ${subject.kind === 'galleryImageVersion' ? subject.version : versionId} verified (${by}).`);
  };
}

/** Pin-rollout: promote a version through rings of scale sets with health gates, rollback and channels (issue 5). */
export const pinRolloutStep = defineStep<PinRolloutInputs, PinRolloutOutputs>({
  name: 'pin-rollout',
  title: 'Pin and roll out image version',
  description:
    'Pins VM Scale Sets, ring by ring, to an exact gallery image version and applies it by each upgrade policy, with health ' +
    'gates after every batch and ring, automatic rollback to the recorded previous image, a lease against concurrent ' +
    'rollouts, channel tags on the image definition and a plan mode.',
  azdoTaskName: 'PinRollout',
  azdoTaskId: '3c1f7a52-9b8e-4d26-a0f4-5e7b2c9d8a13',
  inputs: {
    'image-version-id': versionTargetInputs['image-version-id'],
    ...galleryInputs,
    version: { type: 'string', description: "Version to roll out, e.g. 1.4.2 (when image-version-id is empty)." },
    rings: {
      type: 'json',
      description: 'Rings as a JSON array, same shape as image.yaml rollout.rings: [{"name":"canary","scaleSets":["<id>"],"batchPercent":20,"bakeTime":"10m","maxUnhealthyPercent":0}]. A ring may list AVD host pools instead of or besides scale sets: "hostPools":["<id>"], "maxUnavailablePercent":20, "gracePeriod":"30m", "force":false (docs/vdi.md).',
      configPath: 'rollout.rings',
    },
    ring: { type: 'string', description: 'Run only this ring of the rings (one deployment job per ring, bound to an environment with approvals); the canary evidence gate stays with the first ring, the channel and promote-latest with the last (docs/steps/pin-rollout.md).' },
    channel: { type: 'string', description: "Channel to point at the version after the last ring (tag 'channel.<name>' on the image definition).", configPath: 'rollout.channel' },
    'promote-latest': { type: 'boolean', description: "After the last ring, set excludeFromLatest=false so 'latest' consumers get the version (default false).", configPath: 'rollout.promoteLatest' },
    'require-signature': { type: 'boolean', description: 'Refuse a version whose signature does not verify against trusted-keys (default false).', configPath: 'rollout.requireSignature' },
    'trusted-keys': {
      type: 'list',
      description: 'Trusted signers for require-signature, one per line, as verify takes them: key file (PEM, JWK, securesystemslib JSON), inline PEM, Key Vault key id, or github:owner/repo[/.github/workflows/file.yml] for keyless attestations (needs trusted-root); not-after=YYYY-MM-DD retires an entry (docs/rotate-signing-key.md).',
      configPath: 'signing.trustedKeys',
    },
    ...keylessTrustInputSpecs,
    envelope: { type: 'string', description: 'Signature envelope file or URL for require-signature; default the envelope tagged on the version.' },
    'lease-duration': { type: 'string', description: "How long the rollout lease holds the image definition, e.g. '2h' (default 2h).", configPath: 'rollout.leaseDuration' },
    plan: { type: 'boolean', description: 'Print exactly what would change per scale set and change nothing (default false).' },
    rollback: { type: 'boolean', description: 'Restore every scale set and AVD host pool of the rings to the image recorded before the last rollout (default false). Host pools go back the same careful way (drain, message, grace period, reimage in batches; or session host update). With plan: true, only prints what would change.' },
    'require-ephemeral-fit': { type: 'boolean', description: "Fail before any change when the version's OS disk does not fit the ephemeral OS disk placement (cache, temp or NVMe disk of the VM size) of a ring's scale set (default false: warn).", configPath: 'rollout.requireEphemeralFit' },
    'max-regression': { type: 'string', description: "Canary evidence gate on the first ring: the new version may take at most this many times the previous version's median time to running and to healthy (e.g. 1.2). Empty: off.", configPath: 'rollout.evidence.maxRegression' },
    'min-samples': { type: 'integer', description: 'Fewer canary (or recorded previous) samples than this is "not enough data", never a pass (default 3).', configPath: 'rollout.evidence.minSamples' },
    'insufficient-evidence': { type: 'string', description: "What 'not enough data' does: warn (continue, default) or fail (roll back).", configPath: 'rollout.evidence.insufficientEvidence' },
    ...githubDeploymentInputs,
    'poll-interval-seconds': { type: 'integer', description: 'Seconds between reads of instance state while following upgrades (default 15).' },
  },
  outputs: {
    'pinned-version': { description: 'The version every ring now runs (empty when rolled back or in plan mode).' },
    'previous-versions': { description: 'JSON object: scale set id -> the imageReference it ran before (what rollback restores).' },
    'rolled-back': { description: 'true when a health or external gate failed and the rollout was rolled back.' },
    'rings-completed': { description: 'How many rings reached the version.' },
    'ring-deployments': { description: 'JSON array, one object per ring this run started: {ring, environment, version, state (in_progress, success, failure, inactive, error), targets, deploymentId (GitHub)}.' },
    'host-pools': { description: 'JSON array, one object per AVD host pool of the rings: ring, hostPool, status, sessionHosts, updated, drained, sessionsWaited, loggedOff, skipped, batches.' },
  },
  resolve(parsed, config) {
    const inputs = selectRing(resolveRolloutInputs(parsed, config), inputString(parsed.ring));
    const specs = trustedKeySpecsOf(parsed['trusted-keys'], config);
    if (inputs.requireSignature && specs.length === 0) {
      throw new ConfigurationError(ErrorCodes.inputMissing, "require-signature is set but no trusted keys are given: set 'trusted-keys' (or signing.trustedKeys in image.yaml).");
    }
    const keyless = resolveKeylessTrustInputs(specs, parsed['trusted-root'], parsed['tlog-threshold']);
    const githubDeployments = parsed['github-deployments'] as PinRolloutInputs['githubDeployments'];
    return { ...inputs, trustedKeySpecs: specs, keyless, ...(githubDeployments ? { githubDeployments } : {}) };
  },
  async run(raw, ctx) {
    const inputs = { ...raw, ...withSubscription(raw, ctx.azure.subscriptionId) };
    const deployments = ringDeploymentsFor(inputs, ctx);
    const deps = {
      ...(deployments ? { deployments } : {}),
      compute: ctx.azure.compute(), logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, run: ctx.run,
      ...(inputs.rings.some((r) => (r.hostPools ?? []).length > 0) ? { hostPools: new HostPoolClient(ctx.azure.resources(), ctx.azure.cloud.armEndpoint) } : {}),
      ...(inputs.trustedKeySpecs.length > 0 ? { verifySignature: signatureVerifier(inputs, ctx) } : {}),
    };
    try {
      const result = await runRollout(inputs, deps);
      const outputs = outputsOf(result, inputs.plan || inputs.rollback ? '' : inputs.target.version, deployments);
      return { outputs, summary: withDeployments(rolloutSummary(inputs, result, undefined, ctx.azure.cloud), deployments) };
    } catch (err) {
      if (err instanceof RolloutFailure) throw new StepFailure(err, outputsOf(err.result, '', deployments), withDeployments(rolloutSummary(inputs, err.result, err.message, ctx.azure.cloud), deployments));
      throw err;
    }
  },
});
