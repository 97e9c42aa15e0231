import { readFile } from 'node:fs/promises';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { inputError } from '../input-error.js';

/** The fields publish takes from a bake manifest (bake's `manifest` output file). */
export interface BakeManifest {
  imageId?: string;
  vhdUri?: string;
  storageAccountId?: string;
  engine?: string;
  /** Gallery image version the bake engine (Packer) published itself; publish adopts it when it is in the target definition. */
  galleryVersionId?: string;
}

/** Reads a bake manifest JSON file; accepts camelCase or kebab-case keys. Throws E_INPUT_INVALID naming the file. */
export async function readBakeManifest(path: string): Promise<BakeManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw inputError(ErrorCodes.inputInvalid, 'bake-manifest', `points at '${path}', which cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}). Pass the path bake wrote.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `Bake manifest '${path}' is not JSON.`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `Bake manifest '${path}' must be a JSON object.`);
  }
  const record = data as Record<string, unknown>;
  const pick = (...keys: string[]) => {
    for (const key of keys) if (typeof record[key] === 'string' && record[key] !== '') return record[key];
    return undefined;
  };
  const manifest: BakeManifest = {};
  const imageId = pick('imageId', 'image-id', 'managedImageId');
  const vhdUri = pick('vhdUri', 'vhd-uri');
  const storageAccountId = pick('storageAccountId', 'storage-account-id');
  const engine = pick('engine', 'bakeEngine', 'bake-engine');
  const galleryVersionId = pick('galleryVersionId', 'gallery-version-id');
  if (imageId) manifest.imageId = imageId;
  if (vhdUri) manifest.vhdUri = vhdUri;
  if (storageAccountId) manifest.storageAccountId = storageAccountId;
  if (engine) manifest.engine = engine;
  if (galleryVersionId) manifest.galleryVersionId = galleryVersionId;
  if (!manifest.imageId && !manifest.vhdUri && !manifest.galleryVersionId) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `Bake manifest '${path}' has none of 'image-id', 'vhd-uri' or 'gallery-version-id'; was bake successful?`,
    );
  }
  return manifest;
}
