import { execFile } from 'node:child_process';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { AzureError, ConfigurationError, ErrorCodes } from '../errors.js';

const execFileAsync = promisify(execFile);

/**
 * qcow2, VMDK and VHDX are converted to a sparse raw file with `qemu-img convert -O raw` (no shell; arguments
 * passed as an array). That is the one case where the data is copied: their layouts are not worth
 * re-implementing when qemu-img is the reference reader.
 */
export async function convertToRaw(
  source: string,
  format: 'qcow2' | 'vmdk' | 'vhdx',
  outDir: string,
  options: { qemuImg?: string; signal?: AbortSignal } = {},
): Promise<string> {
  const tool = options.qemuImg ?? 'qemu-img';
  const target = join(outDir, `${basename(source)}.raw`);
  const args = ['convert', '-f', format, '-O', 'raw', source, target];
  try {
    await execFileAsync(tool, args, { signal: options.signal, maxBuffer: 4 * 1024 * 1024 });
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: string; code?: string | number };
    if (err.code === 'ENOENT') {
      throw new ConfigurationError(
        ErrorCodes.toolMissing,
        `Disk image ${source} is ${format}, which needs qemu-img to convert, but "${tool}" was not found. ` +
          'Install it (`sudo apt-get install -y qemu-utils` on Debian/Ubuntu runners) or convert the disk to raw or VHD before baking.',
      );
    }
    const stderr = (err.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? String(error);
    throw new AzureError(
      ErrorCodes.toolFailed,
      `qemu-img could not convert ${source} (${format}) to raw: ${stderr}. Command: ${tool} ${args.join(' ')}. ` +
        'Check that the file is a complete, uncorrupted image (`qemu-img check` tells).',
      { cause: error },
    );
  }
  return target;
}
