/**
 * Draws the marketplace icon (128x128 PNG) in code, so the binary in assets/ is reproducible and reviewable:
 * `bash scripts/node24 --import tsx scripts/package-icon.ts` rewrites assets/icon.png, and a test checks it is fresh.
 * The picture: a blue tile with a white disk (the image) and an upward arrow (publish).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { defined } from '../src/core/defined.js';

export const ICON_SIZE = 128;

type Rgba = readonly [number, number, number, number];
const transparent: Rgba = [0, 0, 0, 0];
const blue: Rgba = [0, 120, 212, 255];
const white: Rgba = [255, 255, 255, 255];

/** The colour of pixel (x, y): pure geometry, no anti-aliasing, so the output never varies. */
function pixel(x: number, y: number): Rgba {
  const s = ICON_SIZE;
  const radius = 20;
  // Rounded tile: outside the corner circles is transparent.
  const cx = x < radius ? radius : x >= s - radius ? s - radius - 1 : x;
  const cy = y < radius ? radius : y >= s - radius ? s - radius - 1 : y;
  if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) return transparent;
  // The disk: a white ring around a blue hub, lower half of the tile.
  const dx = x - 64;
  const dy = y - 78;
  const d2 = dx * dx + dy * dy;
  if (d2 <= 36 ** 2 && d2 >= 26 ** 2) return white;
  if (d2 <= 8 ** 2) return white;
  // The arrow: a shaft from the hub upwards and a head near the top edge.
  if (x >= 59 && x <= 68 && y >= 30 && y <= 70) return white;
  const head = y >= 12 && y <= 36 && Math.abs(x - 63.5) <= (y - 12) * 0.9;
  return head ? white : blue;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = defined(crcTable[(c ^ b) & 0xff], 'CRC table entry') ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The icon as PNG bytes (8-bit RGBA, no interlace). */
export function renderIconPng(): Buffer {
  const s = ICON_SIZE;
  const raw = Buffer.alloc(s * (1 + s * 4));
  for (let y = 0; y < s; y++) {
    const row = y * (1 + s * 4);
    raw[row] = 0; // filter: none
    for (let x = 0; x < s; x++) Buffer.from(pixel(x, y)).copy(raw, row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(s, 0);
  header.writeUInt32BE(s, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Where the committed icon lives. */
export const iconPath = join(fileURLToPath(new URL('..', import.meta.url)), 'assets', 'icon.png');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(iconPath, renderIconPng());
  console.log(`wrote ${iconPath}`);
}
