import type { GalleryImageVersion } from '@azure/arm-compute';
import type { AzureContext } from '../azure/azure-context.js';
import { azureGetOrUndefined } from '../azure/azure-call.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { Logger } from '../logger.js';
import { type LocationCatalog, canonicalRegions, loadLocations, normalisingCatalog } from './region-names.js';
import type { ReplicateInputs } from './replicate-inputs.js';
import { type RegionPlan, planTargetRegions } from './target-regions.js';

/** What the plan phase learned by reading only: the version as it is, the region catalog and the decision. */
export interface ReplicationPlan {
  first: GalleryImageVersion;
  catalog: LocationCatalog;
  plan: RegionPlan;
}

/**
 * The plan phase of replicate: reads the version and the subscription's locations, checks the requested region
 * names and decides the one targetRegions update (or none). Writes nothing, so every refusal leaves Azure as it was.
 */
export async function planReplication(inputs: ReplicateInputs, azure: AzureContext, logger: Logger, signal: AbortSignal, label: string): Promise<ReplicationPlan> {
  const ref = inputs.version;
  return logger.group(`Replication plan for ${label}`, async () => {
    const existing = await azureGetOrUndefined(`reading image version ${label}`, () =>
      azure.compute().galleryImageVersions.get(ref.resourceGroup, ref.gallery, ref.image, ref.version, { expand: 'ReplicationStatus', abortSignal: signal }),
    );
    if (!existing) {
      throw new ConfigurationError(
        ErrorCodes.notFound,
        `Image version ${label} does not exist in resource group ${ref.resourceGroup}: publish it first, or check gallery, image-definition and version. Nothing was changed.`,
      );
    }
    const catalog = await regionCatalog(azure, logger);
    const names = canonicalRegions(inputs.regions.map((r) => r.name), catalog, azure.subscriptionId);
    const canonicalName = (name: string) => catalog.canonical(name) ?? name;
    const homeRegion = canonicalName(existing.location ?? '');
    const current = existing.publishingProfile?.targetRegions ?? [{ name: homeRegion }];
    logger.info(`Current target regions: ${current.map((t) => `${canonicalName(t.name)} (${t.regionalReplicaCount ?? 1}x ${t.storageAccountType ?? 'default'})`).join(', ')}`);
    logger.info(`Requested (${inputs.mode}): ${names.join(', ')}`);
    const plan = planTargetRegions({
      current,
      requested: inputs.regions.map((r, i) => ({ ...r, name: names[i] as string })),
      mode: inputs.mode,
      homeRegion,
      replicaCount: inputs.replicaCount,
      storageAccountType: inputs.storageAccountType,
      allowDeletion: existing.safetyProfile?.allowDeletionOfReplicatedLocations,
      canonical: canonicalName,
      label,
    });
    logger.info(plan.needsUpdate ? `Update needed: ${describePlan(plan)}` : 'No update needed: the version already has these target regions.');
    return { first: existing, catalog, plan };
  });
}

/** The subscription's locations; without a role to list them, a catalog that only normalises spelling. */
async function regionCatalog(azure: AzureContext, logger: Logger): Promise<LocationCatalog> {
  const locations = await loadLocations(azure);
  if (locations) return locations;
  logger.warn(
    `Cannot list the locations of subscription ${azure.subscriptionId} (no role on the subscription), so region names are not ` +
      `checked in advance; Azure still rejects unknown names without changing anything. Grant Reader on the subscription for "did you mean" hints.`,
  );
  return normalisingCatalog();
}

/** "adding eastus, uksouth; removing northeurope". */
export function describePlan(plan: RegionPlan): string {
  return [
    plan.added.length ? `adding ${plan.added.join(', ')}` : '',
    plan.changed.length ? `updating ${plan.changed.join(', ')}` : '',
    plan.removed.length ? `removing ${plan.removed.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
