/** The source of a gallery image version must exist (managed image, snapshot, disk, version, VM) or be a VHD uri. */
import { ArmError, armErrors } from './arm-error.js';
import type { HandlerContext, JsonObject } from './handler-types.js';
import { find } from './resources.js';
import { optionalObject } from './validation.js';

const t = (p: string): string => `galleryImageVersion.properties.storageProfile.${p}`;

const acceptedSourceTypes = [
  'microsoft.compute/images',
  'microsoft.compute/snapshots',
  'microsoft.compute/disks',
  'microsoft.compute/galleries/images/versions',
  'microsoft.compute/galleries/images',
  'microsoft.compute/virtualmachines',
];

export interface ResolvedSource {
  /** The id (or uri) that identifies the source; it cannot change after creation. */
  key: string;
  sizeInGB: number;
  osType?: string;
}

function resourceTypeOf(id: string): string {
  const parts = id.split('/').filter(Boolean);
  const providerIdx = parts.findIndex((p) => p.toLowerCase() === 'providers');
  if (providerIdx < 0) return '';
  const ns = parts[providerIdx + 1] ?? '';
  const types = parts.slice(providerIdx + 2).filter((_, i) => i % 2 === 0);
  return `${ns}/${types.join('/')}`.toLowerCase();
}

function resolveId(id: string, target: string, ctx: HandlerContext): ResolvedSource {
  if (!acceptedSourceTypes.includes(resourceTypeOf(id))) {
    throw armErrors.invalidParameter(target, `The source '${id}' is not a managed image, snapshot, disk, virtual machine or gallery image version id.`);
  }
  const found = find(ctx, id);
  if (!found) {
    throw new ArmError(404, 'NotFound', `The source resource '${id}' was not found. Create it first or correct '${target}'.`, target);
  }
  const props = (found.body.properties ?? {}) as JsonObject;
  const osDisk = ((props.storageProfile as JsonObject | undefined)?.osDisk ?? {}) as JsonObject;
  const osImage = ((props.storageProfile as JsonObject | undefined)?.osDiskImage ?? {}) as JsonObject;
  const size = Number(props.diskSizeGB ?? osDisk.diskSizeGB ?? osImage.sizeInGB ?? 30);
  const osType = (osDisk.osType ?? props.osType) as string | undefined;
  return { key: found.id.toLowerCase(), sizeInGB: size, ...(osType ? { osType } : {}) };
}

/** Validates storageProfile and returns what the version is built from. */
export function resolveVersionSource(storageProfile: JsonObject, ctx: HandlerContext): ResolvedSource {
  const source = optionalObject(storageProfile, 'source', t('source'));
  if (source?.id !== undefined) return resolveId(String(source.id), t('source.id'), ctx);
  if (source?.virtualMachineId !== undefined) return resolveId(String(source.virtualMachineId), t('source.virtualMachineId'), ctx);
  const osDiskImage = optionalObject(storageProfile, 'osDiskImage', t('osDiskImage'));
  const osSource = optionalObject(osDiskImage, 'source', t('osDiskImage.source'));
  if (osSource?.id !== undefined) return resolveId(String(osSource.id), t('osDiskImage.source.id'), ctx);
  if (osSource?.uri !== undefined) {
    const uri = String(osSource.uri);
    if (!/^https:\/\/[^/]+\/.+\.vhd(\?.*)?$/i.test(uri)) throw armErrors.invalidParameter(t('osDiskImage.source.uri'), `The VHD uri '${uri.split('?')[0]}' is not a blob uri ending in .vhd.`);
    if (typeof osSource.storageAccountId !== 'string') throw armErrors.missingProperty(t('osDiskImage.source.storageAccountId'));
    return { key: (uri.split('?')[0] ?? uri).toLowerCase(), sizeInGB: 30 };
  }
  throw armErrors.invalidParameter(
    t('source'),
    'A gallery image version needs a source: storageProfile.source.id (managed image, snapshot, disk, VM or image version), storageProfile.source.virtualMachineId, or storageProfile.osDiskImage.source (id, or uri + storageAccountId).',
  );
}
