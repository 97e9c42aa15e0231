import { beforeEach, describe, expect, it } from 'vitest';
import { toImagePublishError } from '../../../src/core/azure/azure-errors.js';
import { createAzureContext } from '../../../src/core/azure/create-azure-context.js';
import { createCredential } from '../../../src/core/azure/credentials.js';
import type { ImagePublishError } from '../../../src/core/errors.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { captureSdkLogs, emulatorCloud, fastRetries } from './auth-harness.js';

const ref = useEmulator();
let emulator: EmulatorHandle;
beforeEach(() => {
  emulator = ref.current;
});

function context(clientSecret = emulator.defaultPrincipal.clientSecret, armEndpoint?: string) {
  const cloud = emulatorCloud(emulator, armEndpoint);
  const credential = createCredential(
    { kind: 'client-secret', clientId: emulator.defaultPrincipal.clientId, tenantId: emulator.tenantId, clientSecret },
    cloud,
  );
  return createAzureContext({ credential, cloud, subscriptionId: emulator.subscriptionId, retryOptions: fastRetries });
}

async function listGalleries(ctx: ReturnType<typeof context>): Promise<string[]> {
  const names: string[] = [];
  for await (const g of ctx.compute().galleries.list()) names.push(g.name ?? '');
  return names;
}

async function failure(promise: Promise<unknown>, doing: string): Promise<ImagePublishError> {
  try {
    await promise;
  } catch (err) {
    return toImagePublishError(err, doing);
  }
  throw new Error('expected the call to fail');
}

describe('client-secret credential against the emulator over HTTPS', () => {
  it('lists galleries through createAzureContext, with one lazily built client and our user agent', async () => {
    const ctx = context();
    await ctx.resources().resourceGroups.createOrUpdate('rg-auth', { location: 'westeurope' });
    await ctx.compute().galleries.createOrUpdate('rg-auth', 'gal_auth', { location: 'westeurope' });
    expect(await listGalleries(ctx)).toContain('gal_auth');
    expect(ctx.compute()).toBe(ctx.compute());
    // The SDK pipeline sends our user agent (observed through the client's own pipeline, after its policies ran).
    const agents: string[] = [];
    ctx.compute().pipeline.addPolicy(
      { name: 'observeUserAgent', sendRequest: (req, next) => (agents.push(req.headers.get('user-agent') ?? ''), next(req)) },
      { afterPhase: 'Sign' },
    );
    await listGalleries(ctx);
    expect(agents[0]).toMatch(/^image-publish\/\d+\.\d+\.\d+ azsdk-js-arm-compute\//);
    expect(ctx.resources()).toBe(ctx.resources());
  });

  it('lists subscription locations through subscriptions()', async () => {
    const ctx = context();
    const names: string[] = [];
    for await (const l of ctx.subscriptions().subscriptions.listLocations(emulator.subscriptionId)) names.push(l.name ?? '');
    expect(names).toContain('westeurope');
  });

  it('turns a wrong secret into E_AUTH_FAILED with the AADSTS code explained, and never prints the secret', async () => {
    const wrong = 'Wrong~Secret~Value~1234567890';
    const logs = captureSdkLogs();
    let err: ImagePublishError;
    try {
      err = await failure(listGalleries(context(wrong)), 'listing galleries');
    } finally {
      logs.stop();
    }
    expect(err.code).toBe('E_AUTH_FAILED');
    expect(err.message).toContain('AADSTS7000215');
    expect(err.message).toContain('use the secret VALUE (not its ID)');
    for (const text of [err.message, ...logs.lines]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(emulator.defaultPrincipal.clientSecret);
    }
  });

  it('names an unreachable ARM endpoint and tells how to fix it', async () => {
    const err = await failure(listGalleries(context(undefined, 'https://localhost:1/')), 'listing galleries');
    expect(err.code).toBe('E_AZURE_UNAVAILABLE');
    expect(err.message).toContain('listing galleries: cannot reach https://localhost:1: ECONNREFUSED');
    expect(err.message).toContain('arm-endpoint');
  });

  it('survives a burst of 429 and 503 answers through the SDK retry policies', async () => {
    const ctx = context();
    emulator.requestLog.clear();
    emulator.faults.script(2, { kind: 'status', status: 429, code: 'TooManyRequests', retryAfterSeconds: 1 }, { path: '/galleries$' });
    emulator.faults.script(2, { kind: 'status', status: 503, code: 'ServiceUnavailable' }, { path: '/galleries$' });
    expect(await listGalleries(ctx)).toContain('gal_auth');
    const statuses = emulator.requestLog.entries().filter((e) => e.path.endsWith('/galleries')).map((e) => e.status);
    expect(statuses).toEqual([429, 429, 503, 503, 200]);
  });

  it('fails clearly on a persistent outage and on persistent throttling, carrying the request id', async () => {
    const ctx = context();
    emulator.faults.setRate(1, { kind: 'status', status: 503, code: 'ServiceUnavailable', message: 'down for maintenance' }, { path: '/galleries$' });
    try {
      const down = await failure(listGalleries(ctx), 'listing galleries');
      expect(down.code).toBe('E_AZURE_UNAVAILABLE');
      expect(down.message).toMatch(/listing galleries: Azure failed with 503 ServiceUnavailable after every retry/);
      expect(down.requestId).toBeTruthy();
      expect(down.message).toContain(`x-ms-request-id: ${down.requestId}`);
    } finally {
      emulator.faults.clear();
    }
    emulator.faults.setRate(1, { kind: 'status', status: 429, code: 'TooManyRequests', retryAfterSeconds: 0 }, { path: '/galleries$' });
    try {
      const throttled = await failure(listGalleries(ctx), 'listing galleries');
      expect(throttled.code).toBe('E_AZURE_THROTTLED');
    } finally {
      emulator.faults.clear();
    }
  });

  it('maps a missing gallery to E_NOT_FOUND naming it', async () => {
    const err = await failure(context().compute().galleries.get('rg-auth', 'no_such_gallery'), 'reading gallery no_such_gallery');
    expect(err.code).toBe('E_NOT_FOUND');
    expect(err.message).toContain('/resourceGroups/rg-auth/providers/Microsoft.Compute/galleries/no_such_gallery');
  });
});
