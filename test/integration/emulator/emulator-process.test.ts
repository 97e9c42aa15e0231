/** The emulator as a separate process (`npm run emulator -- --json`): the SDK and the admin API reach it. */
import { describe, expect, it } from 'vitest';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ClientSecretCredential } from '@azure/identity';
import { adminFetch, spawnEmulatorProcess } from '../../helpers/emulator.js';

describe('emulator child process', () => {
  it('prints its connection details, serves ARM and the admin API, and stops on SIGTERM', async () => {
    const { info, stop } = await spawnEmulatorProcess();
    try {
      const credential = new ClientSecretCredential(info.tenantId, info.defaultPrincipal.clientId, info.defaultPrincipal.clientSecret, {
        authorityHost: info.authorityHost,
        disableInstanceDiscovery: true,
      });
      const client = new ComputeManagementClient(credential, info.subscriptionId, { endpoint: info.armEndpoint, credentials: { scopes: [`${info.armAudience}.default`] } });
      const galleries = [];
      for await (const g of client.galleries.list()) galleries.push(g);
      expect(galleries).toEqual([]);
      const requests = await adminFetch(info, 'GET', '/_emulator/requests');
      expect(requests.body.some((r: { operationId?: string; status: number }) => r.operationId === 'Galleries_List' && r.status === 200)).toBe(true);
    } finally {
      await stop();
    }
  });
});
