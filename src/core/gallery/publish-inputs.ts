import type { ImageConfig } from '../config/image-config.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { assertNoReservedTags, parseTagInput } from '../tags/provenance-tags.js';
import { resolveEndOfLife } from '../versioning/end-of-life.js';
import { type VersionRequest, parseVersionRequest } from '../versioning/version-request.js';
import type { DefinitionSpec } from './definition-spec.js';
import type { GalleryTarget } from './gallery-setup.js';
import { resolveGalleryTarget } from './gallery-target-input.js';
import type { PublishingProfile } from './version-body.js';
import { inputError } from '../input-error.js';
import { inputBoolean, inputList, inputString } from '../config/input-values.js';

/** Typed, validated inputs of the publish step (built once by resolve, trusted afterwards). */
export interface PublishInputs {
  target: GalleryTarget;
  /** Home region when the gallery has to be created; an existing gallery's region wins. */
  location: string | undefined;
  createGallery: boolean;
  definition: DefinitionSpec;
  source: { value?: string; storageAccountId?: string; bakeManifest?: string };
  /**
   * Adopt a gallery version bake (Packer) already published instead of copying it: true / false when given,
   * absent = adopt when the bake manifest names a version in the target definition.
   */
  adopt?: boolean;
  version: VersionRequest;
  profile: Omit<PublishingProfile, 'homeRegion' | 'endOfLifeDate'>;
  /** Absolute date or `+180d`, resolved against the step clock at run time. */
  endOfLife: string | undefined;
  userTags: Record<string, string>;
  requiredTags: string[];
  replaceFailed: boolean;
  timeoutMs: number;
  progressEveryMs: number;
}

type Parsed = Readonly<Record<string, unknown>>;

/** Reads a dotted path from image.yaml without assuming its schema beyond the path. */
export function configAt(config: ImageConfig | undefined, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function str(parsed: Parsed, input: string, config: ImageConfig | undefined, ...paths: string[]): string | undefined {
  const value = inputString(parsed[input]);
  if (value !== undefined) return value;
  for (const path of paths) {
    const fromConfig = configAt(config, path);
    if (typeof fromConfig === 'string' && fromConfig.trim() !== '') return fromConfig.trim();
    if (typeof fromConfig === 'number') return String(fromConfig);
  }
  return undefined;
}

function bool(parsed: Parsed, input: string, config: ImageConfig | undefined, path: string | undefined, fallback: boolean): boolean {
  const value = inputBoolean(parsed[input], input);
  if (value !== undefined) return value;
  const fromConfig = path ? configAt(config, path) : undefined;
  return typeof fromConfig === 'boolean' ? fromConfig : fallback;
}

function optionalBool(parsed: Parsed, input: string, config: ImageConfig | undefined, path: string): boolean | undefined {
  const value = parsed[input];
  const fromConfig = configAt(config, path);
  if (value === undefined && typeof fromConfig !== 'boolean') return undefined;
  return bool(parsed, input, config, path, false);
}

function int(parsed: Parsed, input: string, config: ImageConfig | undefined, path: string | undefined, min: number, max: number): number | undefined {
  const raw = parsed[input] ?? (path ? configAt(config, path) : undefined);
  if (raw === undefined || raw === '') return undefined;
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw inputError(ErrorCodes.inputInvalid, input, `is '${String(raw)}'; give a whole number from ${min} to ${max}.`);
  }
  return value;
}

function required(value: string | undefined, input: string, configPath: string): string {
  if (value === undefined) {
    throw inputError(ErrorCodes.inputMissing, input, `is required: set it, or '${configPath}' in image.yaml.`);
  }
  return value;
}

function list(parsed: Parsed, input: string, config: ImageConfig | undefined, path: string): string[] {
  const value = inputList(parsed[input]);
  if (value.length > 0) return value;
  const fromConfig = configAt(config, path);
  if (Array.isArray(fromConfig)) {
    return fromConfig.map((entry) => (typeof entry === 'string' ? entry : String(configAt(entry as ImageConfig, 'name') ?? ''))).filter((s) => s !== '');
  }
  return [];
}

function oneOf<T extends string>(value: string | undefined, input: string, options: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const match = options.find((o) => o.toLowerCase() === value.toLowerCase());
  if (!match) throw inputError(ErrorCodes.inputInvalid, input, `is '${value}'; use one of ${options.map((o) => `'${o}'`).join(', ')}.`);
  return match;
}

/** Image definition features from image.yaml's named shortcuts plus its free-form `features` map. */
function features(parsed: Parsed, config: ImageConfig | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const free = configAt(config, 'definition.features');
  if (free && typeof free === 'object') for (const [k, v] of Object.entries(free)) out[k] = String(v);
  const security = str(parsed, 'security-type', config, 'definition.securityType');
  if (security) out.SecurityType = security;
  const controllers = configAt(config, 'definition.diskControllerTypes');
  if (Array.isArray(controllers)) out.DiskControllerTypes = controllers.map(String).join(',');
  const accel = configAt(config, 'definition.acceleratedNetworking');
  if (typeof accel === 'boolean') out.IsAcceleratedNetworkSupported = String(accel);
  const hibernate = configAt(config, 'definition.hibernation');
  if (typeof hibernate === 'boolean') out.IsHibernateSupported = String(hibernate);
  return Object.keys(out).length > 0 ? out : undefined;
}

function range(config: ImageConfig | undefined, path: string): { min?: number; max?: number } | undefined {
  const node = configAt(config, path);
  if (!node || typeof node !== 'object') return undefined;
  const r: { min?: number; max?: number } = {};
  const min = configAt(node as ImageConfig, 'min');
  const max = configAt(node as ImageConfig, 'max');
  if (typeof min === 'number') r.min = min;
  if (typeof max === 'number') r.max = max;
  return r;
}

/** Builds PublishInputs from parsed step inputs and image.yaml; explicit inputs win. Throws naming the input. */
export function resolvePublishInputs(parsed: Parsed, config: ImageConfig | undefined): PublishInputs {
  // Read in this order so the first problem reported is the same one a user fixes first: where, what, from which source.
  const target = resolveGalleryTarget(parsed, config);
  const definition = resolveDefinition(parsed, config);
  const source = resolveSource(parsed, config);
  const version = resolveVersion(parsed, config);
  const profile = resolveProfile(parsed, config);
  const endOfLife = str(parsed, 'end-of-life', config, 'versioning.endOfLife');
  if (endOfLife) resolveEndOfLife(endOfLife, new Date(), 'end-of-life'); // syntax check now; resolved on the step clock later
  const userTags = resolveUserTags(parsed, config);
  const requiredTags = [...list({}, '', config, 'tags.required'), ...list({}, '', config, 'requiredTags')];
  const location = str(parsed, 'location', config, 'gallery.location');
  // Not read from image.yaml: adoption follows what this bake produced, so it is decided per run.
  const adopt = parsed.adopt === undefined || parsed.adopt === '' ? undefined : bool(parsed, 'adopt', undefined, undefined, false);
  return {
    ...(adopt === undefined ? {} : { adopt }),
    target,
    location,
    createGallery: bool(parsed, 'create-gallery', config, 'gallery.create', false),
    definition,
    source,
    version,
    profile,
    endOfLife,
    userTags,
    requiredTags,
    replaceFailed: bool(parsed, 'replace-failed', config, 'versioning.replaceFailed', false),
    timeoutMs: (int(parsed, 'timeout-minutes', config, undefined, 1, 1440) ?? 60) * 60_000,
    progressEveryMs: (int(parsed, 'progress-interval-seconds', config, undefined, 1, 3600) ?? 15) * 1000,
  };
}

/** The image definition to create when it is missing (and to compare with when it exists). */
function resolveDefinition(parsed: Parsed, config: ImageConfig | undefined): DefinitionSpec {
  const definition: DefinitionSpec = {
    publisher: required(str(parsed, 'publisher', config, 'definition.publisher'), 'publisher', 'definition.publisher'),
    offer: required(str(parsed, 'offer', config, 'definition.offer'), 'offer', 'definition.offer'),
    sku: required(str(parsed, 'sku', config, 'definition.sku'), 'sku', 'definition.sku'),
    osType: oneOf(str(parsed, 'os-type', config, 'definition.osType'), 'os-type', ['Linux', 'Windows'] as const) ?? 'Linux',
    osState: oneOf(str(parsed, 'os-state', config, 'definition.osState'), 'os-state', ['Generalized', 'Specialized'] as const) ?? 'Generalized',
    hyperVGeneration: oneOf(str(parsed, 'hyper-v-generation', config, 'definition.hyperVGeneration'), 'hyper-v-generation', ['V1', 'V2'] as const) ?? 'V2',
  };
  const architecture = oneOf(str(parsed, 'architecture', config, 'definition.architecture'), 'architecture', ['x64', 'Arm64'] as const);
  if (architecture) definition.architecture = architecture;
  const feats = features(parsed, config);
  if (feats) definition.features = feats;
  const vCpus = range(config, 'definition.recommended.vCPUs');
  const memoryGb = range(config, 'definition.recommended.memoryGB');
  if (vCpus || memoryGb) definition.recommended = { ...(vCpus ? { vCpus } : {}), ...(memoryGb ? { memoryGb } : {}) };
  for (const [key, path] of [
    ['description', 'definition.description'],
    ['eula', 'definition.eula'],
    ['privacyStatementUri', 'definition.privacyStatementUri'],
    ['releaseNoteUri', 'definition.releaseNoteUri'],
  ] as const) {
    const value = configAt(config, path);
    if (typeof value === 'string' && value !== '') definition[key] = value;
  }
  const definitionEol = configAt(config, 'definition.endOfLifeDate');
  if (typeof definitionEol === 'string') definition.endOfLifeDate = new Date(`${definitionEol}T00:00:00Z`);
  return definition;
}

/** The source: a resource id or VHD URI, or the manifest bake wrote. */
function resolveSource(parsed: Parsed, config: ImageConfig | undefined): PublishInputs['source'] {
  const source: PublishInputs['source'] = {};
  const sourceValue = str(parsed, 'source', config, 'source.id', 'source.uri');
  const storageAccountId = str(parsed, 'storage-account-id', config, 'source.storageAccountId');
  const bakeManifest = str(parsed, 'bake-manifest', config, 'source.manifest');
  if (sourceValue) source.value = sourceValue;
  if (storageAccountId) source.storageAccountId = storageAccountId;
  if (bakeManifest) source.bakeManifest = bakeManifest;
  if (!source.value && !source.bakeManifest) {
    throw inputError(ErrorCodes.inputMissing, 'source',
      `is required: a managed image, snapshot, disk, VM or gallery image version id, or a VHD URI; ` +
        `or give 'bake-manifest' (the manifest bake wrote), or 'source' in image.yaml.`,
    );
  }
  return source;
}

/** Explicit input first; then image.yaml: a fixed versioning.version, else its scheme; default auto. */
function resolveVersion(parsed: Parsed, config: ImageConfig | undefined): VersionRequest {
  const scheme = str({}, '', config, 'versioning.scheme');
  const configVersion = str({}, '', config, 'versioning.version');
  const versionText =
    str(parsed, 'version', undefined) ??
    (configVersion !== undefined && (scheme === undefined || scheme === 'explicit') ? configVersion : undefined) ??
    (scheme === 'date' ? 'date' : 'auto');
  const bump = str(parsed, 'bump', config, 'versioning.bump');
  return parseVersionRequest(versionText, bump, str(parsed, 'first-version', config));
}

/** The version's publishing and safety profile. */
function resolveProfile(parsed: Parsed, config: ImageConfig | undefined): PublishInputs['profile'] {
  const storageAccountType = oneOf(
    str(parsed, 'storage-account-type', config, 'versioning.storageAccountType'),
    'storage-account-type',
    ['Standard_LRS', 'Standard_ZRS', 'Premium_LRS', 'PremiumV2_LRS'] as const,
  );
  const profile: PublishInputs['profile'] = {
    excludeFromLatest: bool(parsed, 'exclude-from-latest', config, 'versioning.excludeFromLatest', true),
    // Only the explicit input: image.yaml `regions` belong to replicate, so publish stays fast and one-shot use is opt-in.
    regions: list(parsed, 'regions', undefined, 'regions'),
  };
  const replicaCount = int(parsed, 'replica-count', config, 'versioning.replicaCount', 1, 100);
  if (replicaCount !== undefined) profile.replicaCount = replicaCount;
  if (storageAccountType) profile.storageAccountType = storageAccountType;
  const allowDeletion = optionalBool(parsed, 'allow-deletion-of-replicated-locations', config, 'versioning.safetyProfile.allowDeletionOfReplicatedLocations');
  const blockDeletion = optionalBool(parsed, 'block-deletion-before-end-of-life', config, 'versioning.safetyProfile.blockDeletionBeforeEndOfLife');
  if (allowDeletion !== undefined) profile.allowDeletionOfReplicatedLocations = allowDeletion;
  if (blockDeletion !== undefined) profile.blockDeletionBeforeEndOfLife = blockDeletion;
  return profile;
}

/** image.yaml tags, then the `tags` input over them; neither may use this tool's prefix. */
function resolveUserTags(parsed: Parsed, config: ImageConfig | undefined): Record<string, string> {
  const userTags: Record<string, string> = {};
  const configTags = configAt(config, 'tags.values') ?? configAt(config, 'tags');
  if (configTags && typeof configTags === 'object' && !Array.isArray(configTags)) {
    for (const [k, v] of Object.entries(configTags)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') userTags[k] = String(v);
  }
  assertNoReservedTags(userTags, `image.yaml 'tags'`);
  return { ...userTags, ...parseTagInput(parsed.tags) };
}
