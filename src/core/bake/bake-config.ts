import type { BlobAuth } from '../storage/blob-target.js';
import type { DiskFormat } from '../vhd/disk-image.js';

/**
 * Typed inputs of the bake engines, after the step merged its inputs with image.yaml's `bake` section
 * (schema: src/core/config/bake-config.ts, owned by config). The engines trust these types.
 */
export type BakeEngine = 'disk' | 'packer' | 'image-builder';

export interface ManagedImageTarget {
  resourceGroup: string;
  name: string;
  location: string;
  osType: 'Linux' | 'Windows';
  hyperVGeneration: 'V1' | 'V2';
}

/** Storage credentials as resolved from inputs; `entra` uses the step's Azure credential (needs Storage Blob Data Contributor). */
export type StorageAuthInput = Exclude<BlobAuth, { kind: 'token' }> | { kind: 'entra' };

/** Bake from a root filesystem: the disk is made from the tree before the upload (src/core/bake/rootfs). */
export interface RootfsInput {
  /** Directory or tarball. */
  path: string;
  /** Shell command run in the tree before the filesystem is made. */
  hook?: string;
  partitionTable: 'gpt' | 'mbr';
  freeSpaceMiB: number;
}

export interface DiskBakeInputs {
  engine: 'disk';
  /** The disk to upload; with rootfs, where the made disk is written (empty: <work dir>/<blob name>). */
  diskPath: string;
  rootfs?: RootfsInput;
  format: DiskFormat;
  /** Blob container URL without SAS, e.g. https://acct.blob.core.windows.net/vhds; derived from storageAccountId when absent. */
  containerUrl?: string;
  container: string;
  blobName: string;
  auth: StorageAuthInput;
  /** ARM id of the storage account, carried to the manifest for publish (VHD sources need it). */
  storageAccountId?: string;
  /** Create a managed image from the uploaded VHD; otherwise hand the VHD URI to publish. */
  managedImage?: ManagedImageTarget;
  concurrency: number;
  overwriteBlob: boolean;
  /** Defaults to <workDir>/bake-manifest.json. */
  manifestPath?: string;
  progressIntervalSeconds: number;
}

export interface PackerBakeInputs {
  engine: 'packer';
  template: string;
  variables: Record<string, string>;
  varFiles: string[];
  only: string[];
  packerPath: string;
  manifestPath?: string;
}

export type ImageBuilderSource =
  | { kind: 'platform'; publisher: string; offer: string; sku: string; version: string }
  | { kind: 'gallery-version'; id: string }
  | { kind: 'managed-image'; id: string };

export type ImageBuilderCustomizer =
  | { type: 'shell'; name?: string; inline?: string[]; scriptUri?: string }
  | { type: 'powershell'; name?: string; inline?: string[]; scriptUri?: string; runElevated?: boolean }
  | { type: 'file'; name?: string; sourceUri: string; destination: string }
  | { type: 'windows-update'; name?: string; filters?: string[] }
  | { type: 'restart'; name?: string; timeout?: string };

/** Where AIB puts the result: a managed image (id defaulted from the template name at run time) or a gallery image. */
export type ImageBuilderDistribute =
  | { kind: 'managed-image'; imageId?: string; location?: string }
  | { kind: 'gallery'; galleryImageId: string; regions: string[]; storageAccountType?: string };

export interface ImageBuilderBakeInputs {
  engine: 'image-builder';
  /** The template name after adding the version: re-runs of one version reuse one template. */
  templateName: string;
  resourceGroup: string;
  location: string;
  source: ImageBuilderSource;
  customizers: ImageBuilderCustomizer[];
  validation: ImageBuilderCustomizer[];
  vmSize?: string;
  osDiskSizeGB?: number;
  /** ARM id of the user-assigned identity AIB runs as (AIB requires one). */
  identityId: string;
  stagingResourceGroup?: string;
  buildTimeoutMinutes: number;
  distribute: ImageBuilderDistribute;
  cleanup: boolean;
  /** The version being baked, carried to tags and the manifest. */
  imageVersion?: string;
  /** Overall wait for the run (the step's timeout-minutes). */
  timeoutMs: number;
  progressIntervalSeconds: number;
  manifestPath?: string;
}

export type BakeInputs = DiskBakeInputs | PackerBakeInputs | ImageBuilderBakeInputs;
