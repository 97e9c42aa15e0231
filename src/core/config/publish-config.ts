import { z } from 'zod';
import {
  endOfLife,
  galleryName,
  httpsUrl,
  imageDefinitionName,
  imageVersion,
  isoDate,
  positiveInt,
  regionName,
  resourceGroupName,
  resourceId,
  storageAccountType,
  subscriptionId,
} from './config-primitives.js';

/** Sections used by publish and replicate: where the image lives, what it is and where it goes. */

export const galleryConfig = z
  .strictObject({
    name: galleryName.describe('Azure Compute Gallery name.'),
    resourceGroup: resourceGroupName.describe("The gallery's resource group."),
    subscriptionId: subscriptionId.optional().describe('Defaults to the subscription-id input.'),
    location: regionName.optional().describe('Home region of the gallery; also the first replication target.'),
    create: z.boolean().optional().describe('Create the gallery when it does not exist (default false).'),
    description: z.string().max(1000).optional(),
  })
  .describe('The Azure Compute Gallery that holds the image definition.');

const range = z.strictObject({
  min: z.number().int().min(1).optional(),
  max: z.number().int().min(1).optional(),
});

export const imageDefinitionConfig = z
  .strictObject({
    name: imageDefinitionName.describe('Image definition name inside the gallery.'),
    publisher: z.string().min(1).max(128),
    offer: z.string().min(1).max(64),
    sku: z.string().min(1).max(64),
    osType: z.enum(['Linux', 'Windows']),
    osState: z.enum(['Generalized', 'Specialized']).optional().describe('Default Generalized.'),
    hyperVGeneration: z.enum(['V1', 'V2']).optional().describe('Default V2.'),
    architecture: z.enum(['x64', 'Arm64']).optional().describe('Default x64.'),
    securityType: z
      .enum(['Standard', 'TrustedLaunch', 'TrustedLaunchSupported', 'ConfidentialVM', 'ConfidentialVMSupported', 'TrustedLaunchAndConfidentialVmSupported'])
      .optional()
      .describe('Feature SecurityType of the definition.'),
    diskControllerTypes: z.array(z.enum(['SCSI', 'NVMe'])).min(1).optional().describe('Feature DiskControllerTypes.'),
    acceleratedNetworking: z.boolean().optional().describe('Feature IsAcceleratedNetworkSupported.'),
    hibernation: z.boolean().optional().describe('Feature IsHibernateSupported.'),
    features: z.record(z.string(), z.string()).optional().describe('Other definition features, name: value.'),
    recommended: z
      .strictObject({ vCPUs: range.optional(), memoryGB: range.optional() })
      .optional()
      .describe('Recommended VM sizes for the image.'),
    description: z.string().max(1000).optional(),
    eula: z.string().optional(),
    privacyStatementUri: httpsUrl.optional(),
    releaseNoteUri: httpsUrl.optional(),
    endOfLifeDate: isoDate.optional(),
  })
  .describe('The gallery image definition. Its identity (publisher/offer/sku, osType, osState, hyperVGeneration, architecture, features) is immutable once created.');

export const safetyProfileConfig = z.strictObject({
  allowDeletionOfReplicatedLocations: z.boolean().optional(),
  blockDeletionBeforeEndOfLife: z.boolean().optional(),
});

export const versioningConfig = z
  .strictObject({
    scheme: z.enum(['explicit', 'auto', 'date']).optional().describe("explicit (version below), auto (next above the highest), or date (YYYY.MMDD.<run number>). Default auto."),
    version: imageVersion.optional().describe('The version for scheme explicit.'),
    bump: z.enum(['patch', 'minor', 'major']).optional().describe('Which part scheme auto increments. Default patch.'),
    endOfLife: endOfLife.optional(),
    excludeFromLatest: z.boolean().optional().describe('Default true: only pin-rollout promotes a version to latest.'),
    storageAccountType: storageAccountType.optional(),
    replicaCount: positiveInt(100).optional().describe('Replicas per region unless the region says otherwise.'),
    replaceFailed: z.boolean().optional().describe('Replace a version left in Failed state (default false).'),
    safetyProfile: safetyProfileConfig.optional(),
  })
  .refine((v) => v.scheme !== 'explicit' || v.version !== undefined, {
    message: "scheme 'explicit' needs a version, e.g. version: '1.4.2'",
    path: ['version'],
  })
  .describe('How version numbers are chosen and how a new version is published.');

/** What publish turns into a version: one kind per source, named by `kind`. */
export const sourceConfig = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('managed-image'), id: resourceId.describe('Managed image resource id.') }),
    z.strictObject({
      kind: z.literal('vhd'),
      uri: httpsUrl.describe('Blob URI of the VHD, without SAS (access is through the storage account).'),
      storageAccountId: resourceId,
    }),
    z.strictObject({ kind: z.literal('snapshot'), id: resourceId }),
    z.strictObject({ kind: z.literal('disk'), id: resourceId }),
    z.strictObject({ kind: z.literal('vm'), id: resourceId }),
    z.strictObject({ kind: z.literal('gallery-version'), id: resourceId.describe('Existing gallery image version to copy or promote.') }),
    z.strictObject({ kind: z.literal('bake'), manifest: z.string().optional().describe('Path of the bake manifest; default from the bake outputs.') }),
  ])
  .describe('The source of the image version.');

export const encryptionConfig = z.strictObject({
  osDiskEncryptionSetId: resourceId.optional(),
  dataDisks: z.array(z.strictObject({ lun: z.number().int().min(0), diskEncryptionSetId: resourceId })).optional(),
});

export const regionConfig = z.union([
  regionName,
  z.strictObject({
    name: regionName,
    replicas: positiveInt(100).optional(),
    storageAccountType: storageAccountType.optional(),
    encryption: encryptionConfig.optional(),
    excludeFromLatest: z.boolean().optional(),
  }),
]);

export const replicationConfig = z
  .strictObject({
    mode: z.enum(['add', 'exact']).optional().describe('add (union with current regions, default) or exact (remove unlisted).'),
    replicationMode: z.enum(['Full', 'Shallow']).optional(),
    retries: z.number().int().min(0).max(10).optional(),
    timeoutMinutes: positiveInt(1440).optional(),
    wait: z.boolean().optional(),
  })
  .describe('How replicate converges the version onto the regions.');

/** A region entry in its long form, whether it was written as `westeurope` or `{ name: westeurope, ... }`. */
export function normalizeRegion(region: z.infer<typeof regionConfig>): Exclude<z.infer<typeof regionConfig>, string> {
  return typeof region === 'string' ? { name: region } : region;
}
