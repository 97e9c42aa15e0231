/**
 * The one reader of the gallery-target inputs that src/steps/gallery-target-inputs.ts declares: resource-group,
 * gallery and image-definition from the inputs, else image.yaml; a version from image-version-id, else those plus
 * `version`. Names are checked against ARM's rules, and a missing input is named with its image.yaml field, so
 * publish, replicate, pin-rollout, retire, scan and inventory all say the same thing about the same input.
 */
import type { ImageConfig } from '../config/image-config.js';
import { inputString } from '../config/input-values.js';
import { getConfigValue } from '../config/merge-inputs.js';
import { ErrorCodes } from '../errors.js';
import { inputError } from '../input-error.js';
import { galleryResourceId, parseResourceId } from '../azure/resource-id.js';
import type { GalleryTarget } from './gallery-setup.js';
import { assertValidName } from './names.js';

type Parsed = Readonly<Record<string, unknown>>;

/** A gallery image version, by resource id or by name. */
export interface VersionRef extends GalleryTarget {
  /** Subscription from the id; undefined when the version was named by parts (the step's subscription applies). */
  subscriptionId: string | undefined;
  version: string;
}

export interface GalleryTargetOptions {
  /**
   * 'required' (default): from the input or image.yaml. 'input': only an explicit input narrows the target, so a
   * step that covers the whole gallery (inventory) ignores the one definition image.yaml names.
   */
  image?: 'required' | 'input';
  /** When the inputs are needed, continuing "Input 'gallery' is required", e.g. "with image-version". */
  when?: string;
  /** Advice appended to a missing-input message. */
  hint?: string;
}

const VERSION_TYPE = 'microsoft.compute/galleries/images/versions';
const VERSION_NAME = /^\d+\.\d+\.\d+$/;

/** The input, else the string image.yaml holds at `path`; a missing one is an InputError naming both. */
function part(parsed: Parsed, config: ImageConfig | undefined, input: string, path: string | undefined, options: GalleryTargetOptions): string {
  const value = inputString(parsed[input]) ?? (path === undefined ? undefined : inputString(getConfigValue(config, path)));
  if (value !== undefined) return value;
  const when = options.when === undefined ? '' : ` ${options.when}`;
  const where = path === undefined ? 'set it' : `set it, or '${path}' in image.yaml`;
  throw inputError(ErrorCodes.inputMissing, input, `is required${when}: ${where}${options.hint === undefined ? '' : ` ${options.hint}`}.`);
}

/** Resource group, gallery and image definition, validated against ARM's naming rules. */
export function resolveGalleryTarget(parsed: Parsed, config: ImageConfig | undefined, options?: GalleryTargetOptions & { image?: 'required' }): GalleryTarget;
export function resolveGalleryTarget(parsed: Parsed, config: ImageConfig | undefined, options: GalleryTargetOptions & { image: 'input' }): Omit<GalleryTarget, 'image'> & { image?: string };
export function resolveGalleryTarget(parsed: Parsed, config: ImageConfig | undefined, options: GalleryTargetOptions = {}): Omit<GalleryTarget, 'image'> & { image?: string } {
  const resourceGroup = part(parsed, config, 'resource-group', 'gallery.resourceGroup', options);
  const gallery = part(parsed, config, 'gallery', 'gallery.name', options);
  const image = options.image === 'input' ? inputString(parsed['image-definition']) : part(parsed, config, 'image-definition', 'definition.name', options);
  assertValidName('resourceGroup', resourceGroup, 'resource-group');
  assertValidName('gallery', gallery, 'gallery');
  if (image !== undefined) assertValidName('image', image, 'image-definition');
  return { resourceGroup, gallery, ...(image === undefined ? {} : { image }) };
}

/**
 * An existing version: `image-version-id`, else the gallery inputs plus `version` (from image.yaml's
 * versioning.version only when `versionFromConfig`: a rollout names the version it rolls out explicitly).
 */
export function resolveVersionTarget(parsed: Parsed, config: ImageConfig | undefined, options: { versionFromConfig: boolean }): VersionRef {
  const id = inputString(parsed['image-version-id']);
  if (id !== undefined) return versionFromId(id);
  const byParts = { when: "when 'image-version-id' is empty", hint: "(or pass publish's image-version-id output as 'image-version-id')" } as const;
  const target = resolveGalleryTarget(parsed, config, byParts);
  const version = part(parsed, config, 'version', options.versionFromConfig ? 'versioning.version' : undefined, byParts);
  if (!VERSION_NAME.test(version)) {
    throw inputError(ErrorCodes.inputInvalid, 'version', `is '${version}'; give the published version as 'x.y.z', e.g. '1.4.2'.`);
  }
  return { subscriptionId: undefined, ...target, version };
}

function versionFromId(id: string): VersionRef {
  const rid = parseResourceId(id);
  if (!rid || rid.type !== VERSION_TYPE || rid.names.length !== 3) {
    throw inputError(ErrorCodes.inputInvalid, 'image-version-id',
      `is '${id}', which is not a gallery image version id. Expected ` +
        `'${galleryResourceId('<subscription>', '<resource-group>', '<gallery>', '<image>', '<x.y.z>')}' (publish's image-version-id output).`,
    );
  }
  const [gallery, image, version] = rid.names as [string, string, string];
  return { subscriptionId: rid.subscriptionId, resourceGroup: rid.resourceGroup, gallery, image, version };
}
