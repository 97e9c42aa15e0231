import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishImage } from '../../../src/core/gallery/publish-image.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { startTestEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { config, LOCATION, RG } from './publish-fixture.js';
import { resolvePublishInputs } from '../../../src/core/gallery/publish-inputs.js';

// ARM's request limits with tiny buckets, so a single publish runs them dry: the emulator answers 429 with
// Retry-After (as ARM documents) and the product must wait that long and carry on. The emulator clock is manual
// and moves only when a 429 goes out (far enough to refill the buckets), so when the buckets are empty does not
// depend on how fast this machine is.
let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startTestEmulator({
    timing: { lroDurationMs: 0, retryAfterSeconds: 0, replicationMsPerReplica: 0 },
    clockSpeed: 0,
    log: (line) => {
      if (/ -> 429 /.test(line)) emulator.clock.advance(10_000);
    },
    throttling: {
      reads: { bucketSize: 3, refillPerSecond: 1 },
      writes: { bucketSize: 2, refillPerSecond: 1 },
      deletes: { bucketSize: 2, refillPerSecond: 1 },
      globalMultiplier: 15,
    },
  });
});
afterAll(async () => {
  await emulator.close();
});

describe('ARM request limits', () => {
  it('every ARM response says how many requests remain, per operation kind', async () => {
    const ctx = createTestStepContext(emulator);
    const seen: string[] = [];
    await ctx.azure.resources().resourceGroups.createOrUpdate(RG, { location: LOCATION }, {
      onResponse: (r) => seen.push(`writes=${r.headers.get('x-ms-ratelimit-remaining-subscription-writes') ?? 'none'}`),
    });
    await ctx.azure.resources().resourceGroups.get(RG, {
      onResponse: (r) => seen.push(`reads=${r.headers.get('x-ms-ratelimit-remaining-subscription-reads') ?? 'none'}`),
    });
    expect(seen).toHaveLength(2);
    for (const s of seen) expect(s).toMatch(/^(reads|writes)=\d+$/);
  });

  it('a publish that runs the buckets dry survives the 429s and waits the Retry-After each one asks for', async () => {
    const ctx = createTestStepContext(emulator, { retryOptions: { maxRetries: 8, retryDelayInMs: 50, maxRetryDelayInMs: 500 } });
    const image = await ctx.azure.compute().images.createOrUpdate(RG, 'img-limits', {
      location: LOCATION,
      hyperVGeneration: 'V2',
      storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://bakes.blob.core.windows.net/vhds/img-limits.vhd' } },
    });
    // Another pipeline of the same principal empties the buckets; this one starts without having seen the headers.
    const other = createTestStepContext(emulator, { retryOptions: { maxRetries: 0 } });
    const drained = (e: unknown) => (e as { statusCode?: number }).statusCode === 429;
    for (let i = 0; i < 10; i++) if (await other.azure.resources().resourceGroups.get(RG).then(() => false, drained)) break;
    for (let i = 0; i < 10; i++) if (await other.azure.resources().resourceGroups.createOrUpdate(RG, { location: LOCATION }).then(() => false, drained)) break;
    emulator.requestLog.clear();
    const inputs = resolvePublishInputs({ source: image.id ?? '', version: '1.0.0' }, config);
    const result = await publishImage(inputs, ctx, { updateIntervalInMs: 50, pollIntervalMs: 50 });
    expect(result).toMatchObject({ version: '1.0.0', created: true });

    const arm = emulator.requestLog.entries().filter((e) => e.route === 'arm');
    const throttled = arm.filter((e) => e.throttled);
    expect(throttled.length).toBeGreaterThan(0);
    for (const t of throttled) {
      expect(t.status).toBe(429);
      const waitMs = Number(t.retryAfter) * 1000;
      expect(waitMs).toBeGreaterThanOrEqual(1000);
      // The retry of the same request came no sooner than Retry-After said (a lower bound, 50 ms of leeway for timer
      // rounding); a client that ignored Retry-After would be back within its 50 ms retry delay.
      const retry = arm.find((e) => e.realTime > t.realTime && e.method === t.method && e.path === t.path);
      expect(retry, `${t.method} ${t.path} was never retried`).toBeDefined();
      expect((retry?.realTime ?? 0) - t.realTime).toBeGreaterThanOrEqual(waitMs - 50);
    }
  });
});
