import { createHash } from 'node:crypto';
import type { PageBlobClient } from '@azure/storage-blob';
import type { Clock } from '../clock.js';
import { AzureError, ConfigurationError, ErrorCodes } from '../errors.js';
import { reportProgress, type Logger } from '../logger.js';
import type { FixedVhdView } from '../vhd/disk-image.js';
import { redactUrl } from './blob-target.js';
import { BufferPool } from './buffer-pool.js';
import { isCovered, nonZeroRanges, normalizeRanges, type ByteRange } from './page-ranges.js';

/** Blob metadata keys that tie a (partial) page blob to the disk it holds. */
export const METADATA = {
  fingerprint: 'imagepublish_fingerprint',
  state: 'imagepublish_state',
  sha256: 'imagepublish_sha256',
} as const;

export const MAX_PAGE_UPLOAD = 4 * 1024 * 1024;

export interface UploadOptions {
  logger: Logger;
  clock: Clock;
  signal?: AbortSignal;
  /** Parallel uploadPages requests; memory is (concurrency + 2) × chunkSize. */
  concurrency?: number;
  /** Read and upload unit; a multiple of 512 up to 4 MiB (the service limit per request). */
  chunkSize?: number;
  /** Replace a blob that holds a different disk instead of failing. */
  overwrite?: boolean;
  /** Minimum time between progress lines. */
  progressIntervalMs?: number;
}

export interface UploadResult {
  blobUrl: string;
  sha256: string;
  totalSize: number;
  uploadedBytes: number;
  skippedZeroBytes: number;
  skippedExistingBytes: number;
  /** uploadPages requests sent by this run. */
  requests: number;
  resumed: boolean;
}

/**
 * Streams a fixed VHD view into a page blob: one sequential read pass feeds sha256 (of exactly the bytes
 * the blob will hold) and a bounded pool of parallel page uploads. All-zero pages are never sent (a new
 * page blob reads as zeros), and pages a previous run already stored are skipped, after checking through
 * size and metadata that the blob belongs to this very disk.
 */
export async function uploadFixedVhd(view: FixedVhdView, blob: PageBlobClient, options: UploadOptions): Promise<UploadResult> {
  const { logger, clock, signal } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const chunkSize = options.chunkSize ?? MAX_PAGE_UPLOAD;
  if (chunkSize % 512 !== 0 || chunkSize > MAX_PAGE_UPLOAD || chunkSize <= 0) {
    throw new RangeError(`chunkSize must be a multiple of 512 up to ${MAX_PAGE_UPLOAD}`);
  }
  const blobUrl = redactUrl(blob.url);
  const prepared = await prepareBlob(view, blob, blobUrl, options.overwrite ?? false, signal);
  if (prepared.resumed) {
    const present = prepared.existing.reduce((n, r) => n + r.end - r.start, 0);
    logger.info(`Resuming upload to ${blobUrl}: ${mib(present)} MiB already there`);
  } else {
    logger.info(`Uploading ${view.path} to ${blobUrl} (${mib(view.totalSize)} MiB fixed VHD)`);
  }

  const hash = createHash('sha256');
  const stats = { uploadedBytes: 0, skippedZeroBytes: 0, skippedExistingBytes: 0, requests: 0 };
  // Buffers: `concurrency` held by uploads, one being hashed, one being read ahead.
  const pool = new BufferPool(concurrency + 2, chunkSize);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const started = clock.now();
  let lastProgress = started;
  const interval = options.progressIntervalMs ?? 5000;

  const readChunk = async (position: number): Promise<Chunk> => {
    const buffer = await pool.acquire();
    const length = Math.min(chunkSize, view.totalSize - position);
    const chunk = buffer.subarray(0, length);
    try {
      await view.read(position, chunk);
    } catch (error) {
      pool.release(buffer);
      throw error;
    }
    return { buffer, chunk, position };
  };
  // Reading the next chunk while this one is hashed keeps the disk and the CPU busy at the same time.
  let next: Promise<Chunk> | undefined = view.totalSize > 0 ? readChunk(0) : undefined;
  try {
    while (next && failure === undefined && !signal?.aborted) {
      const { buffer, chunk, position } = await next;
      const following = position + chunk.length;
      next = following < view.totalSize ? readChunk(following) : undefined;
      hash.update(chunk);
      const toSend: ByteRange[] = [];
      let nonZero = 0;
      for (const r of nonZeroRanges(chunk)) {
        nonZero += r.end - r.start;
        if (prepared.resumed && isCovered(prepared.existing, position + r.start, position + r.end)) {
          stats.skippedExistingBytes += r.end - r.start;
        } else {
          toSend.push(r);
        }
      }
      stats.skippedZeroBytes += chunk.length - nonZero;
      if (toSend.length === 0) {
        pool.release(buffer);
      } else {
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        const task = sendRanges(blob, chunk, position, toSend, stats, signal)
          .catch((error: unknown) => {
            failure ??= error;
          })
          .finally(() => {
            pool.release(buffer);
            inFlight.delete(task);
          });
        inFlight.add(task);
      }
      const now = clock.now();
      if (now - lastProgress >= interval) {
        lastProgress = now;
        logger.info(progressLine(following, view.totalSize, stats.uploadedBytes, now - started));
        reportProgress(logger, view.totalSize === 0 ? 100 : (following * 100) / view.totalSize, 'Uploading the disk');
      }
    }
  } finally {
    // A read started ahead must finish (and give its buffer back) before the file is closed by the caller.
    if (next) await next.then((c) => pool.release(c.buffer), () => undefined);
    await Promise.all(inFlight);
  }
  await Promise.all(inFlight);
  if (signal?.aborted) throw signal.reason ?? new Error('Upload aborted');
  if (failure !== undefined) throw uploadError(failure, blobUrl);

  const sha256 = hash.digest('hex');
  if (prepared.completedSha256 !== undefined && prepared.completedSha256 !== sha256) {
    throw conflict(blobUrl, `it was completed earlier with sha256 ${prepared.completedSha256}, but this disk hashes to ${sha256}`);
  }
  await blob.setMetadata(
    { [METADATA.fingerprint]: view.fingerprint, [METADATA.state]: 'complete', [METADATA.sha256]: sha256 },
    { abortSignal: signal },
  );
  logger.info(
    `${progressLine(view.totalSize, view.totalSize, stats.uploadedBytes, clock.now() - started)}; ` +
      `skipped ${mib(stats.skippedZeroBytes)} MiB of zeros and ${mib(stats.skippedExistingBytes)} MiB already uploaded`,
  );
  return { blobUrl, sha256, totalSize: view.totalSize, ...stats, resumed: prepared.resumed };
}

interface Chunk {
  buffer: Buffer;
  chunk: Buffer;
  position: number;
}

interface PreparedBlob {
  resumed: boolean;
  existing: ByteRange[];
  completedSha256: string | undefined;
}

async function prepareBlob(
  view: FixedVhdView,
  blob: PageBlobClient,
  blobUrl: string,
  overwrite: boolean,
  signal: AbortSignal | undefined,
): Promise<PreparedBlob> {
  const metadata = { [METADATA.fingerprint]: view.fingerprint, [METADATA.state]: 'uploading' };
  let props;
  try {
    props = await blob.getProperties({ abortSignal: signal });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw uploadError(error, blobUrl);
  }
  if (props) {
    const mismatch =
      props.blobType !== 'PageBlob'
        ? `it is a ${props.blobType ?? 'non-page'} blob`
        : props.contentLength !== view.totalSize
          ? `it is ${props.contentLength} bytes, but this disk makes a ${view.totalSize}-byte fixed VHD`
          : props.metadata?.[METADATA.fingerprint] !== view.fingerprint
            ? 'its metadata marks it as holding a different disk file (or a different version of this one)'
            : undefined;
    if (mismatch === undefined) {
      const existing: ByteRange[] = [];
      for await (const r of blob.listPageRanges(0, undefined, { abortSignal: signal })) {
        existing.push({ start: r.start, end: r.end + 1 });
      }
      return { resumed: true, existing: normalizeRanges(existing), completedSha256: props.metadata?.[METADATA.sha256] };
    }
    if (!overwrite) throw conflict(blobUrl, mismatch);
    if (props.blobType !== 'PageBlob') await blob.delete({ abortSignal: signal });
  }
  try {
    // create() on an existing page blob replaces it, which is what overwrite asked for.
    await blob.create(view.totalSize, { metadata, abortSignal: signal });
  } catch (error) {
    throw uploadError(error, blobUrl);
  }
  return { resumed: false, existing: [], completedSha256: undefined };
}

async function sendRanges(
  blob: PageBlobClient,
  chunk: Buffer,
  position: number,
  ranges: ByteRange[],
  stats: { uploadedBytes: number; requests: number },
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const r of ranges) {
    const length = r.end - r.start;
    stats.requests++;
    await blob.uploadPages(chunk.subarray(r.start, r.end), position + r.start, length, { abortSignal: signal });
    stats.uploadedBytes += length;
  }
}

function conflict(blobUrl: string, why: string): ConfigurationError {
  return new ConfigurationError(
    ErrorCodes.blobConflict,
    `The page blob ${blobUrl} already exists and ${why}. Nothing was uploaded. Choose another blob name, ` +
      'delete the blob, or set overwrite-blob: true to replace it.',
  );
}

function uploadError(error: unknown, blobUrl: string): unknown {
  if ((error as { name?: string }).name === 'AbortError') return error;
  if (error instanceof ConfigurationError || error instanceof AzureError) return error;
  const e = error as { statusCode?: number; code?: string; message?: string; request?: { requestId?: string } };
  const requestId = e.request?.requestId;
  const detail = `${e.statusCode ?? ''} ${e.code ?? ''} ${(e.message ?? String(error)).split('\n')[0]}`.trim();
  return new AzureError(
    ErrorCodes.uploadFailed,
    `Uploading to ${blobUrl} failed: ${detail}. Re-run the step: it resumes from the pages already uploaded.`,
    requestId === undefined ? { cause: error } : { cause: error, requestId },
  );
}

function progressLine(done: number, total: number, uploaded: number, elapsedMs: number): string {
  const pct = ((done / total) * 100).toFixed(0);
  const rate = elapsedMs > 0 ? (done / 1024 / 1024 / (elapsedMs / 1000)).toFixed(1) : '-';
  return `Upload ${pct}%: ${mib(done)} of ${mib(total)} MiB read, ${mib(uploaded)} MiB sent, ${rate} MiB/s`;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
