import { z } from 'zod';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { imageConfigSchema, type ImageConfig } from './image-config.js';
import { suggest } from './suggest.js';
import { inputError } from '../input-error.js';

/** Image names end up in matrix job names, tags and file names: keep them plain. */
export const IMAGE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
export const IMAGE_NAME_RULE = 'image names are letters, digits, ., _ and - (at most 63, starting with a letter or digit)';

/** One entry of `images:`: any section of the single-image form, overriding the file's shared sections. */
export const imageEntrySchema = imageConfigSchema
  .omit({ $schema: true })
  .describe("One image (persona): sections here override the file's shared sections (gallery, versioning, regions, scan, signing, ...).");

/**
 * image.yaml as written: the single-image form, optionally with `images:` holding several images (personas) that
 * share the top-level sections as defaults. Used for key suggestions and the editor schema; the loader validates
 * each image after merging (a shared section alone may lack what every image adds, such as definition.name).
 */
export const imageFileSchema = imageConfigSchema.extend({
  images: z
    .record(z.string().regex(IMAGE_NAME_PATTERN, IMAGE_NAME_RULE), imageEntrySchema)
    .optional()
    .describe('Several images (e.g. one per persona) sharing the sections above; each step picks one with its image input.'),
});

/** A validated image.yaml: one image, or several by name (in file order), each already merged and validated. */
export type ImageSet = { kind: 'single'; config: ImageConfig } | { kind: 'set'; images: ReadonlyMap<string, ImageConfig> };

/** The config of `image`, or of the file's only image; errors name the input and list the choices. */
export function selectImage(set: ImageSet, image: string | undefined, fileName: string): ImageConfig {
  if (set.kind === 'single') {
    if (image === undefined) return set.config;
    throw inputError(ErrorCodes.inputInvalid, 'image',
      `is '${image}', but ${fileName} describes a single image (it has no images: section). Remove the image input, or move the image under images.${image} in ${fileName}.`,
    );
  }
  const names = [...set.images.keys()];
  if (image === undefined) {
    throw new ConfigurationError(
      ErrorCodes.inputMissing,
      `${fileName} describes ${names.length} images (${names.join(', ')}): set the 'image' input to the one this step works on, or run one job per image from the plan step's matrix.`,
    );
  }
  const config = set.images.get(image);
  if (config === undefined) {
    const hint = suggest(image, names);
    throw inputError(ErrorCodes.inputInvalid, 'image',
      `is '${image}', which is not an image of ${fileName}${hint ? ` (did you mean '${hint}'?)` : ''}. Its images are: ${names.join(', ')}.`,
    );
  }
  return config;
}

/** Keys that pick the branch of a section (bake.engine, source.kind, customizer type). */
const DISCRIMINATORS = ['engine', 'kind', 'type'];

/**
 * Deep merge for config sections: plain objects merge key by key; arrays and scalars from `override` win. An
 * override that picks another branch (e.g. bake.engine packer over disk) replaces the section whole, since the
 * other branch's keys would not belong to it.
 */
export function mergeSections(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  if (DISCRIMINATORS.some((key) => key in override && key in base && override[key] !== base[key])) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeSections(base[key], value);
  return merged;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
