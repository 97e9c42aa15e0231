import type { ComputeManagementClient } from '@azure/arm-compute';
import { toImagePublishError } from '../azure/azure-errors.js';
import { ConfigurationError, ErrorCodes, RejectedError } from '../errors.js';
import { evidenceOf, manifestFromGalleryVersion, manifestFromManagedImage, type ImageManifest, type ManifestEvidence } from './image-manifest.js';
import { defined } from '../defined.js';
import { inputError } from '../input-error.js';

/** A resource id the sign and verify steps can name a subject by. */
export type SubjectRef =
  | { kind: 'managedImage'; id: string; resourceGroup: string; name: string }
  | { kind: 'galleryImageVersion'; id: string; resourceGroup: string; gallery: string; image: string; version: string };

const MANAGED_IMAGE = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/images\/([^/]+)$/i;
const GALLERY_VERSION =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/galleries\/([^/]+)\/images\/([^/]+)\/versions\/([^/]+)$/i;

/** Parses a managed image or gallery image version id; throws ConfigurationError naming `input` otherwise. */
export function parseSubjectId(id: string, input = 'subject-id'): SubjectRef {
  const trimmed = id.trim().replace(/\/+$/, '');
  const image = MANAGED_IMAGE.exec(trimmed);
  if (image) return { kind: 'managedImage', id: trimmed, resourceGroup: defined(image[1], 'resource group'), name: defined(image[2], 'image name') };
  const version = GALLERY_VERSION.exec(trimmed);
  if (version) {
    return {
      kind: 'galleryImageVersion',
      id: trimmed,
      resourceGroup: defined(version[1], 'resource group'),
      gallery: defined(version[2], 'gallery'),
      image: defined(version[3], 'image definition'),
      version: defined(version[4], 'version'),
    };
  }
  throw inputError(ErrorCodes.inputInvalid, input,
    `= '${id}' is not a managed image or gallery image version id. Use ` +
      `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/images/<name> or ` +
      `.../galleries/<gallery>/images/<definition>/versions/<version>.`,
  );
}

/** Reads the resource from Azure and builds its manifest with the given evidence. */
export async function fetchManifest(
  compute: ComputeManagementClient,
  subject: SubjectRef,
  evidence: ManifestEvidence = {},
): Promise<ImageManifest> {
  return withNotFound(subject.id, async () => {
    if (subject.kind === 'managedImage') {
      return manifestFromManagedImage(await compute.images.get(subject.resourceGroup, subject.name), evidence);
    }
    const [version, definition] = await Promise.all([
      compute.galleryImageVersions.get(subject.resourceGroup, subject.gallery, subject.image, subject.version),
      compute.galleryImages.get(subject.resourceGroup, subject.gallery, subject.image),
    ]);
    return manifestFromGalleryVersion(version, definition, evidence);
  });
}

/**
 * The manifest verify compares against: recomputed from live Azure, carrying the signed evidence. When the
 * target is a gallery version published from the signed artifact (sign runs before publish), the chain is
 * followed: the version's source must be the signed resource, and the signed resource is recomputed.
 */
export async function resolveLiveManifest(
  compute: ComputeManagementClient,
  target: SubjectRef,
  signed: ImageManifest,
): Promise<ImageManifest> {
  const evidence = evidenceOf(signed);
  if (target.id.toLowerCase() === signed.resourceId) return fetchManifest(compute, target, evidence);
  if (target.kind === 'galleryImageVersion') {
    const version = await withNotFound(target.id, () =>
      compute.galleryImageVersions.get(target.resourceGroup, target.gallery, target.image, target.version),
    );
    const sourceId = version.storageProfile?.source?.id?.toLowerCase();
    if (sourceId === signed.resourceId) return fetchManifest(compute, parseSubjectId(sourceId, 'signed subject'), evidence);
  }
  throw new RejectedError(
    ErrorCodes.subjectMismatch,
    `The envelope was signed for '${signed.resourceId}', not for '${target.id.toLowerCase()}' or its source. ` +
      'Verify the envelope that sign produced for this image.',
  );
}

async function withNotFound<T>(id: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404) {
      throw new ConfigurationError(
        ErrorCodes.notFound,
        `Resource '${id}' does not exist (or the identity cannot see it). Check the id, or that the image was not deleted.`,
        { cause: error },
      );
    }
    // 403 and the rest: the shared translation, so a missing role names the role, action and scope to grant.
    throw toImagePublishError(error, `reading ${id}`);
  }
}
