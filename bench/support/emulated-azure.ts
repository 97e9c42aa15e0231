// Azure clients against an emulator on a manual clock, for benchmarks that jump emulated time by hours.
import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential } from '@azure/identity';
import { resolveCloud } from '../../src/core/azure/clouds.js';
import type { AzureContext } from '../../src/core/azure/azure-context.js';
import { createAzureContext } from '../../src/core/azure/create-azure-context.js';
import type { Clock } from '../../src/core/clock.js';
import type { EmulatorHandle } from '../../src/emulator/index.js';

/** Tokens expire on the emulated clock: the SDK judges expiry by the real one, so a near real expiry makes it ask again each time. */
function freshCredential(e: EmulatorHandle): TokenCredential {
  return {
    async getToken(scopes) {
      const t = await new ClientSecretCredential(e.tenantId, e.defaultPrincipal.clientId, e.defaultPrincipal.clientSecret, { authorityHost: e.authorityHost, disableInstanceDiscovery: true }).getToken(scopes);
      return t ? { token: t.token, expiresOnTimestamp: Date.now() + 1000 } : null;
    },
  };
}

/** The Azure context of the emulator's default principal, and its ARM endpoint. */
export function emulatedAzure(e: EmulatorHandle): { azure: AzureContext; armEndpoint: string } {
  const cloud = resolveCloud({ cloud: 'Custom', armEndpoint: e.armEndpoint, authorityHost: e.authorityHost, armAudience: e.armAudience });
  return { azure: createAzureContext({ credential: freshCredential(e), cloud, subscriptionId: e.subscriptionId }), armEndpoint: cloud.armEndpoint };
}

/** A clock whose sleeps move the emulator clock; concurrent sleepers share the time (each only up to its own wake-up). */
export function emulatedClock(e: EmulatorHandle): Clock {
  return {
    now: () => e.clock.now(),
    sleep: async (ms) => {
      const wake = e.clock.now() + ms;
      await Promise.resolve();
      if (wake > e.clock.now()) e.clock.advance(wake - e.clock.now());
    },
  };
}
