import type { ComputeManagementClient, Image } from '@azure/arm-compute';
import { toImagePublishError } from '../azure/azure-errors.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { Logger } from '../logger.js';
import { TAG_PREFIX } from '../tags/provenance-tags.js';
import type { ManagedImageTarget } from './bake-config.js';

export interface ManagedImageResult {
  imageId: string;
  created: boolean;
}

/**
 * Creates a managed image from a VHD page blob. Idempotent: an existing image from the same blob and sha256
 * is reused; one from another source stops the step (images are immutable, and overwriting would silently
 * change what a later publish picks up).
 */
export async function ensureManagedImage(
  compute: ComputeManagementClient,
  target: ManagedImageTarget,
  vhd: { blobUri: string; sha256: string; storageAccountId?: string },
  logger: Logger,
  signal?: AbortSignal,
): Promise<ManagedImageResult> {
  const where = `managed image ${target.name} in resource group ${target.resourceGroup}`;
  let existing: Image | undefined;
  try {
    existing = await compute.images.get(target.resourceGroup, target.name, { abortSignal: signal });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw toImagePublishError(error, `reading ${where}`);
  }
  const shaTag = `${TAG_PREFIX}sha256`;
  if (existing?.id) {
    const sameBlob = existing.storageProfile?.osDisk?.blobUri === vhd.blobUri;
    if (sameBlob && existing.tags?.[shaTag] === vhd.sha256) {
      logger.info(`Managed image ${existing.id} already exists from this VHD; reusing it`);
      return { imageId: existing.id, created: false };
    }
    throw new ConfigurationError(
      ErrorCodes.imageExists,
      `The ${where} already exists from another source (${existing.storageProfile?.osDisk?.blobUri ?? 'not a VHD'}). ` +
        'Nothing was changed. Choose another image name, or delete the old image first.',
    );
  }
  logger.info(`Creating ${where} from ${vhd.blobUri}`);
  try {
    const image = await compute.images.beginCreateOrUpdateAndWait(
      target.resourceGroup,
      target.name,
      {
        location: target.location,
        hyperVGeneration: target.hyperVGeneration,
        tags: { [shaTag]: vhd.sha256 },
        storageProfile: {
          osDisk: {
            osType: target.osType,
            osState: 'Generalized',
            blobUri: vhd.blobUri,
            ...(vhd.storageAccountId ? { storageAccountId: vhd.storageAccountId } : {}),
          },
        },
      },
      { abortSignal: signal },
    );
    if (!image.id) throw new Error('the response carried no image id');
    return { imageId: image.id, created: true };
  } catch (error) {
    throw toImagePublishError(error, `creating ${where}`);
  }
}
