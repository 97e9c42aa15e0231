import { z } from 'zod';
import { duration, regionName, resourceGroupName, resourceId } from './config-primitives.js';

/** Section used by bake: one engine per image. */

const diskEngine = z.strictObject({
  engine: z.literal('disk'),
  path: z.string().min(1).describe('Disk image file: raw, VHD (fixed or dynamic), qcow2 or VMDK.'),
  format: z.enum(['auto', 'raw', 'vhd', 'qcow2', 'vmdk']).optional(),
  storageAccountId: resourceId.describe('Storage account that receives the page blob.'),
  container: z.string().min(3).max(63).optional(),
  blobName: z.string().optional(),
  createManagedImage: z.boolean().optional().describe('Also create a managed image (default: hand the VHD to publish).'),
});

const customizer = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('shell'), name: z.string().optional(), inline: z.array(z.string()).optional(), scriptUri: z.string().optional() }),
  z.strictObject({ type: z.literal('powershell'), name: z.string().optional(), inline: z.array(z.string()).optional(), scriptUri: z.string().optional(), runElevated: z.boolean().optional() }),
  z.strictObject({ type: z.literal('file'), name: z.string().optional(), sourceUri: z.string(), destination: z.string() }),
  z.strictObject({ type: z.literal('windows-update'), name: z.string().optional(), filters: z.array(z.string()).optional() }),
  z.strictObject({ type: z.literal('restart'), name: z.string().optional(), timeout: duration.optional() }),
]);

const builderSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('platform'), publisher: z.string(), offer: z.string(), sku: z.string(), version: z.string().optional() }),
  z.strictObject({ kind: z.literal('gallery-version'), id: resourceId }),
  z.strictObject({ kind: z.literal('managed-image'), id: resourceId }),
]);

const builderDistribute = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('managed-image'),
    imageId: resourceId.optional().describe('Managed image to create (default: resourceGroup/<template name>).'),
    location: regionName.optional().describe('Region of the managed image (default: location).'),
  }),
  z.strictObject({
    kind: z.literal('gallery'),
    galleryImageId: resourceId.describe('Gallery image definition AIB publishes a version of.'),
    regions: z.array(regionName).optional().describe('Replication regions (default: location).'),
    storageAccountType: z.enum(['Standard_LRS', 'Standard_ZRS', 'Premium_LRS']).optional(),
  }),
]);

const imageBuilderEngine = z.strictObject({
  engine: z.literal('image-builder'),
  templateName: z.string().min(1).max(64),
  resourceGroup: resourceGroupName,
  location: regionName,
  source: builderSource,
  customizers: z.array(customizer).optional(),
  validation: z.array(customizer).optional().describe('Customizers run as validators after the build.'),
  vmSize: z.string().optional(),
  osDiskSizeGB: z.number().int().min(1).optional(),
  identityId: resourceId.describe('User-assigned managed identity the builder runs as.'),
  stagingResourceGroup: resourceId.optional(),
  buildTimeout: duration.optional(),
  distribute: builderDistribute.optional().describe('Where the built image goes (default: a managed image named after the template).'),
  cleanup: z.boolean().optional().describe('Delete the template after the run.'),
});

const packerEngine = z.strictObject({
  engine: z.literal('packer'),
  template: z.string().min(1).describe('Packer template file or directory.'),
  variables: z.record(z.string(), z.string()).optional().describe('Passed as -var name=value (no secrets: use PKR_VAR_ environment variables).'),
  varFiles: z.array(z.string()).optional(),
  only: z.array(z.string()).optional(),
});

export const bakeConfig = z
  .discriminatedUnion('engine', [diskEngine, imageBuilderEngine, packerEngine])
  .describe('How the image is produced: engine disk, image-builder or packer.');
