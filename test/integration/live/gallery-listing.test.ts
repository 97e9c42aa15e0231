/**
 * Live switch: the same read-only path as the emulator tests, against real Azure.
 *
 * Enable it by setting, for a service principal with at least Reader on the subscription:
 *   AZURE_LIVE_SUBSCRIPTION_ID  subscription to list galleries in
 *   AZURE_CLIENT_ID             application (client) id
 *   AZURE_TENANT_ID             directory (tenant) id
 *   AZURE_CLIENT_SECRET         client secret (or leave unset to use DefaultAzureCredential, e.g. after `az login`)
 *   AZURE_LIVE_CLOUD            optional: AzureCloud (default), AzureChinaCloud or AzureUSGovernment
 * then run: bash scripts/node24 node_modules/vitest/vitest.mjs run test/integration/live
 * Nothing is created or changed: it only lists galleries and locations.
 */
import { describe, expect, it } from 'vitest';
import { toImagePublishError } from '../../../src/core/azure/azure-errors.js';
import { resolveCloud } from '../../../src/core/azure/clouds.js';
import { createAzureContext } from '../../../src/core/azure/create-azure-context.js';
import { createCredential, type CredentialSpec } from '../../../src/core/azure/credentials.js';

const env = process.env;
const subscriptionId = env.AZURE_LIVE_SUBSCRIPTION_ID;
const clientId = env.AZURE_CLIENT_ID;
const tenantId = env.AZURE_TENANT_ID;
const clientSecret = env.AZURE_CLIENT_SECRET;
const enabled = Boolean(subscriptionId && clientId && tenantId);

if (!enabled) {
  console.log(
    'live Azure tests skipped: set AZURE_LIVE_SUBSCRIPTION_ID, AZURE_CLIENT_ID and AZURE_TENANT_ID ' +
      '(+ AZURE_CLIENT_SECRET, or sign in with az login) to run a read-only gallery listing against real Azure.',
  );
}

describe.skipIf(!enabled)('live Azure (read-only)', () => {
  it('lists galleries and locations of the subscription', async () => {
    const cloud = resolveCloud({ cloud: env.AZURE_LIVE_CLOUD ?? 'AzureCloud' });
    const spec: CredentialSpec = clientSecret
      ? { kind: 'client-secret', clientId: clientId!, tenantId: tenantId!, clientSecret }
      : { kind: 'default', tenantId: tenantId!, clientId: clientId! };
    const azure = createAzureContext({ credential: createCredential(spec, cloud), cloud, subscriptionId: subscriptionId!, userAgentPrefix: 'live-test' });
    try {
      const galleries: string[] = [];
      for await (const g of azure.compute().galleries.list()) galleries.push(g.id ?? '');
      for (const id of galleries) expect(id.toLowerCase()).toContain(`/subscriptions/${subscriptionId!.toLowerCase()}/`);
      const locations: string[] = [];
      for await (const l of azure.subscriptions().subscriptions.listLocations(subscriptionId!)) locations.push(l.name ?? '');
      expect(locations.length).toBeGreaterThan(0);
      console.log(`live: ${galleries.length} galleries, ${locations.length} locations in ${cloud.name}`);
    } catch (err) {
      if (err instanceof Error && err.name === 'AssertionError') throw err;
      throw toImagePublishError(err, 'listing galleries in the live subscription');
    }
  });
});
