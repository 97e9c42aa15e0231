import type { AzureContext } from '../azure/azure-context.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { Logger } from '../logger.js';
import { azureGetOrUndefined } from '../azure/azure-call.js';
import type { ImageSource } from './image-source.js';

/** What publish learned about the source by reading it. */
export interface SourceFacts {
  /** The source's region; a gallery version can be created from a source in its own region. */
  location?: string;
  /** Set when the source is a gallery image version that is not (yet) usable. */
  provisioningState?: string;
}

/**
 * Reads the source before anything is changed, so a typo fails fast with E_NOT_FOUND and nothing in the
 * gallery is created. VHD blobs are not read (that needs data-plane access the publisher may lack); ARM
 * validates them when the version is created.
 */
export async function verifySource(azure: AzureContext, source: ImageSource, logger: Logger): Promise<SourceFacts> {
  if (source.kind === 'vhd') {
    logger.debug(`verifySource: VHD ${source.uri} is checked by ARM at creation (no blob read)`);
    return {};
  }
  const { resource } = source;
  if (resource.subscriptionId.toLowerCase() !== azure.subscriptionId.toLowerCase()) {
    // The compute client is bound to the step's subscription; ARM checks cross-subscription sources itself.
    logger.warn(`The source is in subscription ${resource.subscriptionId}, not ${azure.subscriptionId}; it is checked by ARM when the version is created.`);
    return {};
  }
  const compute = azure.compute();
  const rg = resource.resourceGroup;
  const doing = `reading the source ${source.kind} '${source.id}'`;
  const [a = '', b = '', c = ''] = resource.names;
  let found: { location?: string; provisioningState?: string } | undefined;
  switch (source.kind) {
    case 'managed-image':
      found = await azureGetOrUndefined(doing, () => compute.images.get(rg, a));
      break;
    case 'snapshot':
      found = await azureGetOrUndefined(doing, () => compute.snapshots.get(rg, a));
      break;
    case 'disk':
      found = await azureGetOrUndefined(doing, () => compute.disks.get(rg, a));
      break;
    case 'virtual-machine':
      found = await azureGetOrUndefined(doing, () => compute.virtualMachines.get(rg, a));
      break;
    case 'gallery-version':
      found = await azureGetOrUndefined(doing, () => compute.galleryImageVersions.get(rg, a, b, c));
      break;
  }
  if (!found) {
    throw new ConfigurationError(
      ErrorCodes.notFound,
      `The source ${source.kind} '${source.id}' does not exist (or the identity cannot see it). ` +
        `Check the 'source' input (or the bake manifest) and that the identity has Reader on it. Nothing was changed.`,
    );
  }
  if (source.kind === 'gallery-version' && found.provisioningState && found.provisioningState !== 'Succeeded') {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `The source gallery image version '${source.id}' is ${found.provisioningState}; it can be copied only once it has Succeeded.`,
    );
  }
  const facts: SourceFacts = {};
  if (found.location) facts.location = found.location;
  return facts;
}
