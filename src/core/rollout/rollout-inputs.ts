/**
 * Turns pin-rollout's inputs and image.yaml's `rollout` section into RolloutInputs, failing with a
 * ConfigurationError that names the input or image.yaml path. Subscriptions left empty are filled at run time
 * from the step's Azure context (withSubscription).
 */
import { z } from 'zod';
import type { ImageConfig, RingConfig } from '../config/image-config.js';
import { parseDurationMs } from '../config/durations.js';
import { ringConfig } from '../config/rollout-config.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { parseResourceId } from '../azure/resource-id.js';
import { resolveVersionTarget } from '../gallery/gallery-target-input.js';
import { benchmarkOf, resolveEvidencePolicy } from './canary-evidence-inputs.js';
import { resolveHostPoolRing } from './host-pool-ring.js';
import type { ExternalGate, Ring, RolloutInputs, ScaleSetRef, VersionTarget } from './rollout-types.js';
import { defined } from '../defined.js';
import { inputError } from '../input-error.js';
import { inputBoolean, inputString } from '../config/input-values.js';

type Parsed = Readonly<Record<string, unknown>>;


function missing(input: string, hint: string): ConfigurationError {
  return inputError(ErrorCodes.inputMissing, input, `is required: ${hint}`);
}

/** The version to roll out: `image-version-id`, or gallery/definition (inputs or image.yaml) and the `version` input. */
export function resolveTarget(parsed: Parsed, config: ImageConfig | undefined): VersionTarget {
  const { subscriptionId, ...named } = resolveVersionTarget(parsed, config, { versionFromConfig: false });
  return { subscriptionId: subscriptionId ?? inputString(parsed['subscription-id']) ?? config?.gallery?.subscriptionId ?? '', ...named };
}

function scaleSetRef(raw: NonNullable<RingConfig['scaleSets']>[number], where: string): ScaleSetRef {
  if (typeof raw === 'string') {
    const p = parseResourceId(raw);
    if (!p || p.type !== 'microsoft.compute/virtualmachinescalesets') {
      throw new ConfigurationError(ErrorCodes.inputInvalid, `${where}: '${raw}' is not a scale set id (/subscriptions/.../providers/Microsoft.Compute/virtualMachineScaleSets/<name>).`);
    }
    return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: defined(p.names[0], 'name') };
  }
  return { subscriptionId: raw.subscriptionId ?? '', resourceGroup: raw.resourceGroup, name: raw.name };
}

function gateOf(raw: RingConfig['gate'], where: string): ExternalGate | undefined {
  if (!raw) return undefined;
  const timeoutMs = raw.timeout ? parseDurationMs(raw.timeout, `${where}.timeout`) : 300_000;
  return 'url' in raw ? { kind: 'url', url: raw.url, timeoutMs } : { kind: 'command', command: raw.command, timeoutMs };
}

/** One ring with defaults: batches of 20%, 10 minutes bake, no unhealthy instance tolerated. */
export function resolveRing(raw: RingConfig, where: string): Ring {
  const gate = gateOf(raw.gate, `${where}.gate`);
  const benchmark = benchmarkOf(raw.benchmark, `${where}.benchmark`);
  return {
    name: raw.name,
    scaleSets: (raw.scaleSets ?? []).map((s, i) => scaleSetRef(s, `${where}.scaleSets[${i}]`)),
    ...resolveHostPoolRing(raw, where),
    batchPercent: raw.batchPercent ?? 20,
    bakeTimeMs: raw.bakeTime ? parseDurationMs(raw.bakeTime, `${where}.bakeTime`) : 600_000,
    maxUnhealthyPercent: raw.maxUnhealthyPercent ?? 0,
    upgrade: raw.upgrade ?? 'policy',
    ...(gate ? { gate } : {}),
    ...(benchmark ? { benchmark } : {}),
  };
}

/** Rings from the `rings` input (JSON, same shape as image.yaml) or rollout.rings. */
export function resolveRings(parsed: Parsed, config: ImageConfig | undefined): Ring[] {
  const input = parsed.rings;
  if (input !== undefined && input !== '') {
    const result = z.array(ringConfig).min(1).safeParse(input);
    if (!result.success) {
      const issue = defined(result.error.issues[0], 'validation issue');
      throw inputError(ErrorCodes.inputInvalid, 'rings', `: ${issue.path.join('.') || '(root)'}: ${issue.message}. Give a JSON array of rings like image.yaml's rollout.rings.`);
    }
    return checkNames(result.data.map((r, i) => resolveRing(r, `rings[${i}]`)), 'rings');
  }
  const rings = config?.rollout?.rings;
  if (!rings) throw missing('rings', 'the rings of scale sets to roll out to (or rollout.rings in image.yaml).');
  return checkNames(rings.map((r, i) => resolveRing(r, `rollout.rings[${i}]`)), 'rollout.rings');
}

function checkNames(rings: Ring[], where: string): Ring[] {
  const names = rings.map((r) => r.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new ConfigurationError(ErrorCodes.inputInvalid, `${where}: ring '${dup}' is listed twice; ring names must be unique.`);
  return rings;
}

/** The whole RolloutInputs. */
export function resolveRolloutInputs(parsed: Parsed, config: ImageConfig | undefined): RolloutInputs {
  const rollout = config?.rollout;
  const target = resolveTarget(parsed, config);
  const rings = resolveRings(parsed, config);
  const channel = inputString(parsed.channel) ?? rollout?.channel;
  if (channel !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(channel)) {
    throw inputError(ErrorCodes.inputInvalid, 'channel', `: '${channel}' is not a channel name; use lower-case kebab, e.g. 'prod'.`);
  }
  const lease = inputString(parsed['lease-duration']) ?? rollout?.leaseDuration;
  const timeoutMinutes = rollout?.timeoutMinutes ?? (typeof parsed['timeout-minutes'] === 'number' ? parsed['timeout-minutes'] : 360);
  const poll = typeof parsed['poll-interval-seconds'] === 'number' ? parsed['poll-interval-seconds'] : 15;
  const envelope = inputString(parsed.envelope);
  const evidence = resolveEvidencePolicy(parsed, config);
  const keys = Array.isArray(parsed['trusted-keys']) ? parsed['trusted-keys'].filter((k): k is string => typeof k === 'string') : [];
  return {
    target,
    rings,
    ...(channel ? { channel } : {}),
    promoteLatest: inputBoolean(parsed['promote-latest'], 'promote-latest') ?? rollout?.promoteLatest ?? false,
    requireSignature: inputBoolean(parsed['require-signature'], 'require-signature') ?? rollout?.requireSignature ?? false,
    ...(envelope || keys.length > 0 ? { signature: { envelopePath: envelope ?? '', trustedKeys: keys } } : {}),
    leaseDurationMs: lease ? parseDurationMs(lease, "input 'lease-duration'") : 2 * 3_600_000,
    plan: inputBoolean(parsed.plan, 'plan') ?? false,
    rollback: inputBoolean(parsed.rollback, 'rollback') ?? false,
    timeoutMs: timeoutMinutes * 60_000,
    pollIntervalMs: Math.max(1, poll) * 1000,
    ...(evidence ? { evidence } : {}),
    requireEphemeralFit: inputBoolean(parsed['require-ephemeral-fit'], 'require-ephemeral-fit') ?? rollout?.requireEphemeralFit ?? false,
  };
}

/** Fills empty subscription ids with the step's subscription. */
export function withSubscription(inputs: RolloutInputs, subscriptionId: string): RolloutInputs {
  const fill = (s: string) => (s === '' ? subscriptionId : s);
  return {
    ...inputs,
    target: { ...inputs.target, subscriptionId: fill(inputs.target.subscriptionId) },
    rings: inputs.rings.map((r) => ({
      ...r,
      scaleSets: r.scaleSets.map((s) => ({ ...s, subscriptionId: fill(s.subscriptionId) })),
      hostPools: (r.hostPools ?? []).map((p) => ({ ...p, subscriptionId: fill(p.subscriptionId) })),
    })),
  };
}
