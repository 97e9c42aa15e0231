import type { InputSpec, OutputSpec } from './step-spec.js';

/**
 * The inputs that address a gallery, an image definition and a version, declared once so every step that
 * addresses them (publish, replicate, pin-rollout, retire, scan, inventory) uses the same names, descriptions and
 * image.yaml paths. A step spreads the ones it takes; `version` and `image-version-id` differ per step in what
 * they mean (publish allocates, the others address) and stay with the step when they do. One resolver reads them:
 * core/gallery/gallery-target-input.ts.
 */
export const galleryInputs = {
  'resource-group': { type: 'string', description: "The gallery's resource group.", configPath: 'gallery.resourceGroup' },
  gallery: { type: 'string', description: 'Azure Compute Gallery name.', configPath: 'gallery.name' },
  'image-definition': { type: 'string', description: 'Image definition name.', configPath: 'definition.name' },
} as const satisfies Readonly<Record<string, InputSpec>>;

/** An existing version, by resource id or by the gallery inputs plus `version` (replicate, pin-rollout). */
export const versionTargetInputs = {
  'image-version-id': {
    type: 'string',
    description: "Resource id of the image version (publish's image-version-id output). When empty, resource-group, gallery, image-definition and version name it.",
  },
  ...galleryInputs,
  version: { type: 'string', description: "The image version, 'x.y.z' (when image-version-id is empty).", configPath: 'versioning.version' },
} as const satisfies Readonly<Record<string, InputSpec>>;

/** The `image-version-id` output of the steps that make or change a version (publish, replicate). */
export const imageVersionIdOutput: OutputSpec = { description: 'Resource id of the image version.' };
