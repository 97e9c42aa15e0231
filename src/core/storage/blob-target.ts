import type { TokenCredential } from '@azure/core-auth';
import type { PageBlobClient, StoragePipelineOptions } from '@azure/storage-blob';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { Logger } from '../logger.js';

/** How to authenticate to blob storage. Keys and SAS tokens are secrets: they are masked before any log line. */
export type BlobAuth =
  | { kind: 'key'; accountKey: string; accountName?: string }
  | { kind: 'sas'; sasToken: string }
  | { kind: 'token'; credential: TokenCredential };

export interface BlobTarget {
  /** Container URL without query string, e.g. https://acct.blob.core.windows.net/vhds or http://127.0.0.1:10000/devstoreaccount1/vhds. */
  containerUrl: string;
  blobName: string;
  auth: BlobAuth;
}

/** The URL with any query string (SAS) removed: the only form of a blob URL we ever print or output. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** Account name from a blob URL: the first host label, or the first path segment for IP-style (Azurite) URLs. */
export function accountNameFromUrl(url: string): string {
  const u = new URL(url);
  const ipStyle = /^[\d.]+$/.test(u.hostname) || u.hostname === 'localhost' || u.hostname.includes(':');
  const name = ipStyle ? u.pathname.split('/').filter(Boolean)[0] : u.hostname.split('.')[0];
  if (!name) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `Cannot tell the storage account name from ${redactUrl(url)}; use https://<account>.blob.core.windows.net/<container>.`);
  }
  return name;
}

/** Builds the page blob client for a target, masking its secrets first. */
export async function pageBlobClientFor(target: BlobTarget, logger: Logger, pipeline: StoragePipelineOptions = {}): Promise<PageBlobClient> {
  let container: URL;
  try {
    container = new URL(target.containerUrl);
  } catch {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `The storage container URL "${target.containerUrl.split('?')[0]}" is not a URL; use https://<account>.blob.core.windows.net/<container>.`);
  }
  if (container.search) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `The storage container URL ${redactUrl(target.containerUrl)} carries a query string; pass the SAS token through the storage-sas input (a secret), not in the URL.`,
    );
  }
  const blobUrl = `${target.containerUrl.replace(/\/+$/, '')}/${encodeURIComponent(target.blobName)}`;
  // Imported here, not at module level: bake's module (and so `--help`) loads no storage SDK until an upload.
  const { AnonymousCredential, PageBlobClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
  switch (target.auth.kind) {
    case 'key': {
      logger.mask(target.auth.accountKey);
      const account = target.auth.accountName ?? accountNameFromUrl(target.containerUrl);
      return new PageBlobClient(blobUrl, new StorageSharedKeyCredential(account, target.auth.accountKey), pipeline);
    }
    case 'sas': {
      const sas = target.auth.sasToken.replace(/^\?/, '');
      logger.mask(sas);
      logger.mask(`?${sas}`);
      return new PageBlobClient(`${blobUrl}?${sas}`, new AnonymousCredential(), pipeline);
    }
    case 'token':
      return new PageBlobClient(blobUrl, target.auth.credential, pipeline);
  }
}
