import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ContainerSASPermissions,
  BlobServiceClient,
  PageBlobClient,
  StorageSharedKeyCredential,
  type PageBlobUploadPagesOptions,
  type PageBlobUploadPagesResponse,
} from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { pageBlobClientFor, type BlobTarget } from '../../../src/core/storage/blob-target.js';
import { uploadFixedVhd } from '../../../src/core/storage/page-blob-upload.js';
import { normalizeRanges, type ByteRange } from '../../../src/core/storage/page-ranges.js';
import { openFixedVhdView, type FixedVhdView } from '../../../src/core/vhd/disk-image.js';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';
import { patternBytes } from '../../unit/vhd/vhd-builders.js';
import { RecordingLogger } from '../../helpers/recording-logger.js';

const MiB = 1024 * 1024;
let azurite: Azurite;
let dir: string;
let service: BlobServiceClient;

beforeAll(async () => {
  azurite = await startAzurite({ debugLog: true });
  dir = await mkdtemp(join(tmpdir(), 'upload-'));
  service = new BlobServiceClient(azurite.accountUrl, new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey));
  await service.getContainerClient('vhds').createIfNotExists();
});
afterAll(async () => {
  await azurite?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Data regions of a 6 MiB raw disk: [offset, length]; the rest is zeros. */
const REGIONS: [number, number][] = [
  [0, 64 * 1024],
  [MiB + 4096, 8192],
  [3 * MiB, 1536 * 1024],
  [6 * MiB - 512, 512],
];

async function rawDisk(name: string, seed = 1): Promise<string> {
  const data = Buffer.alloc(6 * MiB);
  REGIONS.forEach(([at, len], i) => patternBytes(len, seed + i).copy(data, at));
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

async function fixedBytes(view: FixedVhdView): Promise<Buffer> {
  const out = Buffer.alloc(view.totalSize);
  await view.read(0, out);
  return out;
}

async function blobRanges(blob: PageBlobClient): Promise<ByteRange[]> {
  const out: ByteRange[] = [];
  for await (const r of blob.listPageRanges()) out.push({ start: r.start, end: r.end + 1 });
  return normalizeRanges(out);
}

function keyTarget(blobName: string): BlobTarget {
  return { containerUrl: `${azurite.accountUrl}/vhds`, blobName, auth: { kind: 'key', accountKey: azurite.accountKey } };
}

async function countPutPages(blobName: string): Promise<number> {
  const log = await azurite.readDebugLog();
  // Azurite logs each request it received once, with its URL and headers.
  return log
    .split('\n')
    .filter((l) => l.includes(`RequestURL=`) && l.includes(`/vhds/${blobName}?comp=page`) && l.includes('"x-ms-page-write":"update"'))
    .length;
}

describe('sparse page-blob upload', () => {
  it('uploads only the non-zero ranges and hashes exactly the blob content', async () => {
    const view = await openFixedVhdView(await rawDisk('sparse.raw'), 'raw');
    const logger = new RecordingLogger();
    try {
      const blob = await pageBlobClientFor(keyTarget('sparse.vhd'), logger);
      const result = await uploadFixedVhd(view, blob, { logger, clock: systemClock, concurrency: 3, progressIntervalMs: 0 });
      const expected = await fixedBytes(view);
      expect(result.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
      const downloaded = await blob.downloadToBuffer();
      expect(createHash('sha256').update(downloaded).digest('hex')).toBe(result.sha256);
      // Page ranges = the data regions plus the footer page, nothing else.
      const regions = REGIONS.map(([at, len]) => ({ start: at, end: at + len }));
      regions.push({ start: view.virtualSize, end: view.totalSize });
      expect(await blobRanges(blob)).toEqual(normalizeRanges(regions));
      expect(result.uploadedBytes).toBe(regions.reduce((n, r) => n + r.end - r.start, 0));
      expect(result.skippedZeroBytes).toBe(view.totalSize - result.uploadedBytes);
      expect((await blob.getProperties()).metadata).toMatchObject({ imagepublish_sha256: result.sha256, imagepublish_state: 'complete' });
      expect(logger.text()).toMatch(/Upload 100%: 6\.0 of 6\.0 MiB read, 1\.6 MiB sent, [\d.]+ MiB\/s/);
      expect(logger.text()).not.toContain(azurite.accountKey);
    } finally {
      await view.close();
    }
  });

  it('resumes an interrupted upload, sending only the missing pages', async () => {
    const view = await openFixedVhdView(await rawDisk('resume.raw', 20), 'raw');
    try {
      const controller = new AbortController();
      const target = keyTarget('resume.vhd');
      // The real SDK client; the subclass only counts finished requests to abort half way.
      let done = 0;
      class AbortAfter extends PageBlobClient {
        override async uploadPages(body: Parameters<PageBlobClient['uploadPages']>[0], offset: number, count: number, options?: PageBlobUploadPagesOptions): Promise<PageBlobUploadPagesResponse> {
          const response = await super.uploadPages(body, offset, count, options);
          if (++done === 3) controller.abort(new Error('stopped half way'));
          return response;
        }
      }
      const first = await pageBlobClientFor(target, new RecordingLogger());
      const interrupted = new AbortAfter(first.url, new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey));
      const small = { clock: systemClock, concurrency: 1, chunkSize: 512 * 1024 };
      await expect(uploadFixedVhd(view, interrupted, { ...small, logger: new RecordingLogger(), signal: controller.signal })).rejects.toThrow(
        /stopped half way/,
      );
      const afterFirst = await countPutPages('resume.vhd');
      expect(afterFirst).toBe(3);
      const partial = await blobRanges(first);
      expect(partial.length).toBeGreaterThan(0);
      expect((await first.getProperties()).metadata?.imagepublish_state).toBe('uploading');

      const logger = new RecordingLogger();
      const result = await uploadFixedVhd(view, first, { ...small, logger });
      expect(result.resumed).toBe(true);
      expect(logger.text()).toMatch(/Resuming upload to http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/vhds\/resume\.vhd/);
      const alreadyThere = partial.reduce((n, r) => n + r.end - r.start, 0);
      expect(result.skippedExistingBytes).toBe(alreadyThere);
      // Server side: the second run sent exactly the requests the first one had not.
      const fresh = await uploadFixedVhd(view, await pageBlobClientFor(keyTarget('resume-fresh.vhd'), logger), { ...small, logger });
      expect(result.requests + 3).toBe(fresh.requests);
      expect((await countPutPages('resume.vhd')) - afterFirst).toBe(result.requests);
      const downloaded = await first.downloadToBuffer();
      const expectedSha = createHash('sha256').update(await fixedBytes(view)).digest('hex');
      expect(result.sha256).toBe(expectedSha);
      expect(createHash('sha256').update(downloaded).digest('hex')).toBe(expectedSha);
    } finally {
      await view.close();
    }
  });

  it('refuses to resume onto a blob holding another disk, and changes nothing', async () => {
    const a = await openFixedVhdView(await rawDisk('a.raw', 40), 'raw');
    const b = await openFixedVhdView(await rawDisk('b.raw', 50), 'raw');
    const logger = new RecordingLogger();
    try {
      const blob = await pageBlobClientFor(keyTarget('taken.vhd'), logger);
      await uploadFixedVhd(a, blob, { logger, clock: systemClock });
      const before = await blob.getProperties();
      const error = await uploadFixedVhd(b, blob, { logger, clock: systemClock }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'E_BLOB_CONFLICT', name: 'ConfigurationError' });
      expect((error as Error).message).toMatch(/taken\.vhd already exists and its metadata marks it as holding a different disk.*overwrite-blob/);
      const after = await blob.getProperties();
      expect(after.etag).toBe(before.etag);
      // With overwrite the blob is replaced by the new disk.
      const replaced = await uploadFixedVhd(b, blob, { logger, clock: systemClock, overwrite: true });
      expect(createHash('sha256').update(await blob.downloadToBuffer()).digest('hex')).toBe(replaced.sha256);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('uploads with a SAS token and never prints it or the key', async () => {
    const container = service.getContainerClient('vhds');
    const sasUrl = await container.generateSasUrl({
      permissions: ContainerSASPermissions.parse('racwdl'),
      expiresOn: new Date(Date.now() + 3600_000),
    });
    const sasToken = new URL(sasUrl).search.slice(1);
    const view = await openFixedVhdView(await rawDisk('sas.raw', 60), 'raw');
    const logger = new RecordingLogger();
    try {
      const target: BlobTarget = { containerUrl: `${azurite.accountUrl}/vhds`, blobName: 'sas.vhd', auth: { kind: 'sas', sasToken } };
      const blob = await pageBlobClientFor(target, logger);
      const result = await uploadFixedVhd(view, blob, { logger, clock: systemClock, progressIntervalMs: 0 });
      expect(result.blobUrl).toBe(`${azurite.accountUrl}/vhds/sas.vhd`);
      const sig = new URLSearchParams(sasToken).get('sig') ?? '';
      expect(sig.length).toBeGreaterThan(10);
      expect(logger.masked.includes(sasToken)).toBe(true);
      const text = logger.text();
      expect(text).toContain('sas.vhd');
      expect(text).not.toContain(sig);
      expect(text).not.toContain(encodeURIComponent(sig));
      expect(text).not.toContain('sig=');
      expect(text).not.toContain(azurite.accountKey);
    } finally {
      await view.close();
    }
  });

  it('rejects a container URL that carries the SAS, without printing it', async () => {
    const logger = new RecordingLogger();
    const target: BlobTarget = {
      containerUrl: `${azurite.accountUrl}/vhds?sv=2024&sig=SECRETSIG`,
      blobName: 'x.vhd',
      auth: { kind: 'key', accountKey: azurite.accountKey },
    };
    const error = await pageBlobClientFor(target, logger).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/carries a query string; pass the SAS token through the storage-sas input/);
    expect(error?.message).not.toContain('SECRETSIG');
  });
});
