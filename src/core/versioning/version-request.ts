import { ConfigurationError, ErrorCodes } from '../errors.js';
import { type Bump, type GalleryVersion, bumpVersion, dateVersion, highestVersion, parseVersion } from './gallery-version.js';
import { inputError } from '../input-error.js';

/** What the user asked for: a fixed number, the next free one, or the date scheme. */
export type VersionRequest =
  | { kind: 'explicit'; version: GalleryVersion }
  | { kind: 'auto'; bump: Bump; first?: GalleryVersion }
  | { kind: 'date' };

/** Parses the `version` and `bump` inputs into a request; throws naming the input on junk. */
export function parseVersionRequest(version: string, bump: string | undefined, firstVersion?: string): VersionRequest {
  const text = version.trim().toLowerCase();
  if (bump !== undefined && bump !== 'patch' && bump !== 'minor' && bump !== 'major') {
    throw inputError(ErrorCodes.inputInvalid, 'bump',
      `is '${bump}'; use 'patch', 'minor' or 'major'.`,
    );
  }
  if (text === 'auto') return { kind: 'auto', bump: bump ?? 'patch', ...(firstVersion === undefined ? {} : { first: parseFirstVersion(firstVersion) }) };
  if (firstVersion !== undefined) {
    throw inputError(ErrorCodes.inputInvalid, 'first-version', `is '${firstVersion}' but 'version' is '${version}'; 'first-version' only applies to 'version: auto'.`);
  }
  if (bump !== undefined && bump !== 'patch') {
    throw inputError(ErrorCodes.inputInvalid, 'bump',
      `is '${bump}' but 'version' is '${version}'; 'bump' only applies to 'version: auto'.`,
    );
  }
  if (text === 'date') return { kind: 'date' };
  return { kind: 'explicit', version: parseVersion(version) };
}

/**
 * The first version to try. For `auto`, later attempts (after losing a race) call this again with the
 * claimed number added to `existing`, so each attempt moves one step past every known number.
 */
export function candidateVersion(
  request: VersionRequest,
  existing: Iterable<string>,
  now: Date,
  runNumber: number | undefined,
): GalleryVersion {
  switch (request.kind) {
    case 'explicit':
      return request.version;
    case 'date':
      return dateVersion(now, runNumber);
    case 'auto':
      return bumpVersion(highestVersion(existing), request.bump, request.first);
  }
}

function parseFirstVersion(text: string): GalleryVersion {
  try {
    return parseVersion(text);
  } catch (error) {
    throw inputError(ErrorCodes.inputInvalid, 'first-version', `: ${(error as Error).message}`);
  }
}
