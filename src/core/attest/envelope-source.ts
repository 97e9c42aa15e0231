import { readFile } from 'node:fs/promises';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { TokenCredential } from '@azure/core-auth';
import { AnonymousCredential, BlobClient } from '@azure/storage-blob';
import { ConfigurationError } from '../errors.js';
import { parseEnvelope, type DsseEnvelope } from './dsse.js';
import type { SubjectRef } from './live-manifest.js';

export const ENVELOPE_TAG = 'image-publish.signature.envelope';

/**
 * Finds the envelope to verify: the given file or blob URL, else the envelope URL publish recorded in the
 * gallery version's tags (signatureTags).
 */
export async function loadEnvelope(options: {
  envelope?: string;
  subject: SubjectRef;
  compute: ComputeManagementClient;
  credential: TokenCredential;
  sas?: string;
}): Promise<{ envelope: DsseEnvelope; source: string }> {
  let location = options.envelope;
  if (location === undefined && options.subject.kind === 'galleryImageVersion') {
    const s = options.subject;
    const version = await options.compute.galleryImageVersions.get(s.resourceGroup, s.gallery, s.image, s.version);
    location = version.tags?.[ENVELOPE_TAG];
  }
  if (location === undefined || location === '') {
    throw new ConfigurationError(
      'E_INPUT_MISSING',
      `No envelope to verify: set input 'envelope' (the sign step's envelope-path or envelope-url), or publish the version with the sign outputs so it carries the '${ENVELOPE_TAG}' tag.`,
    );
  }
  // Plain http only for a loopback storage emulator (Azurite); real accounts are always https.
  if (/^https:\/\//.test(location) || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(location)) {
    const client = options.sas
      ? new BlobClient(`${location.split('?')[0]}?${options.sas.replace(/^\?/, '')}`, new AnonymousCredential())
      : new BlobClient(location.split('?')[0]!, options.credential);
    try {
      const body = await client.downloadToBuffer();
      return { envelope: parseEnvelope(body.toString('utf8'), `Envelope ${client.url.split('?')[0]}`), source: client.url.split('?')[0]! };
    } catch (error) {
      if ((error as { code?: string }).code === 'E_ENVELOPE_INVALID') throw error;
      throw new ConfigurationError(
        'E_NOT_FOUND',
        `Cannot download envelope ${location.split('?')[0]} (${(error as { statusCode?: number }).statusCode ?? 'error'}). ` +
          'Check the URL, and that the identity has Storage Blob Data Reader or a SAS is given in storage-sas.',
        // The SDK error carries the request URL, SAS included: keep it out of anything that may be printed.
        options.sas ? {} : { cause: error },
      );
    }
  }
  const text = await readFile(location, 'utf8').catch((error: unknown) => {
    throw new ConfigurationError('E_INPUT_INVALID', `Input 'envelope': cannot read '${location}'. Pass the sign step's envelope-path.`, { cause: error });
  });
  return { envelope: parseEnvelope(text, `Envelope file '${location}'`), source: location };
}
