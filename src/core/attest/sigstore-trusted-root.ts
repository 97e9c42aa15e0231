/** The Sigstore TrustedRoot that keyless verification trusts, as `gh attestation trusted-root` prints it. */
import { readFile } from 'node:fs/promises';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { inputError } from '../input-error.js';

/**
 * Reads input `trusted-root`: one TrustedRoot JSON document, or JSON lines with one root per line
 * (`gh attestation trusted-root` prints the public-good root and GitHub's own). Every root is kept.
 */
export async function loadTrustedRoot(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw inputError(ErrorCodes.inputInvalid, 'trusted-root', `: cannot read '${path}'. Save the output of \`gh attestation trusted-root\` there.`, { cause: error });
  });
  return parseTrustedRoots(text, `Input 'trusted-root': '${path}'`);
}

/** Parses a whole-file TrustedRoot, or JSON lines of them. */
export function parseTrustedRoots(text: string, where: string): unknown[] {
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    // Not one document: JSON lines.
  }
  const roots: unknown[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      roots.push(JSON.parse(line));
    } catch (error) {
      throw new ConfigurationError(ErrorCodes.inputInvalid, `${where} line ${index + 1} is not TrustedRoot JSON. Save the output of \`gh attestation trusted-root\` unchanged.`, { cause: error });
    }
  });
  if (roots.length === 0) throw new ConfigurationError(ErrorCodes.inputInvalid, `${where} is empty. Save the output of \`gh attestation trusted-root\` there.`);
  return roots;
}

/** One TrustMaterial holding the CAs, logs and timestamp authorities of every root. */
export function trustMaterialOf(roots: readonly unknown[]): TrustMaterial {
  const merged: TrustedRoot = { mediaType: '', certificateAuthorities: [], tlogs: [], ctlogs: [], timestampAuthorities: [] };
  roots.forEach((json, index) => {
    let root: TrustedRoot;
    try {
      if (json === null || typeof json !== 'object' || !String((json as { mediaType?: unknown }).mediaType ?? '').includes('trustedroot')) {
        throw new Error('its mediaType is not application/vnd.dev.sigstore.trustedroot+json');
      }
      root = TrustedRoot.fromJSON(json);
    } catch (error) {
      throw inputError(ErrorCodes.inputInvalid, 'trusted-root',
        `root ${index + 1} is not a valid Sigstore TrustedRoot: ${(error as Error).message}. Use \`gh attestation trusted-root\`.`,
        { cause: error },
      );
    }
    merged.mediaType ||= root.mediaType;
    merged.certificateAuthorities.push(...root.certificateAuthorities);
    merged.tlogs.push(...root.tlogs);
    merged.ctlogs.push(...root.ctlogs);
    merged.timestampAuthorities.push(...root.timestampAuthorities);
  });
  return toTrustMaterial(merged);
}
