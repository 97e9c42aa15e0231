import { z } from 'zod';
import { bakeConfig } from './bake-config.js';
import { tagMap } from './config-primitives.js';
import {
  galleryConfig,
  imageDefinitionConfig,
  regionConfig,
  replicationConfig,
  sourceConfig,
  versioningConfig,
} from './publish-config.js';
import { retirementConfig, rolloutConfig } from './rollout-config.js';
import { scanConfig } from './scan-config.js';
import { signingConfig } from './signing-config.js';

/**
 * image.yaml: one image as code, read by every step; explicit step inputs override it. Every section is
 * optional so a file can serve one step. Unknown keys are errors (a typo must not silently fall back to a
 * default). Secrets never belong here: keys that look like secrets are refused with a pointer to secret inputs.
 */
export const imageConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of schema/image.schema.json, for editors.'),
    gallery: galleryConfig.optional(),
    definition: imageDefinitionConfig.optional(),
    versioning: versioningConfig.optional(),
    source: sourceConfig.optional(),
    tags: tagMap.optional().describe('Tags put on the image version, in addition to provenance tags.'),
    requiredTags: z.array(z.string().min(1)).optional().describe('Tag names that must be set before anything is published.'),
    regions: z
      .array(regionConfig)
      .min(1)
      .superRefine((regions, ctx) => reportDuplicates(regions.map((r) => (typeof r === 'string' ? r : r.name)), 'region', ctx))
      .optional()
      .describe('Replication targets: region names, or objects with per-region settings.'),
    replication: replicationConfig.optional(),
    rollout: rolloutConfig.optional(),
    retirement: retirementConfig.optional(),
    scan: scanConfig.optional(),
    signing: signingConfig.optional(),
    bake: bakeConfig.optional(),
  })
  .describe('image-publish image.yaml: an Azure VM image as code.');

/** Flags the second occurrence of a name (a region or ring listed twice is almost always a copy-paste slip). */
function reportDuplicates(names: readonly string[], what: string, ctx: z.RefinementCtx): void {
  names.forEach((name, i) => {
    const first = names.indexOf(name);
    if (first !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${what} '${name}' is listed twice (first at index ${first}); remove one` });
  });
}

/** A parsed, validated image.yaml. */
export type ImageConfig = z.infer<typeof imageConfigSchema>;
export type RegionConfig = z.infer<typeof regionConfig>;
export type RingConfig = NonNullable<ImageConfig['rollout']>['rings'][number];
export type SourceConfig = z.infer<typeof sourceConfig>;
export type BakeConfig = z.infer<typeof bakeConfig>;
export type ScanConfig = z.infer<typeof scanConfig>;
export type SigningConfig = z.infer<typeof signingConfig>;

// In publish-config.ts with regionConfig, so replicate's inputs need not build every image.yaml schema.
export { normalizeRegion } from './publish-config.js';
