import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import type { StorageSharedKeyCredential } from '@azure/storage-blob';
import { AzureError, ConfigurationError, ErrorCodes } from '../errors.js';
import type { DsseEnvelope } from './dsse.js';
import { inputError } from '../input-error.js';

/** Writes the envelope as `<digest>.dsse.json` in `dir` and returns its path. */
export async function writeEnvelopeFile(dir: string, digest: string, envelope: DsseEnvelope): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${digest}.dsse.json`);
  await writeFile(path, `${JSON.stringify(envelope, null, 2)}\n`, 'utf8');
  return path;
}

export interface BlobTarget {
  /** https://<account>.blob.core.windows.net (no SAS: it is a separate secret input). */
  accountUrl: string;
  container: string;
  /** Entra credential (needs Storage Blob Data Contributor), a shared key, or a SAS token (secret). */
  auth: { credential: TokenCredential | StorageSharedKeyCredential } | { sas: string };
}

/** Uploads the envelope as a blob named after the subject digest; returns the blob URL without any SAS. */
export async function uploadEnvelope(target: BlobTarget, digest: string, envelope: DsseEnvelope): Promise<string> {
  // Loaded on the upload path only: @azure/storage-blob is one of the largest modules of the bundle.
  const { AnonymousCredential, BlobServiceClient } = await import('@azure/storage-blob');
  if (/[?&]sig=/i.test(target.accountUrl)) {
    throw inputError(ErrorCodes.inputInvalid, 'storage-account-url',
      "contains a SAS token. Pass the account URL alone and the SAS in the secret input 'storage-sas'.",
    );
  }
  const service =
    'sas' in target.auth
      ? new BlobServiceClient(`${target.accountUrl.replace(/\/+$/, '')}?${target.auth.sas.replace(/^\?/, '')}`, new AnonymousCredential())
      : new BlobServiceClient(target.accountUrl, target.auth.credential);
  const blob = service.getContainerClient(target.container).getBlockBlobClient(`${digest}.dsse.json`);
  const body = Buffer.from(`${JSON.stringify(envelope, null, 2)}\n`, 'utf8');
  try {
    // A container SAS cannot create containers; with one, the container must already exist.
    if (!('sas' in target.auth)) await service.getContainerClient(target.container).createIfNotExists();
    await blob.uploadData(body, { blobHTTPHeaders: { blobContentType: 'application/vnd.dsse.envelope.v1+json' } });
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    const code = (error as { code?: string }).code ?? String(status ?? 'error');
    const Kind = status === 403 || status === 401 || status === 404 ? ConfigurationError : AzureError;
    throw new Kind(
      status === 403 || status === 401 ? ErrorCodes.authorizationFailed : status === 404 ? ErrorCodes.notFound : ErrorCodes.azureRequestFailed,
      `Uploading the envelope to container '${target.container}' at ${target.accountUrl} failed (${code}). ` +
        'The identity needs Storage Blob Data Contributor on the container, or give a SAS with create/write permission.',
      // The SDK error carries the request URL, SAS included: keep it out of anything that may be printed.
      'sas' in target.auth ? {} : { cause: error },
    );
  }
  return blob.url.split('?')[0] ?? blob.url;
}

/** Outputs of the sign step that publish records on the version. */
export interface SignatureReference {
  digest: string;
  keyid: string;
  'envelope-path': string;
  'envelope-url'?: string;
}

/** Tags publish writes on the image version: the subject digest and where the envelope lives. */
export function signatureTags(outputs: SignatureReference): Record<string, string> {
  const tags: Record<string, string> = {
    'image-publish.signature.digest': `sha256:${outputs.digest}`,
    'image-publish.signature.keyid': outputs.keyid,
    'image-publish.signature.envelope': outputs['envelope-url'] || basename(outputs['envelope-path']),
  };
  for (const [name, value] of Object.entries(tags)) {
    // Azure rejects tag values over 256 characters; fail here, before publish changes anything.
    if (value.length > 256) {
      throw new ConfigurationError(ErrorCodes.inputInvalid, `Tag '${name}' would be ${value.length} characters; Azure allows 256. Use a shorter container or account URL.`);
    }
  }
  return tags;
}
