/** Injected faults: the SDK's retry policies survive 429/503 bursts, honour Retry-After, and fail on an outage. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ResourceManagementClient } from '@azure/arm-resources';
import { computeClient, emulatorCredential, useEmulator } from '../../helpers/emulator.js';

const emu = useEmulator();
const galleriesPath = 'Microsoft\\.Compute/galleries$';

beforeAll(async () => {
  const e = emu.current;
  await new ResourceManagementClient(emulatorCredential(e), e.subscriptionId, { endpoint: e.armEndpoint, credentialScopes: [`${e.armAudience}.default`] })
    .resourceGroups.createOrUpdate('rg-faults', { location: 'eastus' });
});

async function listGalleries(maxRetries?: number) {
  const c = computeClient(emu.current, { retryDelayMs: 10, ...(maxRetries !== undefined ? { maxRetries } : {}) });
  const out = [];
  for await (const g of c.galleries.listByResourceGroup('rg-faults')) out.push(g);
  return out;
}

describe('fault injection', () => {
  it('a 429 burst with Retry-After is retried by the SDK, no sooner than Retry-After', async () => {
    const e = emu.current;
    e.requestLog.clear();
    e.faults.script(2, { kind: 'status', status: 429, retryAfterSeconds: 1 }, { method: 'GET', path: galleriesPath });
    expect(await listGalleries()).toEqual([]);
    const calls = e.requestLog.entries().filter((x) => x.operationId === 'Galleries_ListByResourceGroup');
    expect(calls.map((x) => x.status)).toEqual([429, 429, 200]);
    expect(calls[0]!.fault).toBe('status:429');
    expect(calls[0]!.retryAfter).toBe('1');
    expect(calls[1]!.realTime - calls[0]!.realTime).toBeGreaterThanOrEqual(1000);
    expect(calls[2]!.realTime - calls[1]!.realTime).toBeGreaterThanOrEqual(1000);
  });

  it('a 503 burst is retried with backoff', async () => {
    const e = emu.current;
    e.requestLog.clear();
    e.faults.script(2, { kind: 'status', status: 503 }, { method: 'GET', path: galleriesPath });
    expect(await listGalleries()).toEqual([]);
    const statuses = e.requestLog.entries().filter((x) => x.operationId === 'Galleries_ListByResourceGroup').map((x) => x.status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('a dropped connection is retried', async () => {
    const e = emu.current;
    e.requestLog.clear();
    e.faults.script(1, { kind: 'reset' }, { method: 'GET', path: galleriesPath });
    expect(await listGalleries()).toEqual([]);
    const entries = e.requestLog.entries().filter((x) => x.operationId === 'Galleries_ListByResourceGroup');
    expect(entries.map((x) => x.fault ?? 'ok')).toEqual(['reset', 'ok']);
  });

  it('a persistent outage fails with the service error after the retries run out', async () => {
    const e = emu.current;
    e.faults.setRate(1, { kind: 'status', status: 503 }, { path: galleriesPath });
    try {
      await expect(listGalleries(2)).rejects.toMatchObject({ statusCode: 503, code: 'ServiceUnavailable' });
    } finally {
      e.faults.clear();
    }
    const failed = e.requestLog.entries().filter((x) => x.fault === 'status:503');
    expect(failed.length).toBeGreaterThanOrEqual(3);
  });

  it('rate faults hit about the configured share of requests and never identity or admin routes', async () => {
    const e = emu.current;
    e.requestLog.clear();
    e.faults.setRate(0.5, { kind: 'status', status: 500 });
    try {
      const token = await emulatorCredential(e).getToken(`${e.armAudience}.default`);
      let faulted = 0;
      for (let i = 0; i < 40; i++) {
        const r = await fetch(`${e.url}/subscriptions/${e.subscriptionId}/resourceGroups/rg-faults?api-version=2025-04-01`, { headers: { authorization: `Bearer ${token.token}` } });
        if (r.status === 500) faulted++;
        else expect(r.status).toBe(200);
      }
      expect(faulted).toBeGreaterThan(5);
      expect(faulted).toBeLessThan(35);
      const admin = await fetch(`${e.url}/_emulator/clock`, { headers: { 'x-emulator-admin-key': e.adminKey } });
      expect(admin.status).toBe(200);
    } finally {
      e.faults.clear();
    }
    expect(e.requestLog.entries().filter((x) => x.route !== 'arm').every((x) => x.fault === undefined)).toBe(true);
  });

  it('added latency delays the answer but succeeds', async () => {
    const e = emu.current;
    e.requestLog.clear();
    e.faults.script(1, { kind: 'latency', ms: 50 }, { path: galleriesPath });
    expect(await listGalleries()).toEqual([]);
    const entry = e.requestLog.entries().find((x) => x.operationId === 'Galleries_ListByResourceGroup');
    expect(entry?.fault).toBe('latency:50');
    expect(entry?.status).toBe(200);
  });
});
