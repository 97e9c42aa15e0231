import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BakeEngine } from './bake-config.js';

/**
 * What bake produced, as one JSON file: the thing sign signs and publish reads (src/core/gallery/bake-manifest.ts
 * takes imageId / vhdUri / storageAccountId / engine from it). Never holds a SAS or key: URIs are stored bare.
 */
export interface BakeManifest {
  schemaVersion: 1;
  engine: BakeEngine;
  /** sha256 (hex) of the exact fixed VHD bytes in the blob. */
  sha256?: string;
  /** Bytes of the fixed VHD (virtual size + 512-byte footer). */
  size?: number;
  virtualSize?: number;
  sourceFile?: string;
  sourceFormat?: string;
  vhdUri?: string;
  storageAccountId?: string;
  imageId?: string;
  /** Gallery image version Packer published itself; publish adopts it instead of creating one. */
  galleryVersionId?: string;
  /** Artifacts reported by Packer (`artifact,N,id`), when the engine is packer. */
  artifacts?: string[];
  buildLog?: string;
  createdAt: string;
}

/** Writes the manifest as stable, pretty JSON (keys in declaration order) and returns its path. */
export async function writeBakeManifest(path: string, manifest: BakeManifest): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  return path;
}
