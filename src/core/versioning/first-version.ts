/**
 * The number `version: auto` gives the first version of an image definition that has none: 1.0.0 unless the
 * `first-version` input says otherwise. A definition that already has versions continues from its highest.
 */
import type { GalleryVersion } from './gallery-version.js';

export const DEFAULT_FIRST_VERSION: Readonly<GalleryVersion> = { major: 1, minor: 0, patch: 0 };

/** The first auto version: the configured one, else 1.0.0. */
export function firstAutoVersion(configured?: GalleryVersion): GalleryVersion {
  return { ...(configured ?? DEFAULT_FIRST_VERSION) };
}
