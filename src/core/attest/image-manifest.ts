import type { GalleryImage, GalleryImageVersion, Image, ImageDisk } from '@azure/arm-compute';
import { canonicalDigest, canonicalJson } from './canonical-json.js';
import { AzureError, ConfigurationError, ErrorCodes } from '../errors.js';
import { docUrl } from '../project-home.js';

/** Version tag of the manifest format documented in docs/steps/sign.md; bump it on any field change. */
export const MANIFEST_TYPE: string = docUrl('docs/steps/sign.md', 'image-manifest-v1');
/**
 * Whether verify understands a signed manifest's `_type`: this home's, or format v1 documented by any image-publish
 * repository (0.1.0 wrote a placeholder home; a fork writes its own). Trust never comes from the type (it comes
 * from the trusted key and the digest); the type only says which fields the manifest has, and v1's are the same.
 */
export function isKnownManifestType(type: unknown): type is string {
  return type === MANIFEST_TYPE || (typeof type === 'string' && MANIFEST_V1.test(type));
}
const MANIFEST_V1 = /^https:\/\/github\.com\/[\w.-]+\/image-publish\/(?:blob\/[\w.-]+\/)?docs\/steps\/sign\.md#image-manifest-v1$/;

/** One disk of the artifact: only properties Azure does not let anyone change after creation. */
export interface ManifestDisk {
  lun?: number;
  sizeGB?: number;
  caching?: string;
  storageAccountType?: string;
  /** Managed disk, snapshot or image id the disk was captured from (lower-cased). */
  sourceId?: string;
  /** VHD blob URI the disk was imported from, without query string (no SAS ever reaches a manifest). */
  sourceUri?: string;
}

export interface ManifestReport {
  name: string;
  sha256: string;
}

/**
 * The canonical description of a baked artifact. Its RFC 8785 form, hashed with SHA-256, is the in-toto
 * subject digest. Azure-observable fields are recomputed from the live resource at verify time; `vhd`
 * and `reports` are attested evidence that Azure cannot show, so verify takes them from the signed copy.
 */
export interface ImageManifest {
  _type: string;
  kind: 'managedImage' | 'galleryImageVersion';
  /** ARM resource id, lower-cased: ARM ids are case-insensitive and the digest must not depend on casing. */
  resourceId: string;
  location?: string;
  osType?: string;
  osState?: string;
  hyperVGeneration?: string;
  architecture?: string;
  /** Gallery image definition identity, for gallery versions. */
  identifier?: { publisher: string; offer: string; sku: string };
  osDisk?: ManifestDisk;
  dataDisks?: ManifestDisk[];
  /** Resources the artifact was built from (source VM, source image or version), lower-cased, sorted. */
  sourceIds?: string[];
  vhd?: { uri?: string; sha256: string };
  reports?: ManifestReport[];
}

/** Evidence attached to a manifest that Azure cannot observe. */
export interface ManifestEvidence {
  vhdSha256?: string;
  vhdUri?: string;
  reports?: readonly ManifestReport[];
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Manifest of a managed image (Microsoft.Compute/images). */
export function manifestFromManagedImage(image: Image, evidence: ManifestEvidence = {}): ImageManifest {
  const profile = image.storageProfile;
  const os = profile?.osDisk;
  return withEvidence(
    {
      _type: MANIFEST_TYPE,
      kind: 'managedImage',
      resourceId: requireId(image.id, 'managed image'),
      location: normaliseLocation(image.location),
      osType: os?.osType,
      osState: os?.osState,
      hyperVGeneration: image.hyperVGeneration,
      osDisk: os === undefined ? undefined : imageDisk(os),
      dataDisks: sortDisks((profile?.dataDisks ?? []).map((disk) => ({ ...imageDisk(disk), lun: disk.lun }))),
      sourceIds: sortIds([image.sourceVirtualMachine?.id]),
    },
    evidence,
  );
}

/** Manifest of a gallery image version; the definition supplies OS type, generation and identity. */
export function manifestFromGalleryVersion(
  version: GalleryImageVersion,
  definition: GalleryImage,
  evidence: ManifestEvidence = {},
): ImageManifest {
  const storage = version.storageProfile;
  const os = storage?.osDiskImage;
  return withEvidence(
    {
      _type: MANIFEST_TYPE,
      kind: 'galleryImageVersion',
      resourceId: requireId(version.id, 'gallery image version'),
      location: normaliseLocation(version.location),
      osType: definition.osType,
      osState: definition.osState,
      hyperVGeneration: definition.hyperVGeneration,
      architecture: definition.architecture,
      identifier: definition.identifier
        ? { publisher: definition.identifier.publisher, offer: definition.identifier.offer, sku: definition.identifier.sku }
        : undefined,
      osDisk: os === undefined ? undefined : galleryDisk(os),
      dataDisks: sortDisks((storage?.dataDiskImages ?? []).map((disk) => ({ ...galleryDisk(disk), lun: disk.lun }))),
      sourceIds: sortIds([storage?.source?.id, storage?.source?.virtualMachineId, storage?.source?.communityGalleryImageId]),
    },
    evidence,
  );
}

/** Replaces the evidence of `manifest` (used by verify to carry signed evidence onto a live manifest). */
export function withEvidence(manifest: ImageManifest, evidence: ManifestEvidence): ImageManifest {
  const result: ImageManifest = { ...manifest };
  delete result.vhd;
  delete result.reports;
  if (evidence.vhdSha256 !== undefined) {
    const sha256 = evidence.vhdSha256.toLowerCase();
    if (!HEX64.test(sha256)) {
      throw new ConfigurationError(
        ErrorCodes.inputInvalid,
        `VHD sha256 '${evidence.vhdSha256}' is not 64 hex characters. Pass the hex SHA-256 of the VHD file.`,
      );
    }
    result.vhd = { sha256, uri: evidence.vhdUri === undefined ? undefined : stripQuery(evidence.vhdUri) };
  }
  if (evidence.reports !== undefined && evidence.reports.length > 0) {
    result.reports = [...evidence.reports]
      .map((report) => ({ name: report.name, sha256: report.sha256.toLowerCase() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return dropEmpty(result);
}

/** Evidence carried by a manifest. */
export function evidenceOf(manifest: ImageManifest): ManifestEvidence {
  return { vhdSha256: manifest.vhd?.sha256, vhdUri: manifest.vhd?.uri, reports: manifest.reports };
}

/** RFC 8785 bytes of the manifest: what the subject digest covers. */
export function manifestBytes(manifest: ImageManifest): string {
  return canonicalJson(manifest);
}

/** Hex SHA-256 of the canonical manifest: the in-toto subject digest. */
export function manifestDigest(manifest: ImageManifest): string {
  return canonicalDigest(manifest);
}

function imageDisk(disk: ImageDisk): ManifestDisk {
  return {
    sizeGB: disk.diskSizeGB,
    caching: disk.caching,
    storageAccountType: disk.storageAccountType,
    sourceId: lower(disk.managedDisk?.id ?? disk.snapshot?.id),
    sourceUri: disk.blobUri === undefined ? undefined : stripQuery(disk.blobUri),
  };
}

function galleryDisk(disk: NonNullable<NonNullable<GalleryImageVersion['storageProfile']>['osDiskImage']>): ManifestDisk {
  return {
    sizeGB: disk.sizeInGB,
    caching: disk.hostCaching,
    sourceId: lower(disk.source?.id ?? disk.source?.storageAccountId),
    sourceUri: disk.source?.uri === undefined ? undefined : stripQuery(disk.source.uri),
  };
}

function requireId(id: string | undefined, what: string): string {
  if (id === undefined || id === '') {
    throw new AzureError(ErrorCodes.manifestInvalid, `The ${what} returned by Azure has no id; cannot name it in a manifest.`);
  }
  return id.toLowerCase();
}

function lower(id: string | undefined): string | undefined {
  return id === undefined || id === '' ? undefined : id.toLowerCase();
}

function normaliseLocation(location: string | undefined): string | undefined {
  // ARM accepts "West Europe" and returns "westeurope"; normalise so both forms give one digest.
  return location === undefined ? undefined : location.replace(/\s+/g, '').toLowerCase();
}

function stripQuery(uri: string): string {
  const at = uri.indexOf('?');
  return at === -1 ? uri : uri.slice(0, at);
}

function sortIds(ids: readonly (string | undefined)[]): string[] {
  return [...new Set(ids.map(lower).filter((id): id is string => id !== undefined))].sort();
}

function sortDisks(disks: ManifestDisk[]): ManifestDisk[] {
  return disks.map(dropEmpty).sort((a, b) => (a.lun ?? 0) - (b.lun ?? 0));
}

/** Removes undefined fields and empty arrays so an absent property and an empty one hash alike. */
function dropEmpty<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || (Array.isArray(field) && field.length === 0)) continue;
    out[key] = field !== null && typeof field === 'object' && !Array.isArray(field) ? dropEmpty(field) : field;
  }
  return out as T;
}
