import { createHash } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AzureError, ConfigurationError, ErrorCodes } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { alignToMiB, buildFixedFooter, MiB } from '../../vhd/vhd-footer.js';
import { PARTITION_START, partitionTableWrites, type PartitionTableKind } from './partition-table.js';
import { measureTree, prepareTree, runHook } from './rootfs-tree.js';
import { lastLine, runTool } from './run-tool.js';

export interface RootfsDiskOptions {
  /** Root filesystem directory or tarball. */
  rootfs: string;
  /** Shell command run in the tree before the filesystem is made. */
  hook?: string;
  partitionTable: PartitionTableKind;
  /** Free space to leave in the filesystem beyond what the tree needs (the VM grows the disk on first boot anyway). */
  freeSpaceMiB: number;
  /** Where the fixed VHD is written. */
  outputPath: string;
}

export interface RootfsDisk {
  path: string;
  /** Data bytes of the VHD (whole MiB). */
  virtualSize: number;
  filesystemBytes: number;
  treeBytes: number;
  inodes: number;
}

const BLOCK = 4096;
/** ext4 metadata on top of the data: journal (16–64 MiB at these sizes), group descriptors, bitmaps, reserve. */
const METADATA_MIB = 64;

/** Filesystem size for a tree: data plus inode tables plus metadata, plus the free space asked for, in whole MiB. */
export function filesystemSize(treeBytes: number, inodes: number, freeSpaceMiB: number): { bytes: number; inodes: number } {
  const inodeCount = Math.max(16_384, inodes * 2);
  const bytes = alignToMiB(Math.ceil(treeBytes * 1.1) + inodeCount * 256 + (METADATA_MIB + freeSpaceMiB) * MiB);
  return { bytes, inodes: inodeCount };
}

/**
 * A root filesystem → the disk Azure expects: a partition table (GPT or MBR) with one Linux partition at 1 MiB
 * holding ext4 made from the tree by `mke2fs -d` (no mount, no loop device), the whole rounded to MiB and closed
 * with a fixed VHD footer. It has no boot loader and no Azure agent: those belong to the tool that built the tree.
 */
export async function buildRootfsDisk(options: RootfsDiskOptions, workDir: string, logger: Logger, signal?: AbortSignal): Promise<RootfsDisk> {
  const tree = await prepareTree(options.rootfs, workDir, options.hook, logger, signal);
  try {
    if (options.hook !== undefined) await runHook(options.hook, tree.dir, logger, signal);
    const measured = await measureTree(tree.dir);
    const fs = filesystemSize(measured.bytes, measured.inodes, options.freeSpaceMiB);
    // GPT keeps a backup table in the last 33 sectors; one spare MiB keeps the partition MiB-aligned at both ends.
    const virtualSize = PARTITION_START + fs.bytes + MiB;
    logger.info(`Tree ${measured.bytes} bytes in ${measured.inodes} inodes → ext4 of ${fs.bytes / MiB} MiB, disk ${virtualSize / MiB} MiB (${options.partitionTable})`);
    await mkdir(dirname(options.outputPath), { recursive: true });
    await rm(options.outputPath, { force: true });
    const created = await open(options.outputPath, 'w');
    await created.truncate(virtualSize);
    await created.close();
    const mkfs = await runTool(
      'mke2fs',
      ['-q', '-F', '-t', 'ext4', '-b', String(BLOCK), '-N', String(fs.inodes), '-L', 'rootfs', '-d', tree.dir, '-E', `offset=${PARTITION_START}`, options.outputPath, String(fs.bytes / BLOCK)],
      signal ? { signal } : {},
    );
    if (mkfs.missing) {
      throw new ConfigurationError(ErrorCodes.toolMissing, "Baking from 'rootfs' needs mke2fs (e2fsprogs 1.43 or later, for -d), which is not on PATH. Install it: apt-get install -y e2fsprogs.");
    }
    if (mkfs.code !== 0) {
      throw new AzureError(ErrorCodes.toolFailed, `mke2fs could not make the ext4 filesystem from ${tree.dir} (exit ${mkfs.code}): ${lastLine(mkfs)}. Nothing was uploaded.`);
    }
    const fh = await open(options.outputPath, 'r+');
    try {
      for (const write of partitionTableWrites(options.partitionTable, virtualSize, PARTITION_START + fs.bytes)) await fh.write(write.data, 0, write.data.length, write.offset);
      // The footer's unique id comes from the partition table (random per bake), so two bakes are two disks.
      const uniqueId = createHash('sha256').update((await fh.read(Buffer.alloc(1024), 0, 1024, 0)).buffer).digest().subarray(0, 16);
      const footer = buildFixedFooter({ currentSize: virtualSize, uniqueId });
      await fh.write(footer, 0, footer.length, virtualSize);
    } finally {
      await fh.close();
    }
    return { path: options.outputPath, virtualSize, filesystemBytes: fs.bytes, treeBytes: measured.bytes, inodes: measured.inodes };
  } finally {
    if (tree.owned) await rm(tree.dir, { recursive: true, force: true });
  }
}
