// Bake disk benchmark: a sparse raw image (default 4 GiB, about 10% data) is turned into a fixed VHD, hashed
// and uploaded to Azurite by the disk engine's uploader, then compared with `sha256sum` of the same file
// alone and with a naive upload of every 4 MiB range through @azure/storage-blob. Prints time, peak RSS and
// both ratios; never fails (figures vary by machine).
// Run: bash scripts/node24 --import tsx bench/bake-disk.ts   (BAKE_BENCH_SIZE_MIB=512 for a quicker run,
// BAKE_BENCH_DATA_PERCENT=10, BAKE_BENCH_CONCURRENCY=4). Azurite keeps blobs in memory: each upload is
// deleted right after it is measured.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { uploadFixedVhd } from '../src/core/storage/page-blob-upload.js';
import { openFixedVhdView } from '../src/core/vhd/disk-image.js';
import { startAzurite } from '../test/helpers/azurite.js';

const MiB = 1024 * 1024;
const sizeMiB = Number(process.env.BAKE_BENCH_SIZE_MIB ?? 4096);
const dataPercent = Number(process.env.BAKE_BENCH_DATA_PERCENT ?? 10);
const concurrency = Number(process.env.BAKE_BENCH_CONCURRENCY ?? 4);

/** Samples RSS while `fn` runs; the peak is what matters for bounded-memory claims. */
async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    const result = await fn();
    return { result, seconds: (performance.now() - start) / 1000, peakRssMiB: Math.max(peak, process.memoryUsage().rss) / MiB };
  } finally {
    clearInterval(timer);
  }
}

/** A sparse file: truncate to size, then 1 MiB data writes spread evenly (every Nth MiB). */
async function makeSparseDisk(path: string): Promise<number> {
  const fh = await open(path, 'w');
  try {
    await fh.truncate(sizeMiB * MiB);
    const every = Math.max(1, Math.round(100 / dataPercent));
    const block = randomBytes(MiB);
    let written = 0;
    for (let i = 0; i < sizeMiB; i += every) {
      block.writeUInt32BE(i, 0); // no two blocks alike
      await fh.write(block, 0, MiB, i * MiB);
      written += MiB;
    }
    return written;
  } finally {
    await fh.close();
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-bake-'));
  const azurite = await startAzurite();
  try {
    const disk = join(dir, 'disk.raw');
    const dataBytes = await makeSparseDisk(disk);
    console.log(`bake-disk: ${sizeMiB} MiB sparse raw image, ${(dataBytes / MiB).toFixed(0)} MiB data, concurrency ${concurrency}`);
    const service = new BlobServiceClient(azurite.accountUrl, new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey));
    const container = service.getContainerClient('bench');
    await container.createIfNotExists();

    const sha = await measure(() => promisify(execFile)('sha256sum', [disk]));
    console.log(`  sha256sum alone:                 ${sha.seconds.toFixed(2)} s`);

    const ours = await measure(async () => {
      const view = await openFixedVhdView(disk, 'raw');
      try {
        return await uploadFixedVhd(view, container.getPageBlobClient('ours.vhd'), { logger: silentLogger, clock: systemClock, concurrency });
      } finally {
        await view.close();
      }
    });
    console.log(
      `  convert + hash + sparse upload:  ${ours.seconds.toFixed(2)} s, peak RSS ${ours.peakRssMiB.toFixed(0)} MiB, ` +
        `${(ours.result.uploadedBytes / MiB).toFixed(0)} MiB sent in ${ours.result.requests} requests`,
    );
    await container.getPageBlobClient('ours.vhd').delete();

    const naive = await measure(async () => {
      const blob = container.getPageBlobClient('naive.vhd');
      await blob.create(sizeMiB * MiB);
      const fh = await open(disk, 'r');
      const buf = Buffer.alloc(4 * MiB);
      try {
        for (let at = 0; at < sizeMiB * MiB; at += buf.length) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, at);
          await blob.uploadPages(buf, at, bytesRead);
        }
      } finally {
        await fh.close();
      }
    });
    console.log(`  naive upload of every page:      ${naive.seconds.toFixed(2)} s, peak RSS ${naive.peakRssMiB.toFixed(0)} MiB`);
    await container.getPageBlobClient('naive.vhd').delete();

    console.log(`  ratio ours / sha256sum:          ${(ours.seconds / sha.seconds).toFixed(2)}x`);
    console.log(`  ratio ours / naive upload:       ${(ours.seconds / naive.seconds).toFixed(2)}x`);
  } finally {
    await azurite.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
