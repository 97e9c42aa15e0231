/**
 * One emulator per file on a MANUAL clock: the step's clock is the emulator's, and sleeping advances it, so every
 * duration a test asserts is emulated time read from the emulator's clock and request log, never wall time.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { type ReplicateInputs, resolveReplicateInputs } from '../../../src/core/replication/replicate-inputs.js';
import type { EmulatorHandle, RequestLogEntry } from '../../../src/emulator/index.js';
import { armFetch, startTestEmulator } from '../../helpers/emulator.js';
import { type TestStepContext, type TestStepContextOverrides, createTestStepContext } from '../../helpers/step-context.js';

export const RG = 'rg-replicate';
export const GALLERY = 'gal_rep';
export const IMAGE = 'ubuntu-24';
/** Emulated time one replica takes (Full mode). */
export const REPLICA_MS = 60_000;
export const POLL_MS = 15_000;
const GV = '?api-version=2025-12-03';

/** A step clock driven by the emulator's manual clock: sleep(ms) moves emulated time by ms, then yields. */
export function emulatedClock(emulator: EmulatorHandle): Clock {
  return {
    now: () => emulator.clock.now(),
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      emulator.clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw signal.reason;
    },
  };
}

export interface ReplicateFixture {
  emulator: EmulatorHandle;
  /** A fresh StepContext on the emulated clock (new credential, new logger). */
  ctx(overrides?: TestStepContextOverrides): TestStepContext;
  /** Publishes `version` into `regions` (first is home) and lets its replication finish. */
  publish(version: string, regions?: string[], safety?: { allowDeletionOfReplicatedLocations?: boolean }): Promise<string>;
  inputs(parsed: Record<string, unknown>): ReplicateInputs;
  versionPath(version: string): string;
  /** Request-log entries from index `from`. */
  log(from?: number): RequestLogEntry[];
}

/** Writes (PUT/PATCH/DELETE) among the entries. */
export function writes(entries: RequestLogEntry[]): RequestLogEntry[] {
  return entries.filter((e) => e.route === 'arm' && ['PUT', 'PATCH', 'DELETE', 'POST'].includes(e.method));
}

export function useReplicateEmulator(): ReplicateFixture {
  const holder: { emulator?: EmulatorHandle } = {};
  const emulator = (): EmulatorHandle => {
    if (!holder.emulator) throw new Error('emulator not started');
    return holder.emulator;
  };
  const rgPath = () => `/subscriptions/${emulator().subscriptionId}/resourceGroups/${RG}`;
  const versionPath = (v: string) => `${rgPath()}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${IMAGE}/versions/${v}`;
  beforeAll(async () => {
    const e = await startTestEmulator({ clockSpeed: 0, timing: { lroDurationMs: 1000, retryAfterSeconds: 0, replicationMsPerReplica: REPLICA_MS } });
    holder.emulator = e;
    await armFetch(e, 'PUT', `${rgPath()}?api-version=2025-04-01`, { location: 'westeurope' });
    await armFetch(e, 'PUT', `${rgPath()}/providers/Microsoft.Compute/galleries/${GALLERY}${GV}`, { location: 'westeurope' });
    await armFetch(e, 'PUT', `${rgPath()}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${IMAGE}${GV}`, {
      location: 'westeurope',
      properties: { osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '24_04' } },
    });
    await armFetch(e, 'PUT', `${rgPath()}/providers/Microsoft.Compute/snapshots/os?api-version=2026-03-02`, {
      location: 'westeurope',
      properties: { creationData: { createOption: 'Empty' } },
    });
    e.clock.advance(2000);
  });
  afterAll(async () => {
    await holder.emulator?.close();
  });
  return {
    get emulator() {
      return emulator();
    },
    ctx: (overrides = {}) => createTestStepContext(emulator(), { clock: emulatedClock(emulator()), ...overrides }),
    async publish(version, regions = ['westeurope'], safety) {
      const e = emulator();
      const res = await armFetch(e, 'PUT', `${versionPath(version)}${GV}`, {
        location: 'westeurope',
        properties: {
          storageProfile: { osDiskImage: { source: { id: `${rgPath()}/providers/Microsoft.Compute/snapshots/os` } } },
          publishingProfile: { targetRegions: regions.map((name) => ({ name })) },
          ...(safety ? { safetyProfile: safety } : {}),
        },
      });
      if (res.status !== 201) throw new Error(`publish ${version}: ${res.status} ${JSON.stringify(res.body)}`);
      e.clock.advance(REPLICA_MS + 1000);
      return versionPath(version);
    },
    inputs: (parsed) => resolveReplicateInputs({ 'image-version-id': '', 'progress-interval-seconds': POLL_MS / 1000, ...parsed }, undefined),
    versionPath,
    log: (from = 0) => emulator().requestLog.entries().slice(from),
  };
}
