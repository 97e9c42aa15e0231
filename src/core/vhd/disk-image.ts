import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { diskInvalid } from './disk-errors.js';
import { readDynamic, readDynamicLayout, readFully, type DynamicLayout } from './vhd-dynamic.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import {
  alignToMiB,
  buildFixedFooter,
  FOOTER_SIZE,
  footerProblems,
  MiB,
  parseFooter,
  VHD_COOKIE,
} from './vhd-footer.js';

/** What a disk file is; `auto` decides from magic bytes and the file extension. */
export type DiskFormat = 'auto' | 'raw' | 'vhd' | 'qcow2' | 'vmdk' | 'vhdx';
export type DetectedFormat = 'raw' | 'vhd-fixed' | 'vhd-dynamic' | 'qcow2' | 'vmdk' | 'vhdx';

/**
 * A validated disk seen as the fixed VHD Azure wants: `virtualSize` data bytes then a 512-byte footer.
 * Nothing is rewritten on disk: raw data is read in place, padding and footer are synthesised.
 */
export interface FixedVhdView {
  path: string;
  format: DetectedFormat;
  /** Data bytes (multiple of 1 MiB). */
  virtualSize: number;
  /** virtualSize + 512: the page blob length. */
  totalSize: number;
  footer: Buffer;
  /** Identifies this exact source file (size, mtime, sampled content), to refuse resuming onto another disk. */
  fingerprint: string;
  /** Fills `target` with the fixed VHD bytes at `position`. */
  read(position: number, target: Buffer): Promise<void>;
  close(): Promise<void>;
}

const FOREIGN_MAGIC: { format: 'qcow2' | 'vmdk' | 'vhdx'; magic: Buffer }[] = [
  { format: 'qcow2', magic: Buffer.from([0x51, 0x46, 0x49, 0xfb]) },
  { format: 'vmdk', magic: Buffer.from('KDMV', 'latin1') },
  { format: 'vmdk', magic: Buffer.from('# Disk DescriptorFile', 'latin1') },
  { format: 'vhdx', magic: Buffer.from('vhdxfile', 'latin1') },
];

/** Sniffs the container format; formats other than raw/VHD need `qemu-img convert` first. */
export async function detectFormat(path: string, declared: DiskFormat = 'auto'): Promise<DetectedFormat> {
  const fh = await openOrFail(path);
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(64, size));
    await readFully(fh, head, 0);
    const foreign = FOREIGN_MAGIC.find((m) => head.subarray(0, m.magic.length).equals(m.magic));
    if (foreign && (declared === 'auto' || declared === foreign.format)) return foreign.format;
    if (declared === 'qcow2' || declared === 'vmdk' || declared === 'vhdx') {
      throw diskInvalid(path, `it was declared ${declared} but does not start with the ${declared} magic bytes`);
    }
    const tail = Buffer.alloc(FOOTER_SIZE);
    if (size >= FOOTER_SIZE) await readFully(fh, tail, size - FOOTER_SIZE);
    const tailIsVhd = size >= FOOTER_SIZE && tail.toString('latin1', 0, 8) === VHD_COOKIE;
    const headIsVhd = head.toString('latin1', 0, 8) === VHD_COOKIE;
    const looksVhd = declared === 'vhd' || (declared === 'auto' && extname(path).toLowerCase() === '.vhd');
    if (declared === 'raw') return 'raw';
    if (tailIsVhd) return parseFooter(tail).diskType === 'dynamic' ? 'vhd-dynamic' : 'vhd-fixed';
    if (headIsVhd) {
      throw diskInvalid(path, 'it starts with a VHD footer copy but has no footer in its last 512 bytes: the file is truncated');
    }
    if (looksVhd) {
      const reason =
        size < FOOTER_SIZE
          ? `it is ${size} bytes, shorter than a VHD footer (truncated)`
          : `its last 512 bytes are not a VHD footer (cookie "${tail.toString('latin1', 0, 8).replace(/[^\x20-\x7e]/g, '?')}", expected "conectix"): wrong cookie or truncated file`;
      throw diskInvalid(path, reason);
    }
    return 'raw';
  } finally {
    await fh.close();
  }
}

/** Opens a raw or VHD file as a fixed VHD view, validating it completely before anything is uploaded. */
export async function openFixedVhdView(path: string, format: 'raw' | 'vhd-fixed' | 'vhd-dynamic'): Promise<FixedVhdView> {
  const fh = await openOrFail(path);
  try {
    const stat = await fh.stat();
    if (stat.size === 0) throw diskInvalid(path, 'the file is empty');
    const fingerprint = await sampleFingerprint(fh, stat.size, stat.mtimeMs);
    if (format === 'raw') return rawView(fh, path, stat.size, fingerprint);
    return await vhdView(fh, path, stat.size, format, fingerprint);
  } catch (error) {
    await fh.close();
    throw error;
  }
}

function rawView(fh: FileHandle, path: string, fileSize: number, fingerprint: string): FixedVhdView {
  const virtualSize = alignToMiB(fileSize);
  // Deterministic footer (epoch timestamp, id from content samples): the same raw file always hashes the same.
  const uniqueId = createHash('sha256').update(`image-publish-vhd:${fingerprint.split(':')[0]}`).digest().subarray(0, 16);
  const footer = buildFixedFooter({ currentSize: virtualSize, uniqueId });
  return makeView(fh, path, 'raw', virtualSize, footer, fingerprint, async (position, target) => {
    // Past the end of the raw file is the zero padding up to the MiB boundary.
    await readFully(fh, target, position);
  });
}

async function vhdView(
  fh: FileHandle,
  path: string,
  fileSize: number,
  format: 'vhd-fixed' | 'vhd-dynamic',
  fingerprint: string,
): Promise<FixedVhdView> {
  if (fileSize < FOOTER_SIZE) throw diskInvalid(path, `it is ${fileSize} bytes, shorter than a VHD footer (truncated)`);
  const footerBytes = Buffer.alloc(FOOTER_SIZE);
  await readFully(fh, footerBytes, fileSize - FOOTER_SIZE);
  const problems = footerProblems(footerBytes);
  if (problems.length > 0) throw diskInvalid(path, problems.join('; '));
  const footer = parseFooter(footerBytes);
  if (footer.diskType === 'differencing') {
    throw new ConfigurationError(
      ErrorCodes.diskUnsupported,
      `Disk image ${path} is a differencing VHD, which needs its parent disk. Merge it first: \`qemu-img convert -O raw ${basename(path)} disk.raw\`.`,
    );
  }
  if (typeof footer.diskType === 'number') throw diskInvalid(path, `unknown VHD disk type ${footer.diskType}`);
  if (footer.currentSize === 0) throw diskInvalid(path, 'the footer says the virtual size is 0 bytes');
  if (footer.currentSize % MiB !== 0) {
    throw diskInvalid(
      path,
      `its virtual size ${footer.currentSize} bytes is not a multiple of 1 MiB, which Azure requires`,
      `Resize it to ${alignToMiB(footer.currentSize)} bytes (\`qemu-img resize -f vpc ${basename(path)} ${alignToMiB(footer.currentSize)}\`), or convert it to raw (\`qemu-img convert -O raw\`), which image-publish pads itself.`,
    );
  }
  if (footer.diskType === 'fixed') {
    const expected = footer.currentSize + FOOTER_SIZE;
    if (fileSize !== expected) {
      const what = fileSize < expected ? 'truncated' : 'longer than its footer says';
      throw diskInvalid(path, `the footer says ${footer.currentSize} data bytes, so the file should be ${expected} bytes, but it is ${fileSize} (${what})`);
    }
    return makeView(fh, path, format, footer.currentSize, footerBytes, fingerprint, (position, target) =>
      readFully(fh, target, position),
    );
  }
  // The copy at offset 0 must agree with the footer, otherwise one of them is damaged.
  const head = Buffer.alloc(FOOTER_SIZE);
  await readFully(fh, head, 0);
  if (!head.equals(footerBytes)) throw diskInvalid(path, 'the footer copy at the start of the dynamic VHD differs from the footer at the end');
  const layout: DynamicLayout = await readDynamicLayout(fh, path, fileSize, footer);
  const fixedFooter = buildFixedFooter({
    currentSize: footer.currentSize,
    originalSize: footer.originalSize,
    timestamp: footer.timestamp,
    uniqueId: footer.uniqueId,
  });
  return makeView(fh, path, format, footer.currentSize, fixedFooter, fingerprint, (position, target) =>
    readDynamic(fh, layout, position, target),
  );
}

function makeView(
  fh: FileHandle,
  path: string,
  format: DetectedFormat,
  virtualSize: number,
  footer: Buffer,
  fingerprint: string,
  readData: (position: number, target: Buffer) => Promise<void>,
): FixedVhdView {
  return {
    path,
    format,
    virtualSize,
    totalSize: virtualSize + FOOTER_SIZE,
    footer,
    fingerprint,
    async read(position, target) {
      const dataPart = Math.max(0, Math.min(target.length, virtualSize - position));
      if (dataPart > 0) await readData(position, target.subarray(0, dataPart));
      if (dataPart < target.length) {
        const footerStart = Math.max(0, position - virtualSize);
        const rest = target.subarray(dataPart);
        rest.fill(0);
        footer.copy(rest, 0, footerStart, Math.min(FOOTER_SIZE, footerStart + rest.length));
      }
    },
    close: () => fh.close(),
  };
}

/** sha256 over size and 16 evenly spaced 64 KiB samples, plus mtime: cheap, and changes when the file does. */
async function sampleFingerprint(fh: FileHandle, size: number, mtimeMs: number): Promise<string> {
  const hash = createHash('sha256').update(String(size));
  const sample = Buffer.alloc(Math.min(64 * 1024, size));
  for (let i = 0; i < 16; i++) {
    const at = Math.floor(((size - sample.length) * i) / 15);
    await readFully(fh, sample, at);
    hash.update(sample);
  }
  return `${hash.digest('hex').slice(0, 32)}:${size}:${Math.floor(mtimeMs)}`;
}

async function openOrFail(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String(error);
    throw diskInvalid(path, reason, 'Check the disk-path input (relative paths resolve against the working directory).');
  }
}
