/** The envelope size limit on the blob path: an oversized blob is refused from its Content-Length, before download. */
import { BlobSASPermissions, BlobServiceClient, StorageSharedKeyCredential, generateBlobSASQueryParameters } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnvelope, MAX_ENVELOPE_BYTES } from '../../../src/core/attest/envelope-source.js';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describe('envelope size limit for blob URLs', () => {
  it('refuses a blob over 16 MiB with E_INPUT_TOO_LARGE naming the blob (never its SAS), from its Content-Length', async () => {
    const credential = new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey);
    const container = new BlobServiceClient(azurite.accountUrl, credential).getContainerClient('envelopes');
    await container.createIfNotExists();
    const blob = container.getBlockBlobClient('huge.dsse.json');
    await blob.uploadData(Buffer.alloc(MAX_ENVELOPE_BYTES + 1, 0x20));
    const sas = generateBlobSASQueryParameters(
      { containerName: 'envelopes', blobName: 'huge.dsse.json', permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + 3_600_000) },
      credential,
    ).toString();
    const error = (await loadEnvelope({ envelope: blob.url, sas, credential: { getToken: async () => null }, compute: {} as never }).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error & { code: string };
    expect(error).toMatchObject({ code: 'E_INPUT_TOO_LARGE', message: expect.stringContaining(`blob ${blob.url} is ${MAX_ENVELOPE_BYTES + 1} bytes`) });
    expect(error.message).not.toContain('sig=');
  });
});
