import { beforeEach, describe, expect, it } from 'vitest';
import { toImagePublishError } from '../../../src/core/azure/azure-errors.js';
import { createAzureContext } from '../../../src/core/azure/create-azure-context.js';
import { createCredential } from '../../../src/core/azure/credentials.js';
import { ConfigurationError } from '../../../src/core/errors.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { emulatorCloud, fastRetries } from './auth-harness.js';

const ref = useEmulator();
let emulator: EmulatorHandle;
beforeEach(() => {
  emulator = ref.current;
});

function contextAs(principal: { clientId: string; clientSecret?: string }) {
  const cloud = emulatorCloud(emulator);
  const credential = createCredential(
    { kind: 'client-secret', clientId: principal.clientId, tenantId: emulator.tenantId, clientSecret: principal.clientSecret ?? '' },
    cloud,
  );
  return createAzureContext({ credential, cloud, subscriptionId: emulator.subscriptionId, retryOptions: fastRetries });
}

describe('AuthorizationFailed from ARM', () => {
  it('becomes "needs role X (action Y) on scope Z" and changes nothing', async () => {
    const admin = contextAs(emulator.defaultPrincipal);
    await admin.resources().resourceGroups.createOrUpdate('rg-authz', { location: 'westeurope' });
    const reader = emulator.identity.registerServicePrincipal({ displayName: 'reader-only pipeline' });
    const rgScope = `/subscriptions/${emulator.subscriptionId}/resourceGroups/rg-authz`;
    emulator.authz.assign(reader.objectId, 'Reader', rgScope);
    const ctx = contextAs(reader);

    // Reading is allowed...
    for await (const _ of ctx.compute().galleries.listByResourceGroup('rg-authz')) void _;
    // ...writing is not.
    let caught: unknown;
    try {
      await ctx.compute().galleries.createOrUpdate('rg-authz', 'gal_denied', { location: 'westeurope' });
    } catch (err) {
      caught = err;
    }
    const err = toImagePublishError(caught, 'creating gallery gal_denied');
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.code).toBe('E_AUTHORIZATION_FAILED');
    expect(err.message).toContain(
      `creating gallery gal_denied: the identity ${reader.clientId} needs role 'Compute Gallery Artifacts Publisher' ` +
        `(action Microsoft.Compute/galleries/write) on scope ${rgScope}/providers/Microsoft.Compute/galleries/gal_denied`,
    );
    // The grant goes on the resource group, which exists; the gallery it names is the one not created yet.
    expect(err.message).toContain(
      `az role assignment create --assignee ${reader.objectId} --role "Compute Gallery Artifacts Publisher" --scope ${rgScope} `,
    );
    expect(err.requestId).toBeTruthy();
    expect(err.message).not.toContain(reader.clientSecret ?? '<none>');

    // Nothing was created.
    const names: string[] = [];
    for await (const g of admin.compute().galleries.listByResourceGroup('rg-authz')) names.push(g.name ?? '');
    expect(names).not.toContain('gal_denied');
  });

  it('names a principal with no role at all', async () => {
    const nobody = emulator.identity.registerServicePrincipal({ displayName: 'no roles' });
    let caught: unknown;
    try {
      for await (const _ of contextAs(nobody).compute().galleries.list()) void _;
    } catch (err) {
      caught = err;
    }
    const err = toImagePublishError(caught, 'listing galleries');
    expect(err.code).toBe('E_AUTHORIZATION_FAILED');
    expect(err.message).toContain("needs role 'Reader' (action Microsoft.Compute/galleries/read)");
  });
});
