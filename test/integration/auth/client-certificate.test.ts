import '../../../src/emulator/reflect-shim.js';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { beforeEach, describe, expect, it } from 'vitest';
import { toImagePublishError } from '../../../src/core/azure/azure-errors.js';
import { createAzureContext } from '../../../src/core/azure/create-azure-context.js';
import { createCredential } from '../../../src/core/azure/credentials.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { emulatorCloud, fastRetries } from './auth-harness.js';

const ref = useEmulator();
let emulator: EmulatorHandle;
beforeEach(() => {
  emulator = ref.current;
});

/** An RSA certificate and key as one PEM, the way an app registration's certificate credential is kept. */
async function rsaCertificate(name: string): Promise<{ certPem: string; bundlePem: string }> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    { serialNumber: '01', name: `CN=${name}`, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), keys, signingAlgorithm: alg },
    webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  const certPem = cert.toString('pem');
  return { certPem, bundlePem: `${certPem}\n${keyPem}` };
}

describe('client-certificate credential', () => {
  it('signs in with a certificate registered on the app and lists galleries', async () => {
    const { certPem, bundlePem } = await rsaCertificate('image-publish pipeline');
    const app = emulator.identity.registerServicePrincipal({ displayName: 'cert pipeline', certificatePem: certPem });
    emulator.authz.assign(app.objectId, 'Reader', `/subscriptions/${emulator.subscriptionId}`);
    const cloud = emulatorCloud(emulator);
    const credential = createCredential({ kind: 'client-certificate', clientId: app.clientId, tenantId: emulator.tenantId, certificatePem: bundlePem }, cloud);
    const azure = createAzureContext({ credential, cloud, subscriptionId: emulator.subscriptionId, retryOptions: fastRetries });
    const names: string[] = [];
    for await (const g of azure.compute().galleries.list()) names.push(g.name ?? '');
    expect(Array.isArray(names)).toBe(true);
  });

  it('explains a certificate that is not the registered one, without printing the key', async () => {
    const registered = await rsaCertificate('registered');
    const other = await rsaCertificate('other');
    const app = emulator.identity.registerServicePrincipal({ displayName: 'cert pipeline 2', certificatePem: registered.certPem });
    const cloud = emulatorCloud(emulator);
    const credential = createCredential({ kind: 'client-certificate', clientId: app.clientId, tenantId: emulator.tenantId, certificatePem: other.bundlePem }, cloud);
    let caught: unknown;
    try {
      await createAzureContext({ credential, cloud, subscriptionId: emulator.subscriptionId, retryOptions: fastRetries }).compute().galleries.get('rg', 'g');
    } catch (err) {
      caught = err;
    }
    const err = toImagePublishError(caught, 'reading gallery g');
    expect(err.code).toBe('E_AUTH_FAILED');
    expect(err.message).toContain("AADSTS700027: the client assertion's signature is invalid: the certificate used to sign is not the one uploaded to the app registration");
    expect(err.message).not.toContain('PRIVATE KEY');
  });
});
