/** File persistence across emulators, the admin API, and the request log's redaction. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminFetch, computeClient, startTestEmulator } from '../../helpers/emulator.js';

const dir = mkdtempSync(join(tmpdir(), 'emu-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('persistence', () => {
  it('a second emulator on the same state file sees the first one\'s resources and credentials', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startTestEmulator({ stateFile });
    try {
      const { ResourceManagementClient } = await import('@azure/arm-resources');
      const { emulatorCredential } = await import('../../helpers/emulator.js');
      await new ResourceManagementClient(emulatorCredential(first), first.subscriptionId, { endpoint: first.armEndpoint, credentialScopes: [`${first.armAudience}.default`] })
        .resourceGroups.createOrUpdate('rg-p', { location: 'eastus' });
      await computeClient(first).galleries.createOrUpdate('rg-p', 'persisted', { location: 'eastus' });
    } finally {
      await first.close();
    }
    // The file is plain JSON written by rename, and holds no token.
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).resources).toBeTypeOf('object');

    const second = await startTestEmulator({ stateFile });
    try {
      expect(second.subscriptionId).toBe(first.subscriptionId);
      expect(second.defaultPrincipal.clientId).toBe(first.defaultPrincipal.clientId);
      const g = await computeClient(second).galleries.get('rg-p', 'persisted');
      expect(g.provisioningState).toBe('Succeeded');
    } finally {
      await second.close();
    }
  });

  it('two live emulators sharing a file see each other\'s writes', async () => {
    const stateFile = join(dir, 'shared.json');
    const a = await startTestEmulator({ stateFile });
    const b = await startTestEmulator({ stateFile });
    try {
      a.state.seed([{ id: `/subscriptions/${a.subscriptionId}/resourceGroups/rg-s`, body: { location: 'eastus', properties: { provisioningState: 'Succeeded' } } }]);
      expect(b.state.resource(`/subscriptions/${a.subscriptionId}/resourcegroups/RG-S`)).toMatchObject({ name: 'rg-s', location: 'eastus' });
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('admin API and request log', () => {
  it('needs the admin key, and offers faults, clock, snapshot, reset and the request log', async () => {
    const e = await startTestEmulator({ clockSpeed: 0 });
    try {
      expect((await adminFetch({ url: e.url, adminKey: 'wrong' }, 'GET', '/_emulator/snapshot')).status).toBe(401);
      const before = await adminFetch(e, 'GET', '/_emulator/clock');
      expect(before.body.mode).toBe('manual');
      const after = await adminFetch(e, 'POST', '/_emulator/clock', { advanceMs: 1234 });
      expect(after.body.now - before.body.now).toBe(1234);

      expect((await adminFetch(e, 'POST', '/_emulator/faults/script', { count: 1, action: { kind: 'status', status: 503 }, match: { path: 'galleries' } })).status).toBe(204);
      expect((await adminFetch(e, 'GET', '/_emulator/faults')).body.scripts).toHaveLength(1);
      expect((await adminFetch(e, 'DELETE', '/_emulator/faults')).status).toBe(204);

      const sp = await adminFetch(e, 'POST', '/_emulator/principals', { displayName: 'ci' });
      expect(sp.status).toBe(201);
      const ra = await adminFetch(e, 'POST', '/_emulator/role-assignments', { principalId: sp.body.objectId, roleName: 'Reader', scope: `/subscriptions/${e.subscriptionId}` });
      expect(ra.status).toBe(201);
      expect((await adminFetch(e, 'GET', `/_emulator/role-assignments?principalId=${sp.body.objectId}`)).body).toHaveLength(1);

      const rgId = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-admin`;
      expect((await adminFetch(e, 'POST', '/_emulator/seed', { resources: [{ id: rgId, body: { location: 'eastus' } }] })).status).toBe(204);
      expect((await adminFetch(e, 'GET', `/_emulator/resource?id=${encodeURIComponent(rgId)}`)).body.location).toBe('eastus');
      expect(Object.keys((await adminFetch(e, 'GET', '/_emulator/snapshot')).body)).toHaveLength(1);
      expect((await adminFetch(e, 'POST', '/_emulator/reset')).status).toBe(204);
      expect((await adminFetch(e, 'GET', '/_emulator/snapshot')).body).toEqual({});
      expect((await adminFetch(e, 'GET', '/_emulator/requests')).body.length).toBeGreaterThan(5);
    } finally {
      await e.close();
    }
  });

  it('logs one line per request with its request id and never the token or client secret', async () => {
    const lines: string[] = [];
    const e = await startTestEmulator({ log: (l) => lines.push(l) });
    try {
      await computeClient(e).galleries.get('rg-none', 'g').catch(() => undefined);
      const token = await (await import('../../helpers/emulator.js')).emulatorCredential(e).getToken(`${e.armAudience}.default`);
      const armLine = lines.find((l) => l.includes('/providers/Microsoft.Compute/galleries/g'));
      expect(armLine).toMatch(/^\[[0-9a-f-]{36}\] GET \/subscriptions\/.+ -> 404/);
      const all = lines.join('\n') + JSON.stringify(e.requestLog.entries());
      expect(all).not.toContain(token.token);
      expect(all).not.toContain(e.defaultPrincipal.clientSecret);
      expect(all.toLowerCase()).not.toContain('bearer');
      expect(e.requestLog.entries().some((x) => x.route === 'identity')).toBe(true);
    } finally {
      await e.close();
    }
  });
});
