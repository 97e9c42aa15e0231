/** Long-running operations as ARM runs them, derived from the emulated clock; the SDK pollers run unmodified. */
import { beforeAll, describe, expect, it } from 'vitest';
import { armFetch, computeClient, useEmulator } from '../../helpers/emulator.js';

// Manual clock: nothing finishes until the test advances emulated time.
const emu = useEmulator({ clockSpeed: 0, timing: { lroDurationMs: 5000, retryAfterSeconds: 1, replicationMsPerReplica: 1000 } });
const gv = '?api-version=2025-12-03';
const rg = () => `/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-lro`;
const gal = (name: string) => `${rg()}/providers/Microsoft.Compute/galleries/${name}`;

beforeAll(async () => {
  expect((await armFetch(emu.current, 'PUT', `${rg()}?api-version=2025-04-01`, { location: 'westeurope' })).status).toBe(201);
});

function pathOf(url: string | null): string {
  expect(url).toBeTruthy();
  const u = new URL(url!);
  return `${u.pathname}${u.search}`;
}

describe('long-running operations', () => {
  it('PUT answers 201 Creating with Azure-AsyncOperation, Location and Retry-After, then settles on the clock', async () => {
    const e = emu.current;
    const put = await armFetch(e, 'PUT', `${gal('g1')}${gv}`, { location: 'westeurope' });
    expect(put.status).toBe(201);
    expect(put.body.properties.provisioningState).toBe('Creating');
    const asyncOp = put.headers.get('azure-asyncoperation');
    const location = put.headers.get('location');
    expect(asyncOp).toMatch(new RegExp(`/subscriptions/${e.subscriptionId}/providers/Microsoft.Compute/locations/westeurope/capsOperations/[0-9a-f-]+\\?p=[0-9a-f-]+&api-version=2025-12-03$`));
    expect(location).toMatch(/capsOperations\/[0-9a-f-]+\?p=[0-9a-f-]+&monitor=true&api-version=2025-12-03$/);
    expect(put.headers.get('retry-after')).toBe('1');

    const running = await armFetch(e, 'GET', pathOf(asyncOp));
    expect(running.status).toBe(200);
    expect(running.body).toMatchObject({ status: 'InProgress', name: expect.any(String), startTime: expect.any(String) });
    expect((await armFetch(e, 'GET', pathOf(location))).status).toBe(202);
    expect((await armFetch(e, 'GET', `${gal('g1')}${gv}`)).body.properties.provisioningState).toBe('Creating');

    e.clock.advance(4999);
    expect((await armFetch(e, 'GET', pathOf(asyncOp))).body.status).toBe('InProgress');
    e.clock.advance(1);
    const done = await armFetch(e, 'GET', pathOf(asyncOp));
    expect(done.body.status).toBe('Succeeded');
    expect(Date.parse(done.body.endTime) - Date.parse(done.body.startTime)).toBe(5000);
    const final = await armFetch(e, 'GET', pathOf(location));
    expect(final.status).toBe(200);
    expect(final.body.properties.provisioningState).toBe('Succeeded');
  });

  it('PUT on an existing resource answers 200 Updating', async () => {
    const e = emu.current;
    const put = await armFetch(e, 'PUT', `${gal('g1')}${gv}`, { location: 'westeurope', properties: { description: 'x' } });
    expect(put.status).toBe(200);
    expect(put.body.properties.provisioningState).toBe('Updating');
    e.clock.advance(5000);
  });

  // docs/emulator-deviations.md ("PATCH", "Resource group PUT").
  it('PATCH answers 200 Updating with Azure-AsyncOperation, polled as for PUT; a resource group PUT is synchronous', async () => {
    const e = emu.current;
    const patch = await armFetch(e, 'PATCH', `${gal('g1')}${gv}`, { tags: { ring: '1' } });
    expect(patch.status).toBe(200);
    expect(patch.body.properties.provisioningState).toBe('Updating');
    const asyncOp = patch.headers.get('azure-asyncoperation');
    expect((await armFetch(e, 'GET', pathOf(asyncOp))).body.status).toBe('InProgress');
    e.clock.advance(5000);
    expect((await armFetch(e, 'GET', pathOf(asyncOp))).body.status).toBe('Succeeded');

    const again = await armFetch(e, 'PUT', `${rg()}?api-version=2025-04-01`, { location: 'westeurope' });
    expect(again.status).toBe(200);
    expect(again.headers.get('azure-asyncoperation')).toBeNull();
    expect(again.body.properties.provisioningState).toBe('Succeeded');
  });

  it('DELETE answers 202, shows Deleting, and the resource is gone once the operation ends', async () => {
    const e = emu.current;
    const del = await armFetch(e, 'DELETE', `${gal('g1')}${gv}`);
    expect(del.status).toBe(202);
    expect(del.body).toBeUndefined();
    expect((await armFetch(e, 'GET', `${gal('g1')}${gv}`)).body.properties.provisioningState).toBe('Deleting');
    e.clock.advance(5000);
    expect((await armFetch(e, 'GET', pathOf(del.headers.get('location')))).status).toBe(200);
    expect((await armFetch(e, 'GET', `${gal('g1')}${gv}`)).status).toBe(404);
    // ARM's DELETE is idempotent.
    expect((await armFetch(e, 'DELETE', `${gal('g1')}${gv}`)).status).toBe(204);
  });

  it('the SDK poller runs unmodified: polls the status document, then GETs the resource', async () => {
    const e = emu.current;
    const c = computeClient(e);
    e.requestLog.clear();
    const poller = c.galleries.createOrUpdate('rg-lro', 'g2', { location: 'westeurope' }, { updateIntervalInMs: 10 });
    await poller.submitted();
    await poller.poll();
    expect(poller.isDone).toBe(false);
    e.clock.advance(5000);
    const gallery = await poller.pollUntilDone();
    expect(gallery.provisioningState).toBe('Succeeded');
    const calls = e.requestLog.entries().filter((x) => x.route === 'arm').map((x) => `${x.method} ${x.operationId} ${x.status}`);
    expect(calls).toEqual([
      'PUT Galleries_CreateOrUpdate 201',
      'GET CapsOperations_Get 200',
      'GET CapsOperations_Get 200',
      'GET Galleries_Get 200',
    ]);
  });

  it('an LRO that ends Failed surfaces its error through the poller and leaves provisioningState Failed', async () => {
    const e = emu.current;
    const c = computeClient(e);
    e.faults.failOperations({ match: { path: 'galleries/g3$' }, code: 'InternalOperationError', message: 'Storage allocation failed (injected).' });
    const poller = c.galleries.createOrUpdate('rg-lro', 'g3', { location: 'westeurope' }, { updateIntervalInMs: 10 });
    await poller.submitted();
    e.clock.advance(5000);
    await expect(poller.pollUntilDone()).rejects.toThrow(/InternalOperationError.*Storage allocation failed/);
    expect((await armFetch(e, 'GET', `${gal('g3')}${gv}`)).body.properties.provisioningState).toBe('Failed');
  });
});
