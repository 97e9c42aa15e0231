import { open } from 'node:fs/promises';
import { bytesToGuid, crc32, MBR_PROTECTIVE_TYPE, SECTOR } from '../../bake/rootfs/partition-table.js';
import { diskInvalid } from '../../vhd/disk-errors.js';

/**
 * Finds the ext2/3/4 filesystem in a raw disk (the data part of a fixed VHD is raw): unpartitioned, or a
 * partition of an MBR or GPT table. Parsed here because the two tables are a few fixed-offset fields, while the
 * tools that read them (fdisk, parted, libblkid) either need root and loop devices or print text for humans.
 */

const EXT_MAGIC = 0xef53;
/** The superblock starts 1024 bytes into the filesystem; its magic is at byte 56. */
const EXT_MAGIC_OFFSET = 1024 + 56;
const EXTENDED_MBR_TYPES = new Set([0x05, 0x0f, 0x85]);

export interface DiskPartition {
  /** Byte offset of the partition in the disk. */
  offset: number;
  size: number;
  /** "gpt 1", "mbr 2" or "whole disk", for messages. */
  where: string;
}

type ReadAt = (position: number, length: number) => Promise<Buffer>;

async function hasExtMagic(read: ReadAt, offset: number): Promise<boolean> {
  const bytes = await read(offset + EXT_MAGIC_OFFSET, 2);
  return bytes.length === 2 && bytes.readUInt16LE(0) === EXT_MAGIC;
}

async function gptPartitions(read: ReadAt, diskSize: number): Promise<DiskPartition[]> {
  const header = await read(SECTOR, SECTOR);
  if (header.toString('latin1', 0, 8) !== 'EFI PART') return [];
  const headerSize = header.readUInt32LE(12);
  const stored = header.readUInt32LE(16);
  const check = Buffer.from(header.subarray(0, headerSize));
  check.writeUInt32LE(0, 16);
  if (headerSize < 92 || headerSize > SECTOR || crc32(check) !== stored) return [];
  const entriesLba = Number(header.readBigUInt64LE(72));
  const count = header.readUInt32LE(80);
  const entrySize = header.readUInt32LE(84);
  if (entrySize < 128 || count > 4096) return [];
  const entries = await read(entriesLba * SECTOR, count * entrySize);
  const partitions: DiskPartition[] = [];
  for (let i = 0; i < count; i++) {
    const entry = entries.subarray(i * entrySize, (i + 1) * entrySize);
    if (entry.length < 48 || bytesToGuid(entry.subarray(0, 16)) === '00000000-0000-0000-0000-000000000000') continue;
    const first = Number(entry.readBigUInt64LE(32)) * SECTOR;
    const last = (Number(entry.readBigUInt64LE(40)) + 1) * SECTOR;
    if (first < diskSize && last > first) partitions.push({ offset: first, size: Math.min(last, diskSize) - first, where: `gpt partition ${i + 1}` });
  }
  return partitions;
}

function mbrPartitions(sector: Buffer): DiskPartition[] {
  const partitions: DiskPartition[] = [];
  for (let i = 0; i < 4; i++) {
    const at = 446 + i * 16;
    const type = sector.readUInt8(at + 4);
    const first = sector.readUInt32LE(at + 8);
    const count = sector.readUInt32LE(at + 12);
    // Logical partitions inside an extended one are not followed: cloud images do not use them.
    if (type === 0 || EXTENDED_MBR_TYPES.has(type) || count === 0) continue;
    partitions.push({ offset: first * SECTOR, size: count * SECTOR, where: `mbr partition ${i + 1}` });
  }
  return partitions;
}

/** The partitions the disk's table lists (GPT behind a protective MBR, or plain MBR); none when unpartitioned. */
export async function listPartitions(read: ReadAt, diskSize: number): Promise<DiskPartition[]> {
  const sector = await read(0, SECTOR);
  if (sector.length < SECTOR || sector.readUInt16LE(510) !== 0xaa55) return [];
  const mbr = mbrPartitions(sector);
  const protective = [0, 1, 2, 3].some((i) => sector.readUInt8(446 + i * 16 + 4) === MBR_PROTECTIVE_TYPE);
  return protective ? gptPartitions(read, diskSize) : mbr;
}

/**
 * The byte range of the disk's ext filesystem: the largest partition that holds one (the root filesystem, beside
 * small /boot or EFI partitions), or the whole disk. E_DISK_INVALID when there is none.
 */
export async function findExtFilesystem(diskPath: string, dataSize?: number): Promise<DiskPartition> {
  const fh = await open(diskPath, 'r');
  try {
    const size = dataSize ?? (await fh.stat()).size;
    const read: ReadAt = async (position, length) => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, position);
      return buf.subarray(0, bytesRead);
    };
    const partitions = await listPartitions(read, size);
    const ext: DiskPartition[] = [];
    for (const p of partitions) if (await hasExtMagic(read, p.offset)) ext.push(p);
    const largest = ext.sort((a, b) => b.size - a.size)[0];
    if (largest !== undefined) return largest;
    if (await hasExtMagic(read, 0)) return { offset: 0, size, where: 'whole disk' };
    const seen = partitions.length === 0 ? 'no partition table and no ext filesystem at its start' : `partitions ${partitions.map((p) => p.where).join(', ')}, none of them ext2/3/4`;
    throw diskInvalid(
      diskPath,
      `it has no ext2/3/4 filesystem to scan (${seen})`,
      'Scan the root filesystem folder instead (path: the rootfs directory), or a disk whose root filesystem is ext4.',
    );
  } finally {
    await fh.close();
  }
}
