import { describe, expect, it } from 'vitest';
import { ImagePublishError } from '../../../src/core/errors.js';
import { publishImage } from '../../../src/core/gallery/publish-image.js';
import { RG, usePublishEmulator, writesSince } from './publish-fixture.js';

// Slow LROs so a wait can time out and a re-run can find the version still Creating.
const fx = usePublishEmulator({ lroDurationMs: 2500, retryAfterSeconds: 1 });

async function failure(promise: Promise<unknown>): Promise<ImagePublishError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImagePublishError);
  return err as ImagePublishError;
}

describe('publish under throttling, outages, bad credentials and timeouts', () => {
  it('survives a throttling storm (429 with Retry-After) and publishes', async () => {
    const source = await fx.managedImage('img-storm');
    fx.emulator.faults.script(3, { kind: 'status', status: 429, code: 'TooManyRequests', retryAfterSeconds: 0 });
    const ctx = fx.ctx();
    const result = await publishImage(fx.inputs({ source, version: '1.0.0' }), ctx, fx.tuning);
    expect(result).toMatchObject({ version: '1.0.0', created: true });
    const throttled = fx.emulator.requestLog.entries().filter((e) => e.status === 429);
    expect(throttled.length).toBe(3);
  });

  it('fails clearly on persistent throttling, changing nothing', async () => {
    const source = await fx.managedImage('img-throttled');
    const before = fx.emulator.state.snapshot();
    fx.emulator.faults.setRate(1, { kind: 'status', status: 429, code: 'TooManyRequests', retryAfterSeconds: 0 });
    try {
      const err = await failure(publishImage(fx.inputs({ source, version: '1.1.0' }), fx.ctx(), fx.tuning));
      expect(err.code).toBe('E_AZURE_THROTTLED');
      expect(err.message).toMatch(/kept throttling the request \(429.*Re-run later/);
    } finally {
      fx.emulator.faults.clear();
    }
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });

  it('fails clearly on a 503 outage, changing nothing', async () => {
    const source = await fx.managedImage('img-outage');
    const before = fx.emulator.state.snapshot();
    fx.emulator.faults.setRate(1, { kind: 'status', status: 503, code: 'ServiceUnavailable', retryAfterSeconds: 0 });
    try {
      const err = await failure(publishImage(fx.inputs({ source, version: '1.2.0' }), fx.ctx(), fx.tuning));
      expect(err.code).toBe('E_AZURE_UNAVAILABLE');
      expect(err.message).toMatch(/503/);
    } finally {
      fx.emulator.faults.clear();
    }
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });

  it('an unreachable ARM endpoint is E_AZURE_UNAVAILABLE naming the endpoint', async () => {
    const source = await fx.managedImage('img-unreachable');
    const before = fx.emulator.state.snapshot();
    const err = await failure(publishImage(fx.inputs({ source, version: '1.3.0' }), fx.ctx({ armEndpoint: 'https://localhost:1/' }), fx.tuning));
    expect(err.code).toBe('E_AZURE_UNAVAILABLE');
    expect(err.message).toMatch(/cannot reach .*localhost:1/);
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });

  it('an invalid client secret is E_AUTH_FAILED and the secret is never echoed', async () => {
    const source = await fx.managedImage('img-badsecret');
    const before = fx.emulator.state.snapshot();
    const wrong = 'wrong-secret-value-1234567890';
    const ctx = fx.ctx({ principal: { clientId: fx.emulator.defaultPrincipal.clientId, clientSecret: wrong } });
    const err = await failure(publishImage(fx.inputs({ source, version: '1.4.0' }), ctx, fx.tuning));
    expect(err.code).toBe('E_AUTH_FAILED');
    expect(err.message).not.toContain(wrong);
    expect(ctx.logger.text()).not.toContain(wrong);
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });

  it('an expired token is E_AUTH_FAILED saying so, changing nothing', async () => {
    const source = await fx.managedImage('img-expired');
    const ctx = fx.ctx();
    await ctx.azure.compute().galleries.get(RG, 'gal_images').catch(() => undefined); // caches a token
    const before = fx.emulator.state.snapshot();
    // ARM's clock moves past the cached token's expiry while the client still believes it valid.
    fx.emulator.clock.advance(3 * 60 * 60 * 1000);
    const err = await failure(publishImage(fx.inputs({ source, version: '1.4.1' }), ctx, fx.tuning));
    expect(err.code).toBe('E_AUTH_FAILED');
    expect(err.message).toMatch(/401.*expir/i);
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });

  it('a principal without a gallery role gets the needs-role message and nothing is created', async () => {
    const source = await fx.managedImage('img-reader');
    const reader = fx.emulator.identity.registerServicePrincipal({ displayName: 'reader-only' });
    fx.emulator.authz.assign(reader.objectId, 'Reader', `/subscriptions/${fx.emulator.subscriptionId}/resourceGroups/${RG}`);
    const before = fx.emulator.state.snapshot();
    const err = await failure(
      publishImage(
        fx.inputs({ source, version: '1.5.0', gallery: 'gal_reader' }),
        fx.ctx({ principal: { clientId: reader.clientId, clientSecret: reader.clientSecret ?? '' } }),
        fx.tuning,
      ),
    );
    expect(err.code).toBe('E_AUTHORIZATION_FAILED');
    expect(err.message).toMatch(/needs role '.+' \(action Microsoft\.Compute\/galleries\/write\)/);
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });

  it('times out with "still in progress", and a re-run waits for the same version (created=false)', async () => {
    const source = await fx.managedImage('img-slow');
    // Create the gallery and definition first so only the version's LRO is slow.
    await publishImage(fx.inputs({ source, version: '0.9.0' }), fx.ctx(), fx.tuning);

    const first = fx.ctx();
    const err = await failure(publishImage(fx.inputs({ source, version: '2.0.0' }, { timeoutMs: 800 }), first, fx.tuning));
    expect(err.code).toBe('E_TIMEOUT');
    expect(err.message).toMatch(/publishing 2\.0\.0: still in progress .*re-run the step to keep waiting/);
    expect(first.logger.openGroups).toEqual([]);

    const mark = fx.emulator.requestLog.entries().length;
    const rerun = fx.ctx();
    const result = await publishImage(fx.inputs({ source, version: '2.0.0' }), rerun, fx.tuning);
    expect(result).toMatchObject({ version: '2.0.0', created: false, provisioningState: 'Succeeded' });
    expect(rerun.logger.text()).toMatch(/already being created from this source .*waiting for it/);
    expect(writesSince(fx.emulator, mark)).toEqual([]);
  });

  it('stops waiting when the step is cancelled', async () => {
    const source = await fx.managedImage('img-cancel');
    const controller = new AbortController();
    const ctx = fx.ctx({ signal: controller.signal });
    const running = publishImage(fx.inputs({ source, version: '2.1.0' }), ctx, fx.tuning);
    setTimeout(() => controller.abort(new Error('job cancelled')), 300);
    await expect(running).rejects.toThrow();
    expect(ctx.logger.openGroups).toEqual([]);
  });
});
