import { access, readFile, stat } from 'node:fs/promises';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { TokenCredential } from '@azure/core-auth';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { Bundle } from '@sigstore/bundle';
import { parseEnvelope, type DsseEnvelope } from './dsse.js';
import { envelopeOfBundle, isSigstoreBundle, parseSigstoreBundle } from './sigstore-verify.js';
import type { SubjectRef } from './live-manifest.js';
import { inputError } from '../input-error.js';

export const ENVELOPE_TAG = 'image-publish.signature.envelope';

/**
 * Largest envelope or Sigstore bundle verify reads (docs/steps/sign.md#limits), checked before anything is parsed:
 * image-publish envelopes are a few kilobytes and third-party attestations with SBOM predicates a few megabytes.
 */
export const MAX_ENVELOPE_BYTES = 16 * 1024 * 1024;

function tooLarge(what: string, bytes: number): ConfigurationError {
  return inputError(ErrorCodes.inputTooLarge, 'envelope',
    `: ${what} is ${bytes} bytes, over the ${MAX_ENVELOPE_BYTES}-byte (16 MiB) limit for an envelope or Sigstore bundle. ` +
      'Check that it is the envelope sign wrote (<digest>.dsse.json or .sigstore.json), not the image or a report.',
  );
}

/**
 * Finds the envelope to verify: the given file or blob URL, else the envelope URL publish recorded in the
 * gallery version's tags (signatureTags). A Sigstore bundle (signer github) is accepted too, and so is a
 * `<digest>.dsse.json` file next to the `<digest>.sigstore.json` bundle sign wrote: `bundle` is then set.
 */
export async function loadEnvelope(options: {
  envelope?: string;
  /** The image whose publish tag names the envelope when `envelope` is not given. */
  subject?: SubjectRef;
  compute: ComputeManagementClient;
  credential: TokenCredential;
  sas?: string;
}): Promise<{ envelope: DsseEnvelope; source: string; bundle?: Bundle }> {
  let location = options.envelope;
  if (location === undefined && options.subject?.kind === 'galleryImageVersion') {
    const s = options.subject;
    const version = await options.compute.galleryImageVersions.get(s.resourceGroup, s.gallery, s.image, s.version);
    location = version.tags?.[ENVELOPE_TAG];
  }
  if (location === undefined || location === '') {
    throw new ConfigurationError(
      ErrorCodes.inputMissing,
      `No envelope to verify: set input 'envelope' (the sign step's envelope-path or envelope-url), or publish the version with the sign outputs so it carries the '${ENVELOPE_TAG}' tag.`,
    );
  }
  // Plain http only for a loopback storage emulator (Azurite); real accounts are always https.
  if (/^https:\/\//.test(location) || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(location)) {
    // Loaded on this path only: @azure/storage-blob is one of the largest modules of the bundle.
    const { AnonymousCredential, BlobClient } = await import('@azure/storage-blob');
    const client = options.sas
      ? new BlobClient(`${location.split('?')[0]}?${options.sas.replace(/^\?/, '')}`, new AnonymousCredential())
      : new BlobClient(location.split('?')[0] ?? location, options.credential);
    try {
      const size = (await client.getProperties()).contentLength ?? 0;
      if (size > MAX_ENVELOPE_BYTES) throw tooLarge(`blob ${client.url.split('?')[0]}`, size);
      const body = await client.downloadToBuffer();
      // The blob may have grown between the two calls: the check holds for what was read.
      if (body.length > MAX_ENVELOPE_BYTES) throw tooLarge(`blob ${client.url.split('?')[0]}`, body.length);
      return { ...parseEnvelopeOrBundle(body.toString('utf8'), `Envelope ${client.url.split('?')[0]}`), source: client.url.split('?')[0] ?? client.url };
    } catch (error) {
      if (error instanceof ConfigurationError || (error as { code?: string }).code === ErrorCodes.envelopeInvalid) throw error;
      throw new ConfigurationError(
        ErrorCodes.notFound,
        `Cannot download envelope ${location.split('?')[0]} (${(error as { statusCode?: number }).statusCode ?? 'error'}). ` +
          'Check the URL, and that the identity has Storage Blob Data Reader or a SAS is given in storage-sas.',
        // The SDK error carries the request URL, SAS included: keep it out of anything that may be printed.
        options.sas ? {} : { cause: error },
      );
    }
  }
  // sign writes the github signer's bundle beside the envelope; the bundle is what keyless verification needs.
  const sibling = location.endsWith('.dsse.json') ? `${location.slice(0, -'.dsse.json'.length)}.sigstore.json` : undefined;
  if (sibling !== undefined && (await access(sibling).then(() => true, () => false))) location = sibling;
  const unreadable = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return inputError(ErrorCodes.inputInvalid, 'envelope', `: cannot read '${location}' (${code}). Pass the sign step's envelope-path.`, { cause: error });
  };
  const info = await stat(location).catch((error: unknown) => {
    throw unreadable(error);
  });
  if (!info.isFile()) throw unreadable(Object.assign(new Error('not a file'), { code: info.isDirectory() ? 'EISDIR' : 'not a regular file' }));
  if (info.size > MAX_ENVELOPE_BYTES) throw tooLarge(`file '${location}'`, info.size);
  const text = await readFile(location, 'utf8').catch((error: unknown) => {
    throw unreadable(error);
  });
  return { ...parseEnvelopeOrBundle(text, `Envelope file '${location}'`), source: location };
}

/** Parses a DSSE envelope, or a Sigstore bundle and the envelope inside it. */
export function parseEnvelopeOrBundle(text: string, source: string): { envelope: DsseEnvelope; bundle?: Bundle } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { envelope: parseEnvelope(text, source) };
  }
  if (!isSigstoreBundle(value)) return { envelope: parseEnvelope(value, source) };
  const bundle = parseSigstoreBundle(value, source);
  return { envelope: envelopeOfBundle(bundle), bundle };
}
