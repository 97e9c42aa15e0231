/** Reads a gallery's definitions, versions and consumers from ARM and builds the inventory. */
import type { GalleryImage } from '@azure/arm-compute';
import type { AzureContext } from '../azure/azure-context.js';
import { azureCall } from '../azure/azure-call.js';
import { type ConsumerFinder, armConsumerFinder } from '../retirement/consumer-finder.js';
import { type ReadVersion, readDefinition } from '../retirement/read-versions.js';
import { buildInventory } from './build-inventory.js';
import type { Inventory } from './inventory-types.js';

export interface InventoryRequest {
  resourceGroup: string;
  gallery: string;
  /** Only this definition; all definitions of the gallery when absent. */
  image?: string;
  subscriptions: string[];
  staleAfterDays: number;
}

/** Lists everything and returns the inventory at `now`. `finder` defaults to ARM listing. */
export async function readInventory(
  azure: AzureContext,
  request: InventoryRequest,
  now: number,
  signal?: AbortSignal,
  finder?: ConsumerFinder,
): Promise<Inventory> {
  const { resourceGroup, gallery } = request;
  const compute = azure.compute();
  const options = signal ? { abortSignal: signal } : {};
  const galleryResource = await azureCall(`reading gallery ${gallery} in resource group ${resourceGroup}`, () => compute.galleries.get(resourceGroup, gallery, options));
  const names: string[] = [];
  if (request.image) names.push(request.image);
  else {
    await azureCall(`listing image definitions of gallery ${gallery}`, async () => {
      for await (const d of compute.galleryImages.listByGallery(resourceGroup, gallery, options)) if (d.name) names.push(d.name);
    });
  }
  const definitions: { definition: GalleryImage; versions: ReadVersion[] }[] = [];
  for (const image of names) definitions.push(await readDefinition(azure, { resourceGroup, gallery, image }, signal));
  const consumers = await (finder ?? armConsumerFinder(azure, request.subscriptions)).find(signal);
  return buildInventory({
    gallery: { name: gallery, resourceGroup, id: galleryResource.id ?? '' },
    definitions,
    consumers,
    subscriptions: [...new Set([azure.subscriptionId, ...request.subscriptions].map((x) => x.toLowerCase()))],
    now,
    staleAfterDays: request.staleAfterDays,
  });
}
