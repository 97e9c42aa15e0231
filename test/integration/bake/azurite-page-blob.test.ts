import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

// Guards the assumption the bake step rests on: today's @azure/storage-blob page-blob calls work on Azurite.
describe('Azurite page blobs with the current SDK', () => {
  it('creates a page blob, uploads pages and lists exactly those ranges', async () => {
    const service = new BlobServiceClient(
      azurite.accountUrl,
      new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey),
    );
    const container = service.getContainerClient('sanity');
    await container.createIfNotExists();
    const blob = container.getPageBlobClient('disk.vhd');
    await blob.create(8 * 1024 * 1024);
    await blob.uploadPages(Buffer.alloc(1024, 1), 0, 1024);
    await blob.uploadPages(Buffer.alloc(4096, 2), 4 * 1024 * 1024, 4096);
    const ranges = (await blob.getPageRanges()).pageRange ?? [];
    // getPageRanges' `count` is end-minus-start of the inclusive range (one short), so the uploader uses
    // listPageRanges, which also follows continuation markers on fragmented blobs.
    expect(ranges.map((r) => r.offset)).toEqual([0, 4 * 1024 * 1024]);
    const listed = [];
    for await (const r of blob.listPageRanges()) listed.push([r.start, r.end]);
    expect(listed).toEqual([
      [0, 1023],
      [4 * 1024 * 1024, 4 * 1024 * 1024 + 4095],
    ]);
    const body = await blob.downloadToBuffer(4 * 1024 * 1024 - 512, 1024);
    expect([...body.subarray(0, 512)].every((b) => b === 0)).toBe(true);
    expect([...body.subarray(512)].every((b) => b === 2)).toBe(true);
  });
});
