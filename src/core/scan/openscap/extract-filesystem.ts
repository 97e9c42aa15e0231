import { mkdir, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AzureError, ConfigurationError, ErrorCodes } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { lastLine, runTool } from '../../bake/rootfs/run-tool.js';
import { diskInvalid } from '../../vhd/disk-errors.js';
import { detectFormat, openFixedVhdView } from '../../vhd/disk-image.js';
import { findExtFilesystem } from './find-ext-filesystem.js';

const CHUNK = 4 * 1024 * 1024;

/** A dynamic VHD is copied to a sparse raw file (zero chunks skipped) because debugfs reads only flat images. */
async function dynamicToRaw(path: string, target: string): Promise<number> {
  const view = await openFixedVhdView(path, 'vhd-dynamic');
  const out = await open(target, 'w');
  try {
    await out.truncate(view.virtualSize);
    const buf = Buffer.alloc(CHUNK);
    for (let position = 0; position < view.virtualSize; position += CHUNK) {
      const chunk = buf.subarray(0, Math.min(CHUNK, view.virtualSize - position));
      await view.read(position, chunk);
      if (chunk.some((b) => b !== 0)) await out.write(chunk, 0, chunk.length, position);
    }
    return view.virtualSize;
  } finally {
    await out.close();
    await view.close();
  }
}

/**
 * Copies the root filesystem out of a raw or VHD disk into `<workDir>/rootfs` with `debugfs -R 'rdump / …'`,
 * which reads the ext filesystem from the file at the partition's offset: no mount, no loop device, no root.
 * Device nodes are skipped (OpenSCAP reads files, not devices); run as root to keep the files' owners.
 */
export async function extractFilesystem(diskPath: string, workDir: string, logger: Logger, signal?: AbortSignal): Promise<string> {
  const format = await detectFormat(diskPath, 'auto');
  if (format !== 'raw' && format !== 'vhd-fixed' && format !== 'vhd-dynamic') {
    throw diskInvalid(diskPath, `it is ${format}, and OpenSCAP scans a root filesystem folder or a raw/VHD disk`, `Convert it first: qemu-img convert -O raw ${diskPath} disk.raw.`);
  }
  let image = diskPath;
  let dataSize: number | undefined;
  if (format === 'vhd-dynamic') {
    image = join(workDir, 'scan-disk.raw');
    logger.info(`Expanding dynamic VHD ${diskPath} to a sparse raw copy for debugfs`);
    dataSize = await dynamicToRaw(diskPath, image);
  } else if (format === 'vhd-fixed') {
    dataSize = (await stat(diskPath)).size - 512;
  }
  const partition = await findExtFilesystem(image, dataSize);
  logger.info(`${diskPath}: ext filesystem in the ${partition.where} at byte ${partition.offset} (${partition.size} bytes)`);
  const target = join(workDir, 'rootfs');
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  const source = partition.offset === 0 ? image : `${image}?offset=${partition.offset}`;
  const run = await runTool('debugfs', ['-R', `rdump / ${target}`, source], signal ? { signal } : {});
  if (image !== diskPath) await rm(image, { force: true });
  if (run.missing) {
    throw new ConfigurationError(ErrorCodes.scannerMissing, `Scanning the disk ${diskPath} with OpenSCAP needs debugfs to read its filesystem, and it is not on PATH. Install e2fsprogs (apt-get install -y e2fsprogs), or pass the rootfs folder as path.`);
  }
  // debugfs exits 0 even when it cannot open the filesystem; its stderr says so.
  const failure = run.stderr.split('\n').find((l) => /while (opening|trying to open)|Bad magic|rdump: /i.test(l));
  if (run.code !== 0 || failure !== undefined) {
    throw new AzureError(ErrorCodes.scannerFailed, `debugfs could not read the filesystem of ${diskPath} (${partition.where}): ${failure ?? lastLine(run)}. Check the disk with e2fsck, or pass the rootfs folder as path.`);
  }
  return target;
}
