import { ConfigurationError, ErrorCodes } from '../errors.js';

const FIX_HINT =
  'Check the build that produced it, or convert it again, e.g. `qemu-img convert -O raw disk.img disk.raw` ' +
  '(image-publish turns a raw file into a fixed VHD itself).';

/** A disk file that cannot become an Azure fixed VHD; thrown before anything is uploaded. */
export function diskInvalid(path: string, reason: string, fix: string = FIX_HINT): ConfigurationError {
  return new ConfigurationError(ErrorCodes.diskInvalid, `Disk image ${path} is not usable: ${reason}. ${fix}`);
}
