import type { FileHandle } from 'node:fs/promises';
import { diskInvalid } from './disk-errors.js';
import { FOOTER_SIZE, vhdChecksum, type VhdFooter } from './vhd-footer.js';

/**
 * Dynamic VHD: a "cxsparse" header, a block allocation table (BAT) of sector offsets, and per block a sector
 * bitmap followed by the block's data. Reading it as a flat disk lets us upload it as a fixed VHD without
 * writing a converted copy to disk.
 */
export const DYNAMIC_HEADER_SIZE = 1024;
const UNALLOCATED = 0xffff_ffff;

export interface DynamicLayout {
  blockSize: number;
  /** Sector offset of each block, or 0xFFFFFFFF when the block is unallocated (reads as zeros). */
  bat: Uint32Array;
  /** Size of each block's sector bitmap, padded to whole sectors. */
  bitmapBytes: number;
  virtualSize: number;
}

/** Reads and validates the dynamic header and BAT; every offset is checked against the file size. */
export async function readDynamicLayout(
  fh: FileHandle,
  path: string,
  fileSize: number,
  footer: VhdFooter,
): Promise<DynamicLayout> {
  const headerOffset = Number(footer.dataOffset ?? 0n);
  if (headerOffset + DYNAMIC_HEADER_SIZE > fileSize - FOOTER_SIZE) {
    throw diskInvalid(path, `the dynamic header offset ${headerOffset} lies beyond the end of the file (truncated?)`);
  }
  const header = Buffer.alloc(DYNAMIC_HEADER_SIZE);
  await fh.read(header, 0, DYNAMIC_HEADER_SIZE, headerOffset);
  const cookie = header.toString('latin1', 0, 8);
  if (cookie !== 'cxsparse') throw diskInvalid(path, `the dynamic header cookie is not "cxsparse"`);
  const checksum = header.readUInt32BE(36);
  if (checksum !== vhdChecksum(header, 36)) throw diskInvalid(path, 'the dynamic header checksum does not match');
  const tableOffset = Number(header.readBigUInt64BE(16));
  const maxEntries = header.readUInt32BE(28);
  const blockSize = header.readUInt32BE(32);
  if (blockSize === 0 || blockSize % 512 !== 0) throw diskInvalid(path, `the block size ${blockSize} is not a multiple of 512`);
  const virtualSize = footer.currentSize;
  const needed = Math.ceil(virtualSize / blockSize);
  if (maxEntries < needed) {
    throw diskInvalid(path, `the BAT has ${maxEntries} entries but a ${virtualSize}-byte disk needs ${needed}`);
  }
  if (tableOffset + needed * 4 > fileSize - FOOTER_SIZE) {
    throw diskInvalid(path, `the BAT at offset ${tableOffset} runs past the end of the file (truncated?)`);
  }
  const raw = Buffer.alloc(needed * 4);
  await fh.read(raw, 0, raw.length, tableOffset);
  const bat = new Uint32Array(needed);
  const bitmapBytes = Math.ceil(blockSize / 512 / 8 / 512) * 512;
  const dataEnd = fileSize - FOOTER_SIZE;
  for (let i = 0; i < needed; i++) {
    const sector = raw.readUInt32BE(i * 4);
    bat[i] = sector;
    if (sector === UNALLOCATED) continue;
    const start = sector * 512;
    // A block that overlaps the metadata or ends past the data area means a corrupt (or truncated) BAT.
    if (start < tableOffset + needed * 4 || start + bitmapBytes + blockSize > dataEnd) {
      throw diskInvalid(
        path,
        `BAT entry ${i} points to sector ${sector} (byte ${start}), outside the file's data area (corrupt BAT or truncated file)`,
      );
    }
  }
  return { blockSize, bat, bitmapBytes, virtualSize };
}

/** Fills `target` with the virtual disk bytes at `position`; unallocated blocks and unset sectors read as zeros. */
export async function readDynamic(fh: FileHandle, layout: DynamicLayout, position: number, target: Buffer): Promise<void> {
  let done = 0;
  while (done < target.length) {
    const at = position + done;
    const blockIndex = Math.floor(at / layout.blockSize);
    const inBlock = at - blockIndex * layout.blockSize;
    const length = Math.min(target.length - done, layout.blockSize - inBlock);
    const slice = target.subarray(done, done + length);
    const sector = layout.bat[blockIndex] ?? UNALLOCATED;
    if (sector === UNALLOCATED) {
      slice.fill(0);
    } else {
      const blockStart = sector * 512;
      await readFully(fh, slice, blockStart + layout.bitmapBytes + inBlock);
      await zeroUnsetSectors(fh, blockStart, inBlock, slice);
    }
    done += length;
  }
}

async function zeroUnsetSectors(fh: FileHandle, blockStart: number, inBlock: number, slice: Buffer): Promise<void> {
  const firstSector = Math.floor(inBlock / 512);
  const lastSector = Math.floor((inBlock + slice.length - 1) / 512);
  const firstByte = Math.floor(firstSector / 8);
  const bitmap = Buffer.alloc(Math.floor(lastSector / 8) - firstByte + 1);
  await readFully(fh, bitmap, blockStart + firstByte);
  for (let s = firstSector; s <= lastSector; s++) {
    const byte = bitmap[Math.floor(s / 8) - firstByte] as number;
    // Bit 7 of byte 0 is sector 0 (the spec's bitmap is MSB first).
    if ((byte & (0x80 >> s % 8)) !== 0) continue;
    const from = Math.max(0, s * 512 - inBlock);
    const to = Math.min(slice.length, (s + 1) * 512 - inBlock);
    slice.fill(0, from, to);
  }
}

/** `read` may return short counts; loop until the buffer is full (zeros past EOF). */
export async function readFully(fh: FileHandle, target: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await fh.read(target, done, target.length - done, position + done);
    if (bytesRead === 0) {
      target.fill(0, done);
      return;
    }
    done += bytesRead;
  }
}
