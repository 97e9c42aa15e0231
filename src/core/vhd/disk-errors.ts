import { ConfigurationError } from '../errors.js';

/** Stable codes of the bake step's own failures (documented in docs/steps/bake.md). */
export const BakeErrorCodes = {
  diskInvalid: 'E_DISK_INVALID',
  diskUnsupported: 'E_DISK_UNSUPPORTED',
  toolMissing: 'E_TOOL_MISSING',
  toolFailed: 'E_TOOL_FAILED',
  blobConflict: 'E_BLOB_CONFLICT',
  uploadFailed: 'E_UPLOAD_FAILED',
  engineUnavailable: 'E_ENGINE_UNAVAILABLE',
  imageExists: 'E_IMAGE_EXISTS',
} as const;

const FIX_HINT =
  'Check the build that produced it, or convert it again, e.g. `qemu-img convert -O raw disk.img disk.raw` ' +
  '(image-publish turns a raw file into a fixed VHD itself).';

/** A disk file that cannot become an Azure fixed VHD; thrown before anything is uploaded. */
export function diskInvalid(path: string, reason: string, fix: string = FIX_HINT): ConfigurationError {
  return new ConfigurationError(BakeErrorCodes.diskInvalid, `Disk image ${path} is not usable: ${reason}. ${fix}`);
}
