import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (three levels above this file). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** ../shared/fixtures, read-only third-party scanner outputs (see SOURCES.md there). */
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');

/** Absolute path of a fixture. */
export function fixture(relative: string): string {
  return path.join(fixturesDir, relative);
}

/** A fixture's text. */
export function readFixture(relative: string): string {
  return readFileSync(fixture(relative), 'utf8');
}
