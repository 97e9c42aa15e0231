/**
 * The 512-byte VHD footer (Microsoft "Virtual Hard Disk Image Format Specification"): every field big-endian.
 * Azure accepts only fixed VHDs whose virtual size is a multiple of 1 MiB, so the checks here are the ones
 * Azure would otherwise reject hours into an upload.
 */
export const FOOTER_SIZE = 512;
export const VHD_COOKIE = 'conectix';
export const MiB = 1024 * 1024;

export type VhdDiskType = 'fixed' | 'dynamic' | 'differencing';

const DISK_TYPE_CODES: Record<VhdDiskType, number> = { fixed: 2, dynamic: 3, differencing: 4 };
/** Seconds between the Unix epoch and the VHD epoch (2000-01-01T00:00:00Z). */
const VHD_EPOCH_SECONDS = 946_684_800;
const FIXED_DATA_OFFSET = 0xffff_ffff_ffff_ffffn;

export interface DiskGeometry {
  cylinders: number;
  heads: number;
  sectorsPerTrack: number;
}

export interface VhdFooter {
  cookie: string;
  features: number;
  formatVersion: number;
  /** Absolute offset of the dynamic header; undefined for fixed disks (all ones on disk). */
  dataOffset: bigint | undefined;
  /** Creation time, seconds since the VHD epoch. */
  timestamp: number;
  creatorApplication: string;
  creatorVersion: number;
  creatorHostOs: number;
  originalSize: number;
  currentSize: number;
  geometry: DiskGeometry;
  diskType: VhdDiskType | number;
  checksum: number;
  uniqueId: Buffer;
  savedState: boolean;
}

/** CHS geometry exactly as the VHD specification's appendix computes it from the virtual size. */
export function computeGeometry(sizeBytes: number): DiskGeometry {
  let totalSectors = Math.floor(sizeBytes / 512);
  if (totalSectors > 65535 * 16 * 255) totalSectors = 65535 * 16 * 255;
  let sectorsPerTrack: number;
  let heads: number;
  let cylinderTimesHeads: number;
  if (totalSectors >= 65535 * 16 * 63) {
    sectorsPerTrack = 255;
    heads = 16;
    cylinderTimesHeads = Math.floor(totalSectors / sectorsPerTrack);
  } else {
    sectorsPerTrack = 17;
    cylinderTimesHeads = Math.floor(totalSectors / sectorsPerTrack);
    heads = Math.floor((cylinderTimesHeads + 1023) / 1024);
    if (heads < 4) heads = 4;
    if (cylinderTimesHeads >= heads * 1024 || heads > 16) {
      sectorsPerTrack = 31;
      heads = 16;
      cylinderTimesHeads = Math.floor(totalSectors / sectorsPerTrack);
    }
    if (cylinderTimesHeads >= heads * 1024) {
      sectorsPerTrack = 63;
      heads = 16;
      cylinderTimesHeads = Math.floor(totalSectors / sectorsPerTrack);
    }
  }
  return { cylinders: Math.floor(cylinderTimesHeads / heads), heads, sectorsPerTrack };
}

/** Ones' complement of the byte sum of `buf`, skipping the 4-byte checksum field at `checksumOffset`. */
export function vhdChecksum(buf: Buffer, checksumOffset: number): number {
  let sum = 0;
  for (let i = 0; i < buf.length; i++) {
    if (i >= checksumOffset && i < checksumOffset + 4) continue;
    sum += buf[i] as number;
  }
  return ~sum >>> 0;
}

/** Decodes a footer without judging it; see `footerProblems` for validation. */
export function parseFooter(buf: Buffer): VhdFooter {
  if (buf.length !== FOOTER_SIZE) throw new RangeError(`VHD footer must be ${FOOTER_SIZE} bytes, got ${buf.length}`);
  const dataOffset = buf.readBigUInt64BE(16);
  const typeCode = buf.readUInt32BE(60);
  const diskType = (Object.keys(DISK_TYPE_CODES) as VhdDiskType[]).find((k) => DISK_TYPE_CODES[k] === typeCode);
  return {
    cookie: buf.toString('latin1', 0, 8),
    features: buf.readUInt32BE(8),
    formatVersion: buf.readUInt32BE(12),
    dataOffset: dataOffset === FIXED_DATA_OFFSET ? undefined : dataOffset,
    timestamp: buf.readUInt32BE(24),
    creatorApplication: buf.toString('latin1', 28, 32),
    creatorVersion: buf.readUInt32BE(32),
    creatorHostOs: buf.readUInt32BE(36),
    originalSize: Number(buf.readBigUInt64BE(40)),
    currentSize: Number(buf.readBigUInt64BE(48)),
    geometry: { cylinders: buf.readUInt16BE(56), heads: buf.readUInt8(58), sectorsPerTrack: buf.readUInt8(59) },
    diskType: diskType ?? typeCode,
    checksum: buf.readUInt32BE(64),
    uniqueId: Buffer.from(buf.subarray(68, 84)),
    savedState: buf.readUInt8(84) !== 0,
  };
}

/** Reasons this footer is unusable, empty when it is a well-formed footer. */
export function footerProblems(buf: Buffer): string[] {
  const footer = parseFooter(buf);
  if (footer.cookie !== VHD_COOKIE) return [`the footer cookie is "${printable(footer.cookie)}", not "conectix"`];
  const problems: string[] = [];
  const expected = vhdChecksum(buf, 64);
  if (footer.checksum !== expected) {
    problems.push(`the footer checksum is 0x${hex(footer.checksum)} but the footer bytes sum to 0x${hex(expected)}`);
  }
  if (footer.formatVersion >>> 16 !== 1) problems.push(`unsupported format version 0x${hex(footer.formatVersion)}`);
  if (footer.savedState) problems.push('the disk is in a saved state (a VM was hibernated with it attached)');
  return problems;
}

export interface FooterOptions {
  currentSize: number;
  originalSize?: number;
  /** Defaults to the VHD epoch so the same input always gives the same bytes (and sha256). */
  timestamp?: number;
  uniqueId: Buffer;
}

/** Builds the footer of a fixed VHD of `currentSize` bytes. */
export function buildFixedFooter(options: FooterOptions): Buffer {
  const buf = Buffer.alloc(FOOTER_SIZE);
  buf.write(VHD_COOKIE, 0, 'latin1');
  buf.writeUInt32BE(0x0000_0002, 8); // "reserved" feature bit, always set
  buf.writeUInt32BE(0x0001_0000, 12);
  buf.writeBigUInt64BE(FIXED_DATA_OFFSET, 16);
  buf.writeUInt32BE(options.timestamp ?? 0, 24);
  buf.write('imgp', 28, 'latin1');
  buf.writeUInt32BE(0x0001_0000, 32);
  buf.writeUInt32BE(0x5769_326b, 36); // "Wi2k", what Hyper-V writes and Azure expects to see
  buf.writeBigUInt64BE(BigInt(options.originalSize ?? options.currentSize), 40);
  buf.writeBigUInt64BE(BigInt(options.currentSize), 48);
  const geometry = computeGeometry(options.currentSize);
  buf.writeUInt16BE(geometry.cylinders, 56);
  buf.writeUInt8(geometry.heads, 58);
  buf.writeUInt8(geometry.sectorsPerTrack, 59);
  buf.writeUInt32BE(DISK_TYPE_CODES.fixed, 60);
  if (options.uniqueId.length !== 16) throw new RangeError('VHD unique id must be 16 bytes');
  options.uniqueId.copy(buf, 68);
  buf.writeUInt32BE(vhdChecksum(buf, 64), 64);
  return buf;
}

/** Converts a Date to the footer's timestamp (seconds since 2000-01-01Z). */
export function toVhdTimestamp(date: Date): number {
  return Math.max(0, Math.floor(date.getTime() / 1000) - VHD_EPOCH_SECONDS);
}

/** Rounds a byte count up to the next MiB, the granularity Azure requires of a VHD's virtual size. */
export function alignToMiB(bytes: number): number {
  return Math.ceil(bytes / MiB) * MiB;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
