import { buildFixedFooter, vhdChecksum } from '../../../src/core/vhd/vhd-footer.js';

/** Test-only writers of VHD files, so the reader is checked against bytes laid out per the specification. */
export const TEST_ID = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

/** A fixed VHD: the data then its footer. */
export function fixedVhd(data: Buffer): Buffer {
  return Buffer.concat([data, buildFixedFooter({ currentSize: data.length, uniqueId: TEST_ID })]);
}

/** The footer of a dynamic VHD whose header sits at byte 512. */
export function dynamicFooter(currentSize: number): Buffer {
  const footer = buildFixedFooter({ currentSize, uniqueId: TEST_ID });
  footer.writeBigUInt64BE(512n, 16);
  footer.writeUInt32BE(3, 60);
  footer.writeUInt32BE(vhdChecksum(footer, 64), 64);
  return footer;
}

export interface DynamicVhdOptions {
  blockSize?: number;
  /** Sector indexes (within the disk) whose bitmap bit is left clear although the block is allocated. */
  clearSectors?: number[];
}

/** A dynamic VHD holding `data`; all-zero blocks are left unallocated. Returns the file and the BAT offset. */
export function dynamicVhd(data: Buffer, options: DynamicVhdOptions = {}): { file: Buffer; batOffset: number } {
  const blockSize = options.blockSize ?? 2 * 1024 * 1024;
  const entries = Math.ceil(data.length / blockSize);
  const footer = dynamicFooter(data.length);
  const header = Buffer.alloc(1024);
  header.write('cxsparse', 0, 'latin1');
  header.writeBigUInt64BE(0xffff_ffff_ffff_ffffn, 8);
  const batOffset = 512 + 1024;
  header.writeBigUInt64BE(BigInt(batOffset), 16);
  header.writeUInt32BE(0x0001_0000, 24);
  header.writeUInt32BE(entries, 28);
  header.writeUInt32BE(blockSize, 32);
  header.writeUInt32BE(vhdChecksum(header, 36), 36);
  const batBytes = Math.ceil((entries * 4) / 512) * 512;
  const bat = Buffer.alloc(batBytes, 0xff);
  const bitmapBytes = Math.ceil(blockSize / 512 / 8 / 512) * 512;
  const blocks: Buffer[] = [];
  let next = batOffset + batBytes;
  for (let i = 0; i < entries; i++) {
    const block = Buffer.alloc(blockSize);
    data.copy(block, 0, i * blockSize, Math.min(data.length, (i + 1) * blockSize));
    if (block.every((b) => b === 0)) continue;
    const bitmap = Buffer.alloc(bitmapBytes);
    bitmap.fill(0xff, 0, blockSize / 512 / 8);
    for (const sector of options.clearSectors ?? []) {
      const local = sector - (i * blockSize) / 512;
      if (local >= 0 && local < blockSize / 512) bitmap[local >> 3] = (bitmap[local >> 3] as number) & ~(0x80 >> local % 8);
    }
    bat.writeUInt32BE(next / 512, i * 4);
    blocks.push(bitmap, block);
    next += bitmapBytes + blockSize;
  }
  return { file: Buffer.concat([footer, header, bat, ...blocks, footer]), batOffset };
}

/** Deterministic pseudo-random bytes (no zero bytes), so tests are reproducible. */
export function patternBytes(length: number, seed: number): Buffer {
  const buf = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] = ((x >>> 0) % 255) + 1;
  }
  return buf;
}
