/** Partial failure and repair, failure beyond retries, timeout then resume, and Retry-After on status polls. */
import { describe, expect, it } from 'vitest';
import { type ImagePublishError } from '../../../src/core/errors.js';
import { replicateImage } from '../../../src/core/replication/replicate-image.js';
import { StepFailure } from '../../../src/steps/step-failure.js';
import { replicateStep } from '../../../src/steps/replicate.js';
import type { Clock } from '../../../src/core/clock.js';
import { POLL_MS, REPLICA_MS, emulatedClock, useReplicateEmulator, writes } from './replicate-fixture.js';

const fx = useReplicateEmulator();

interface StoredReplication {
  replication?: { region: string; startTime: number }[];
}

function replicationOf(id: string): StoredReplication['replication'] {
  const all = fx.emulator.state.snapshot() as Record<string, StoredReplication>;
  return all[id.toLowerCase()]?.replication;
}

async function stepFailure(promise: Promise<unknown>): Promise<StepFailure> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(StepFailure);
  return err as StepFailure;
}

describe('replicate recovery', () => {
  it('resubmits a failed region with the same targetRegions; Azure restarts only that region', async () => {
    const id = await fx.publish('2.0.0');
    fx.emulator.faults.failReplication('eastus', { details: 'Disk copy to eastus failed: storage account unavailable.', count: 1 });
    const from = fx.log().length;
    const ctx = fx.ctx();
    const result = await replicateImage(fx.inputs({ 'image-version-id': id, regions: 'westeurope,eastus,northeurope', retries: 2 }), ctx);

    expect(result.aggregatedState).toBe('Completed');
    expect(result.updates).toBe(2);
    const patches = writes(fx.log(from));
    expect(patches.map((e) => e.method)).toEqual(['PATCH', 'PATCH']);
    const warnings = ctx.logger.messages('warn');
    expect(warnings.some((w) => w.includes('eastus failed') && w.includes('Disk copy to eastus failed: storage account unavailable.'))).toBe(true);
    expect(ctx.logger.messages('info').some((m) => m.includes('resubmitting failed region eastus (retry 1 of 2)'))).toBe(true);
    // The successful regions kept their original replication: started once, at the first update.
    const plan = replicationOf(id)!;
    const firstPatchAt = patches[0]!.emulatedTime;
    expect(plan.find((r) => r.region === 'northeurope')!.startTime).toBe(firstPatchAt);
    expect(plan.find((r) => r.region === 'eastus')!.startTime).toBe(patches[1]!.emulatedTime);
  });

  it('fails naming the failed region with Azure details after the retries, and still reports the successes', async () => {
    const id = await fx.publish('2.1.0');
    fx.emulator.faults.failReplication('eastus', { details: 'Quota exceeded for storage in eastus.', versionPath: '/versions/2\\.1\\.0$' });
    const from = fx.log().length;
    const ctx = fx.ctx();
    const failure = await stepFailure(replicateStep.run(fx.inputs({ 'image-version-id': id, regions: 'eastus,northeurope', retries: 1 }), ctx));
    const err = failure.cause as ImagePublishError;
    expect(err.code).toBe('E_OPERATION_FAILED');
    expect(err.message).toBe(
      'gal_rep/ubuntu-24/2.1.0: replication failed in eastus after 1 resubmit (retries: 1). ' +
        'Azure said: eastus: Quota exceeded for storage in eastus. Completed: westeurope, northeurope. ' +
        "Fix the cause in those regions (quota, disk encryption set access, region capacity), then re-run to resubmit only them, or drop them from 'regions' with mode exact.",
    );
    expect(failure.outputs).toMatchObject({ 'aggregated-state': 'Failed', 'failed-regions': 'eastus', 'replicated-regions': 'westeurope,northeurope' });
    const rows = JSON.parse(String(failure.outputs.regions)) as { region: string; state: string; details?: string }[];
    expect(rows.find((r) => r.region === 'eastus')).toMatchObject({ state: 'Failed', details: 'Quota exceeded for storage in eastus.' });
    expect(writes(fx.log(from)).map((e) => e.method)).toEqual(['PATCH', 'PATCH']);
    expect(failure.summary?.sections.find((s) => s.kind === 'table' || s.kind === 'mermaid')).toBeDefined();
    expect(failure.summary?.sections.some((s) => s.kind === 'table' || (s.kind === 'mermaid' && s.fallback !== undefined))).toBe(true);
    fx.emulator.faults.clear();
  });

  it('times out with a clear message, then a second run resumes and finishes without a second update', async () => {
    const id = await fx.publish('2.2.0');
    const from = fx.log().length;
    const regions = JSON.stringify([{ name: 'uksouth', replicas: 3 }]);
    const first = await stepFailure(replicateStep.run(fx.inputs({ 'image-version-id': id, regions, 'timeout-minutes': 1 }), fx.ctx()));
    const err = first.cause as ImagePublishError;
    expect(err.code).toBe('E_TIMEOUT');
    expect(err.message).toContain('still replicating; re-run to keep waiting');
    expect(err.message).toMatch(/uksouth \d+%/);
    expect(first.outputs['aggregated-state']).toBe('InProgress');
    expect(first.outputs['replicated-regions']).toBe('westeurope');

    // A fresh context (new credential, new logger), as a second CI job would have.
    const ctx = fx.ctx();
    const second = await replicateStep.run(fx.inputs({ 'image-version-id': id, regions, 'timeout-minutes': 10 }), ctx);
    expect(second.outputs['aggregated-state']).toBe('Completed');
    expect(writes(fx.log(from)).map((e) => e.method)).toEqual(['PATCH']);
    expect(ctx.logger.messages('info').some((m) => m.includes('targetRegions already match') && m.includes('without a new update'))).toBe(true);
    // The second run ends at the first poll after the region's 3 replica-times.
    const patchAt = writes(fx.log(from))[0]!.emulatedTime;
    const lastGet = fx.log(from).filter((e) => e.method === 'GET' && e.path.endsWith('/versions/2.2.0')).at(-1)!;
    expect(lastGet.emulatedTime - patchAt).toBeGreaterThanOrEqual(3 * REPLICA_MS);
    expect(lastGet.emulatedTime - patchAt).toBeLessThan(3 * REPLICA_MS + POLL_MS);
  });

  it('never polls before a Retry-After has passed (throttled status polls)', async () => {
    const id = await fx.publish('2.3.0');
    const mark = fx.log().length;
    // Throttle the status polls only: the fault is armed at the step's first sleep, i.e. after the update.
    const base = emulatedClock(fx.emulator);
    let armed = false;
    const clock: Clock = {
      now: base.now,
      sleep(ms, signal) {
        if (!armed) {
          armed = true;
          fx.emulator.faults.script(3, { kind: 'status', status: 429, retryAfterSeconds: 40 }, { method: 'GET', path: '/versions/2\\.3\\.0$' });
        }
        return base.sleep(ms, signal);
      },
    };
    // No SDK retries, so every 429 reaches the step, which must wait its Retry-After on the (emulated) clock.
    const result = await replicateImage(fx.inputs({ 'image-version-id': id, regions: 'eastus' }), fx.ctx({ clock, retryOptions: { maxRetries: 0 } }));
    expect(result.aggregatedState).toBe('Completed');

    const entries = fx.log(mark).filter((e) => e.route === 'arm' && e.path.endsWith('/versions/2.3.0'));
    const throttled = entries.map((e, i) => ({ e, i })).filter(({ e }) => e.status === 429);
    expect(throttled).toHaveLength(3);
    for (const { e, i } of throttled) {
      expect(e.retryAfter).toBe('40');
      const next = entries[i + 1]!;
      expect(next.emulatedTime - e.emulatedTime).toBeGreaterThanOrEqual(40_000);
    }
    // Unthrottled polls keep the normal cadence.
    const ok = entries.filter((e) => e.method === 'GET' && e.status === 200);
    expect(ok.length).toBeGreaterThan(1);
  });

  it('a throttled first read fails clearly and writes nothing', async () => {
    const id = await fx.publish('2.4.0');
    const from = fx.log().length;
    const before = fx.emulator.state.snapshot();
    fx.emulator.faults.script(1, { kind: 'status', status: 429, retryAfterSeconds: 40 }, { method: 'GET', path: '/versions/2\\.4\\.0$' });
    const err = await replicateImage(fx.inputs({ 'image-version-id': id, regions: 'eastus' }), fx.ctx({ retryOptions: { maxRetries: 0 } })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as ImagePublishError).code).toBe('E_AZURE_THROTTLED');
    expect(writes(fx.log(from))).toEqual([]);
    expect(fx.emulator.state.snapshot()).toEqual(before);
    fx.emulator.faults.clear();
  });
});
