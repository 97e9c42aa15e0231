import { firstAutoVersion } from './first-version.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { inputError } from '../input-error.js';

/** A gallery image version number: ARM requires exactly three 32-bit non-negative integers. */
export interface GalleryVersion {
  major: number;
  minor: number;
  patch: number;
}

export const MAX_VERSION_PART = 2147483647;

const VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)$/;

/** Parses `x.y.z` or returns undefined; no exceptions, for listing existing versions. */
export function tryParseVersion(text: string): GalleryVersion | undefined {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const parts = [match[1], match[2], match[3]].map((part) => Number(part));
  if (parts.some((part) => !Number.isSafeInteger(part) || part > MAX_VERSION_PART)) return undefined;
  const [major, minor, patch] = parts as [number, number, number];
  return { major, minor, patch };
}

/** Parses an explicit version input; throws E_INPUT_INVALID naming the input and the accepted forms. */
export function parseVersion(text: string, inputName = 'version'): GalleryVersion {
  // ARM would store 01.2.3 as 1.2.3: another name than the one asked for, so outputs and pins would disagree.
  if (tryParseVersion(text) && /(^|\.)0\d/.test(text.trim())) {
    throw inputError(ErrorCodes.inputInvalid, inputName,
      `is '${text}', which has a leading zero; Azure names versions without them, so it would become ` +
        `'${text.trim().split('.').map((p) => String(Number(p))).join('.')}'. Write it that way.`,
    );
  }
  const parsed = tryParseVersion(text);
  if (!parsed) {
    throw inputError(ErrorCodes.inputInvalid, inputName,
      `is '${text}', which is not a gallery image version. ` +
        `Use three integers 0..${MAX_VERSION_PART} separated by dots (e.g. 1.4.2), 'auto', or 'date'.`,
    );
  }
  return parsed;
}

/** Formats a version as ARM names it. */
export function formatVersion(version: GalleryVersion): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

/** Orders versions numerically (1.10.0 after 1.9.0), for sorting and picking the highest. */
export function compareVersions(a: GalleryVersion, b: GalleryVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Highest version among names; names that are not x.y.z are ignored. */
export function highestVersion(names: Iterable<string>): GalleryVersion | undefined {
  let highest: GalleryVersion | undefined;
  for (const name of names) {
    const version = tryParseVersion(name);
    if (version && (!highest || compareVersions(version, highest) > 0)) highest = version;
  }
  return highest;
}

export type Bump = 'patch' | 'minor' | 'major';

/** The next version after `current` (the first auto version, 1.0.0 by default, when nothing exists yet); throws when a part would overflow. */
export function bumpVersion(current: GalleryVersion | undefined, bump: Bump, first?: GalleryVersion): GalleryVersion {
  if (current === undefined) return firstAutoVersion(first);
  const base = current;
  const next =
    bump === 'major'
      ? { major: base.major + 1, minor: 0, patch: 0 }
      : bump === 'minor'
        ? { major: base.major, minor: base.minor + 1, patch: 0 }
        : { major: base.major, minor: base.minor, patch: base.patch + 1 };
  if (next.major > MAX_VERSION_PART || next.minor > MAX_VERSION_PART || next.patch > MAX_VERSION_PART) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `Cannot bump ${formatVersion(base)} (${bump}): a part would exceed ${MAX_VERSION_PART}. ` +
        `Use a larger bump ('minor' or 'major') or an explicit version.`,
    );
  }
  return next;
}

/**
 * The `date` scheme: YYYY.MMDD.<run number> in UTC. MMDD is written without a leading zero by
 * construction of the integer (0105 -> 105), which still sorts correctly within a year.
 */
export function dateVersion(now: Date, runNumber: number | undefined): GalleryVersion {
  if (runNumber === undefined || !Number.isSafeInteger(runNumber) || runNumber < 0 || runNumber > MAX_VERSION_PART) {
    throw inputError(ErrorCodes.inputMissing, 'version',
      `is 'date', which needs the CI run number, but this run has ${runNumber === undefined ? 'none' : `'${String(runNumber)}'`}. ` +
        `Run it in GitHub Actions or Azure DevOps, or pass an explicit version (e.g. 1.4.2) or 'auto'.`,
    );
  }
  return {
    major: now.getUTCFullYear(),
    minor: (now.getUTCMonth() + 1) * 100 + now.getUTCDate(),
    patch: runNumber,
  };
}
