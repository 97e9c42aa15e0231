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

export interface DiskBakeInputs {
  engine: 'disk';
  diskPath: string;
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

export interface ImageBuilderBakeInputs {
  engine: 'image-builder';
}

export type BakeInputs = DiskBakeInputs | PackerBakeInputs | ImageBuilderBakeInputs;
