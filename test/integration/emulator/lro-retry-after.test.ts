/** With real time running, the SDK poller does not poll again before Retry-After expires (request log). */
import { describe, expect, it } from 'vitest';
import { computeClient, useEmulator } from '../../helpers/emulator.js';

const emu = useEmulator({ timing: { lroDurationMs: 1500, retryAfterSeconds: 1, replicationMsPerReplica: 0 } });

describe('LRO polling cadence', () => {
  it('waits Retry-After between status polls', async () => {
    const e = emu.current;
    const c = computeClient(e);
    const { ResourceManagementClient } = await import('@azure/arm-resources');
    const { emulatorCredential } = await import('../../helpers/emulator.js');
    await new ResourceManagementClient(emulatorCredential(e), e.subscriptionId, { endpoint: e.armEndpoint, credentialScopes: [`${e.armAudience}.default`] })
      .resourceGroups.createOrUpdate('rg-ra', { location: 'eastus' });
    e.requestLog.clear();
    const gallery = await c.galleries.createOrUpdate('rg-ra', 'g', { location: 'eastus' });
    expect(gallery.provisioningState).toBe('Succeeded');
    const polls = e.requestLog.entries().filter((x) => x.operationId === 'CapsOperations_Get');
    expect(polls.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < polls.length; i++) {
      const previous = polls[i - 1]!;
      // Every poll after an InProgress answer carrying Retry-After: 1 comes at least 1 s later.
      expect(previous.retryAfter).toBe('1');
      expect(polls[i]!.realTime - previous.realTime).toBeGreaterThanOrEqual(1000);
    }
  });
});
