import type { Gallery, GalleryImage } from '@azure/arm-compute';
import type { AzureContext } from '../azure/azure-context.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { Logger } from '../logger.js';
import { waitForPoller } from '../wait/wait-for-poller.js';
import type { WaitOptions } from '../wait/wait-options.js';
import { azureCall, azureGetOrUndefined } from '../azure/azure-call.js';
import { type DefinitionSpec, definitionBody, diffDefinition, formatDifferences } from './definition-spec.js';

/** Where the version goes. */
export interface GalleryTarget {
  resourceGroup: string;
  gallery: string;
  image: string;
}

/** What must be created before the version, learned by reading only. */
export interface GalleryPlan {
  gallery: Gallery | undefined;
  definition: GalleryImage | undefined;
  /** Region for anything created: the existing gallery's, else the home region. */
  location: string;
}

/**
 * Reads the gallery and definition and decides what to create, throwing before any change when the
 * gallery is missing without `create-gallery`, or the definition exists with other immutable properties.
 */
export async function planGallery(
  azure: AzureContext,
  target: GalleryTarget,
  wanted: DefinitionSpec,
  options: { createGallery: boolean; homeRegion: string },
): Promise<GalleryPlan> {
  const compute = azure.compute();
  const { resourceGroup, gallery: galleryName, image } = target;
  const gallery = await azureGetOrUndefined(`reading gallery '${galleryName}' in resource group '${resourceGroup}'`, () =>
    compute.galleries.get(resourceGroup, galleryName),
  );
  if (!gallery && !options.createGallery) {
    throw new ConfigurationError(
      ErrorCodes.notFound,
      `Gallery '${galleryName}' does not exist in resource group '${resourceGroup}' (subscription ${azure.subscriptionId}). ` +
        `Check 'gallery' and 'resource-group', or set 'create-gallery: true' to create it. Nothing was changed.`,
    );
  }
  const definition = gallery
    ? await azureGetOrUndefined(`reading image definition '${image}' in gallery '${galleryName}'`, () =>
        compute.galleryImages.get(resourceGroup, galleryName, image),
      )
    : undefined;
  if (definition) {
    const differences = diffDefinition(definition, wanted);
    if (differences.length > 0) {
      throw new ConfigurationError(
        ErrorCodes.definitionMismatch,
        `Image definition '${galleryName}/${image}' exists with different immutable properties:\n${formatDifferences(differences)}\n` +
          `These cannot be changed in place. Make image.yaml 'definition' match the existing definition, or publish to a new ` +
          `definition name. Nothing was changed.`,
      );
    }
  }
  return { gallery, definition, location: gallery?.location ?? options.homeRegion };
}

/** Creates what the plan found missing (gallery, then definition), waiting for each. */
export async function applyGalleryPlan(
  azure: AzureContext,
  target: GalleryTarget,
  plan: GalleryPlan,
  wanted: DefinitionSpec,
  tags: Record<string, string>,
  wait: Omit<WaitOptions, 'label'>,
  logger: Logger,
): Promise<{ galleryId: string; definitionId: string; createdGallery: boolean; createdDefinition: boolean }> {
  const compute = azure.compute();
  const { resourceGroup, gallery: galleryName, image } = target;
  let gallery = plan.gallery;
  if (!gallery) {
    logger.info(`Creating gallery '${galleryName}' in ${plan.location}`);
    const body: Gallery = { location: plan.location, tags, description: 'Created by image-publish' };
    gallery = await azureCall(`creating gallery '${galleryName}' in resource group '${resourceGroup}'`, () =>
      waitForPoller(compute.galleries.createOrUpdate(resourceGroup, galleryName, body), { ...wait, label: `creating gallery ${galleryName}` }),
    );
  }
  let definition = plan.definition;
  if (!definition) {
    logger.info(`Creating image definition '${image}' (${wanted.publisher}/${wanted.offer}/${wanted.sku}, ${wanted.osType} ${wanted.osState})`);
    const body = definitionBody(wanted, gallery.location ?? plan.location, tags);
    definition = await azureCall(`creating image definition '${image}' in gallery '${galleryName}'`, () =>
      waitForPoller(compute.galleryImages.createOrUpdate(resourceGroup, galleryName, image, body), {
        ...wait,
        label: `creating image definition ${image}`,
      }),
    );
  }
  return {
    galleryId: gallery.id ?? '',
    definitionId: definition.id ?? '',
    createdGallery: !plan.gallery,
    createdDefinition: !plan.definition,
  };
}
