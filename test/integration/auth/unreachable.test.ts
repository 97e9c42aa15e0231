import { beforeEach, describe, expect, it } from 'vitest';
import { toImagePublishError } from '../../../src/core/azure/azure-errors.js';
import { resolveCloud } from '../../../src/core/azure/clouds.js';
import { createAzureContext } from '../../../src/core/azure/create-azure-context.js';
import { createCredential } from '../../../src/core/azure/credentials.js';
import type { ImagePublishError } from '../../../src/core/errors.js';
import { startEmulator, type EmulatorHandle } from '../../../src/emulator/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { emulatorCloud, fastRetries } from './auth-harness.js';

const ref = useEmulator();
let emulator: EmulatorHandle;
beforeEach(() => {
  emulator = ref.current;
});

async function listFailure(target: EmulatorHandle, cloud = emulatorCloud(target)): Promise<ImagePublishError> {
  const { clientId, clientSecret } = target.defaultPrincipal;
  const credential = createCredential({ kind: 'client-secret', clientId, tenantId: target.tenantId, clientSecret }, cloud);
  const azure = createAzureContext({ credential, cloud, subscriptionId: target.subscriptionId, retryOptions: fastRetries });
  try {
    for await (const _ of azure.compute().galleries.list()) void _;
  } catch (err) {
    return toImagePublishError(err, 'listing galleries');
  }
  throw new Error('expected listing to fail');
}

describe('unreachable or untrusted endpoints', () => {
  it('reports connection resets that outlast the retries as E_AZURE_UNAVAILABLE', async () => {
    emulator.faults.setRate(1, { kind: 'reset' }, { path: '/galleries$' });
    try {
      const err = await listFailure(emulator);
      expect(err.code).toBe('E_AZURE_UNAVAILABLE');
      expect(err.message).toContain(`listing galleries: cannot reach ${emulator.url}`);
    } finally {
      emulator.faults.clear();
    }
  });

  it('names NODE_EXTRA_CA_CERTS when the endpoint certificate is not trusted', async () => {
    // An emulator with its own CA, which this process does not trust (unlike the run's test CA).
    const untrusted = await startEmulator({ timing: { lroDurationMs: 0, retryAfterSeconds: 0 } });
    try {
      const err = await listFailure(untrusted);
      expect(err.code).toBe('E_AZURE_UNAVAILABLE');
      expect(err.message).toContain(`cannot reach the Entra authority ${untrusted.authorityHost}`);
      expect(err.message).toContain('NODE_EXTRA_CA_CERTS');
      expect(err.message).not.toContain(untrusted.defaultPrincipal.clientSecret);
    } finally {
      await untrusted.close();
    }
  });

  it('names an authority host that does not resolve', async () => {
    const cloud = resolveCloud({ cloud: 'Custom', armEndpoint: emulator.armEndpoint, authorityHost: 'https://login.invalid/', armAudience: emulator.armAudience });
    const err = await listFailure(emulator, cloud);
    expect(err.code).toBe('E_AZURE_UNAVAILABLE');
    expect(err.message).toContain('cannot reach the Entra authority https://login.invalid/');
    expect(err.message).toContain('authority-host');
  });
});
