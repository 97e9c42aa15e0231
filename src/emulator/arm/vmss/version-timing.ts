/**
 * Per image version boot timing, so a test can stage "the new image boots 40% slower": how long an instance takes
 * to upgrade/reimage onto a gallery version, and how long after that its Application Health extension keeps
 * reporting Initializing before Healthy. Stored like the health switch; read at request and read time against the
 * emulated clock (no timers).
 */
import type { EmulatorState } from '../../store/state-types.js';

const TIMING_ID = '/_emulator/vmss-version-timing';

export interface VersionTiming {
  /** Emulated ms an instance takes to upgrade or reimage onto this version (overrides the scale set's seeded value). */
  upgradeMs?: number;
  /** Emulated ms after the boot ends before the health extension reports healthy (Initializing until then). */
  healthDelayMs?: number;
}

function all(state: EmulatorState): Record<string, VersionTiming> {
  return (state.resources[TIMING_ID]?.body.versions as Record<string, VersionTiming> | undefined) ?? {};
}

/** Timing of one gallery version id (case-insensitive); {} when none was staged. */
export function versionTiming(state: EmulatorState, versionId: string): VersionTiming {
  return all(state)[versionId.toLowerCase()] ?? {};
}

/** Replaces the staged timing of these versions; a version given {} goes back to the defaults. */
export function setVersionTimings(state: EmulatorState, timings: Readonly<Record<string, VersionTiming>>): void {
  const versions = { ...all(state) };
  for (const [id, t] of Object.entries(timings)) {
    const clean: VersionTiming = {};
    if (t.upgradeMs !== undefined) clean.upgradeMs = nonNegative(t.upgradeMs, `${id}.upgradeMs`);
    if (t.healthDelayMs !== undefined) clean.healthDelayMs = nonNegative(t.healthDelayMs, `${id}.healthDelayMs`);
    if (Object.keys(clean).length === 0) delete versions[id.toLowerCase()];
    else versions[id.toLowerCase()] = clean;
  }
  state.resources[TIMING_ID] = { id: TIMING_ID, type: 'Emulator/versionTiming', body: { versions } };
}

/** Every staged timing, keyed by lower-cased version id. */
export function versionTimings(state: EmulatorState): Record<string, VersionTiming> {
  return all(state);
}

function nonNegative(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`version timing ${where} must be a non-negative number of milliseconds`);
  return v;
}
