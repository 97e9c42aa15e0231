import { z } from 'zod';
import { canaryEvidenceConfig, ringBenchmarkConfig } from './canary-evidence-config.js';
import { hostPoolRingFields } from './host-pool-config.js';
import { duration, httpsUrl, percent, positiveInt, resourceGroupName, resourceId, subscriptionId } from './config-primitives.js';

/** Sections used by pin-rollout and retire. */

const scaleSetRef = z.union([
  resourceId.describe('Scale set resource id.'),
  z.strictObject({ name: z.string().min(1).max(64), resourceGroup: resourceGroupName, subscriptionId: subscriptionId.optional() }),
]);

const externalGate = z
  .union([
    z.strictObject({
      url: httpsUrl.describe('Must answer 2xx for the rollout to continue.'),
      timeout: duration.optional(),
    }),
    z.strictObject({
      command: z.array(z.string()).min(1).describe('Program and arguments, run without a shell; exit 0 continues.'),
      timeout: duration.optional(),
    }),
  ])
  .describe('A check after the ring: an HTTPS URL that must answer 2xx, or a command that must exit 0.');

export const ringConfig = z
  .strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: "expected a ring name in lower-case kebab, e.g. 'canary'" }),
  scaleSets: z.array(scaleSetRef).min(1).optional(),
  ...hostPoolRingFields,
  batchPercent: percent.optional().describe('Share of instances updated at once (default 20).'),
  bakeTime: duration.optional().describe('Wait after each batch and ring before reading health (default 10m).'),
  maxUnhealthyPercent: percent.optional().describe('Above this, stop and roll back (default 0).'),
  upgrade: z
    .enum(['policy', 'manual', 'reimage'])
    .optional()
    .describe("policy (follow each scale set's upgradePolicy, default), manual (update instances in batches), reimage (ephemeral OS disks)."),
  gate: externalGate.optional(),
  benchmark: ringBenchmarkConfig.optional(),
})
  .refine((r) => (r.scaleSets?.length ?? 0) + (r.hostPools?.length ?? 0) > 0, { message: 'a ring lists at least one of scaleSets or hostPools' });

export const rolloutConfig = z
  .strictObject({
    rings: z.array(ringConfig).min(1),
    channel: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: "expected a channel name in lower-case kebab, e.g. 'prod'" }).optional(),
    promoteLatest: z.boolean().optional().describe('After the last ring, let "latest" consumers get the version.'),
    requireSignature: z.boolean().optional(),
    leaseDuration: duration.optional().describe('How long a rollout lease holds the definition (default 2h).'),
    timeoutMinutes: positiveInt(10080).optional(),
    evidence: canaryEvidenceConfig.optional(),
    requireEphemeralFit: z.boolean().optional().describe("Fail before any change when the version's OS disk does not fit a ring's ephemeral OS placement (default: warn)."),
  })
  .describe('Rings of VM Scale Sets the version is pinned to, in order.');

export const retirementConfig = z
  .strictObject({
    keepLatest: z.number().int().min(1).optional().describe('Never retire the newest N versions.'),
    deprecateAfter: duration.optional().describe('Set endOfLifeDate and excludeFromLatest on versions older than this.'),
    deleteAfter: duration.optional().describe('Delete unused versions older than this.'),
    keepTag: z.string().optional().describe("Versions with this tag are kept (default 'keep')."),
    subscriptions: z.array(subscriptionId).optional().describe('Where to look for scale sets and VMs using a version.'),
  })
  .describe('Usage-aware retirement of old versions.');
