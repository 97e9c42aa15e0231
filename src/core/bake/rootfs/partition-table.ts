import { randomUUID } from 'node:crypto';

/**
 * Writes the partition table of a disk that holds one Linux filesystem partition. Written here rather than by
 * sgdisk/sfdisk/parted: the layout is fixed (one partition from 1 MiB to 1 MiB before the end) and a few
 * hundred bytes of well-specified structure (UEFI spec ch. 5) do not justify another tool on every runner.
 */

export const SECTOR = 512;
/** The partition starts at 1 MiB: aligned for every storage stack, and room for GPT's 34 head sectors. */
export const PARTITION_START = 1024 * 1024;
/** UEFI "Linux filesystem data" partition type. */
export const LINUX_FILESYSTEM_GUID = '0fc63daf-8483-4772-8e79-3d69d8477de4';
export const MBR_LINUX_TYPE = 0x83;
export const MBR_PROTECTIVE_TYPE = 0xee;
const GPT_ENTRIES = 128;
const GPT_ENTRY_SIZE = 128;
const GPT_ENTRY_SECTORS = (GPT_ENTRIES * GPT_ENTRY_SIZE) / SECTOR;

export type PartitionTableKind = 'gpt' | 'mbr';

/** A region of bytes to write at an offset of the disk file. */
export interface DiskWrite {
  offset: number;
  data: Buffer;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3), as GPT headers and entry arrays use; zlib.crc32 only exists from Node 22.2. */
export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A GUID in GPT's on-disk form: the first three fields little-endian, the rest as written. */
export function guidToBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  const raw = Buffer.from(hex, 'hex');
  if (raw.length !== 16) throw new RangeError(`not a GUID: ${guid}`);
  const out = Buffer.from(raw);
  out.writeUInt32LE(raw.readUInt32BE(0), 0);
  out.writeUInt16LE(raw.readUInt16BE(4), 4);
  out.writeUInt16LE(raw.readUInt16BE(6), 6);
  return out;
}

/** The inverse of guidToBytes, lower case. */
export function bytesToGuid(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  const head = Buffer.alloc(8);
  head.writeUInt32BE(b.readUInt32LE(0), 0);
  head.writeUInt16BE(b.readUInt16LE(4), 4);
  head.writeUInt16BE(b.readUInt16LE(6), 6);
  const hex = head.toString('hex') + b.subarray(8).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function mbrEntry(sector: Buffer, index: number, type: number, firstLba: number, sectors: number): void {
  const at = 446 + index * 16;
  sector.writeUInt8(0x00, at); // not marked bootable: the disk has no boot loader of ours
  // CHS fields are obsolete; 0xFE 0xFF 0xFF means "use the LBA fields", as every modern tool writes.
  sector.writeUInt8(0x00, at + 1);
  sector.writeUInt8(0x02, at + 2);
  sector.writeUInt8(0x00, at + 3);
  sector.writeUInt8(type, at + 4);
  sector.writeUInt8(0xfe, at + 5);
  sector.writeUInt8(0xff, at + 6);
  sector.writeUInt8(0xff, at + 7);
  sector.writeUInt32LE(firstLba, at + 8);
  sector.writeUInt32LE(Math.min(sectors, 0xffffffff), at + 12);
}

function mbr(type: number, firstLba: number, sectors: number): Buffer {
  const sector = Buffer.alloc(SECTOR);
  sector.writeUInt32LE(parseInt(randomUUID().slice(0, 8), 16), 440); // disk signature
  mbrEntry(sector, 0, type, firstLba, sectors);
  sector.writeUInt16LE(0xaa55, 510);
  return sector;
}

function gptHeader(myLba: number, alternateLba: number, entriesLba: number, lastUsable: number, diskGuid: Buffer, entriesCrc: number): Buffer {
  const header = Buffer.alloc(SECTOR);
  header.write('EFI PART', 0, 'latin1');
  header.writeUInt32LE(0x00010000, 8);
  header.writeUInt32LE(92, 12);
  header.writeBigUInt64LE(BigInt(myLba), 24);
  header.writeBigUInt64LE(BigInt(alternateLba), 32);
  header.writeBigUInt64LE(BigInt(2 + GPT_ENTRY_SECTORS), 40);
  header.writeBigUInt64LE(BigInt(lastUsable), 48);
  diskGuid.copy(header, 56);
  header.writeBigUInt64LE(BigInt(entriesLba), 72);
  header.writeUInt32LE(GPT_ENTRIES, 80);
  header.writeUInt32LE(GPT_ENTRY_SIZE, 84);
  header.writeUInt32LE(entriesCrc, 88);
  header.writeUInt32LE(crc32(header.subarray(0, 92)), 16);
  return header;
}

/**
 * The sectors to write for a disk of `diskBytes` (a multiple of 1 MiB) whose single Linux partition spans
 * [PARTITION_START, partitionEnd). GPT writes its primary and backup copies; MBR one sector.
 */
export function partitionTableWrites(kind: PartitionTableKind, diskBytes: number, partitionEnd: number, label = 'rootfs'): DiskWrite[] {
  const totalSectors = diskBytes / SECTOR;
  const firstLba = PARTITION_START / SECTOR;
  const lastLba = partitionEnd / SECTOR - 1;
  if (kind === 'mbr') return [{ offset: 0, data: mbr(MBR_LINUX_TYPE, firstLba, lastLba - firstLba + 1) }];
  const lastSector = totalSectors - 1;
  const lastUsable = lastSector - 1 - GPT_ENTRY_SECTORS;
  if (lastLba > lastUsable) throw new RangeError(`partition end ${partitionEnd} overlaps the backup GPT`);
  const entries = Buffer.alloc(GPT_ENTRIES * GPT_ENTRY_SIZE);
  guidToBytes(LINUX_FILESYSTEM_GUID).copy(entries, 0);
  guidToBytes(randomUUID()).copy(entries, 16);
  entries.writeBigUInt64LE(BigInt(firstLba), 32);
  entries.writeBigUInt64LE(BigInt(lastLba), 40);
  entries.write(label.slice(0, 36), 56, 'utf16le');
  const entriesCrc = crc32(entries);
  const diskGuid = guidToBytes(randomUUID());
  const backupEntriesLba = lastSector - GPT_ENTRY_SECTORS;
  return [
    { offset: 0, data: mbr(MBR_PROTECTIVE_TYPE, 1, totalSectors - 1) },
    { offset: SECTOR, data: gptHeader(1, lastSector, 2, lastUsable, diskGuid, entriesCrc) },
    { offset: 2 * SECTOR, data: entries },
    { offset: backupEntriesLba * SECTOR, data: entries },
    { offset: lastSector * SECTOR, data: gptHeader(lastSector, 1, backupEntriesLba, lastUsable, diskGuid, entriesCrc) },
  ];
}
