import type { GalleryImageVersionStorageProfile } from '@azure/arm-compute';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { parseResourceId, type ResourceId } from '../azure/resource-id.js';
import { inputError } from '../input-error.js';

/** Where the bits of a new image version come from. */
export type ImageSource =
  | { kind: 'managed-image' | 'snapshot' | 'disk' | 'virtual-machine' | 'gallery-version'; id: string; resource: ResourceId }
  | { kind: 'vhd'; uri: string; storageAccountId: string; storageAccount: ResourceId };

const KIND_BY_TYPE: Record<string, Exclude<ImageSource['kind'], 'vhd'>> = {
  'microsoft.compute/images': 'managed-image',
  'microsoft.compute/snapshots': 'snapshot',
  'microsoft.compute/disks': 'disk',
  'microsoft.compute/virtualmachines': 'virtual-machine',
  'microsoft.compute/galleries/images/versions': 'gallery-version',
};

/**
 * Detects the source kind from `source` (a resource id or a VHD blob URI). A VHD needs the id of the
 * storage account holding it, as ARM does. Throws E_INPUT_INVALID / E_INPUT_MISSING naming the input.
 */
export function detectSource(source: string, storageAccountId: string | undefined, inputName = 'source'): ImageSource {
  const value = source.trim();
  if (/^https:\/\//i.test(value)) return vhdSource(value, storageAccountId, inputName);
  const resource = parseResourceId(value);
  const kind = resource ? KIND_BY_TYPE[resource.type] : undefined;
  if (!resource || !kind) {
    throw inputError(ErrorCodes.inputInvalid, inputName,
      `is '${value}', which is not a supported image source. Give the resource id of a managed image ` +
        `(.../Microsoft.Compute/images/x), snapshot, managed disk, virtual machine or gallery image version ` +
        `(.../galleries/g/images/i/versions/1.2.3), or a VHD blob URI (https://account.blob.core.windows.net/c/os.vhd) with 'storage-account-id'.`,
    );
  }
  return { kind, id: resource.id, resource };
}

function vhdSource(uri: string, storageAccountId: string | undefined, inputName: string): ImageSource {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw inputError(ErrorCodes.inputInvalid, inputName, `is not a valid URL; give the VHD blob URI.`);
  }
  // A SAS token is a secret and ARM does not want one: the gallery reads the blob through the account id.
  if (url.search !== '') {
    throw inputError(ErrorCodes.inputInvalid, inputName,
      `is a VHD URI with a query string (a SAS token?). Give the plain blob URI ` +
        `(https://${url.host}${url.pathname}) and 'storage-account-id'; the gallery reads it with its own access.`,
    );
  }
  if (!url.pathname.toLowerCase().endsWith('.vhd')) {
    throw inputError(ErrorCodes.inputInvalid, inputName, `is '${uri}', which is not a .vhd blob; Azure Compute Gallery takes fixed-size VHDs.`);
  }
  if (!storageAccountId) {
    throw inputError(ErrorCodes.inputMissing, inputName,
      `is a VHD blob URI, which needs 'storage-account-id' (/subscriptions/.../providers/Microsoft.Storage/storageAccounts/<account>).`,
    );
  }
  const storageAccount = parseResourceId(storageAccountId);
  if (!storageAccount || storageAccount.type !== 'microsoft.storage/storageaccounts') {
    throw inputError(ErrorCodes.inputInvalid, 'storage-account-id',
      `is '${storageAccountId}', which is not a storage account resource id (.../providers/Microsoft.Storage/storageAccounts/<account>).`,
    );
  }
  const accountName = storageAccount.names[0]?.toLowerCase() ?? '';
  if (!url.hostname.toLowerCase().startsWith(`${accountName}.`)) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `The VHD '${uri}' is not in storage account '${accountName}' named by 'storage-account-id'; make them match.`,
    );
  }
  return { kind: 'vhd', uri: `${url.origin}${url.pathname}`, storageAccountId: storageAccount.id, storageAccount };
}

/** The id recorded as provenance and compared on re-run: the resource id, or the VHD URI. */
export function sourceIdentity(source: ImageSource): string {
  return source.kind === 'vhd' ? source.uri : source.id;
}

/** The version's storage profile for this source, as ARM expects each kind. */
export function storageProfileFor(source: ImageSource): GalleryImageVersionStorageProfile {
  switch (source.kind) {
    case 'managed-image':
    case 'gallery-version':
      return { source: { id: source.id } };
    case 'virtual-machine':
      return { source: { virtualMachineId: source.id } };
    case 'snapshot':
    case 'disk':
      return { osDiskImage: { source: { id: source.id } } };
    case 'vhd':
      return { osDiskImage: { source: { uri: source.uri, storageAccountId: source.storageAccountId } } };
  }
}

/** The source an existing version was created from (any of the places ARM records it). */
export function existingSourceIdentity(profile: GalleryImageVersionStorageProfile | undefined): string | undefined {
  return (
    profile?.source?.id ??
    profile?.source?.virtualMachineId ??
    profile?.osDiskImage?.source?.id ??
    profile?.osDiskImage?.source?.uri ??
    undefined
  );
}
