/**
 * A tiny HTTPS server that mounts only the identity service, for testing it with the real @azure/identity/MSAL before
 * (and independently of) the full emulator. TLS is trusted through a test CA, never by disabling verification.
 */
import '../../../src/emulator/reflect-shim.js';
import { webcrypto } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import * as x509 from '@peculiar/x509';
import { createIdentityService } from '../../../src/emulator/identity/index.js';
import type { IdentityService } from '../../../src/emulator/identity/identity-types.js';
import { createCertificateAuthority, issueServerCertificate } from '../../../src/emulator/tls.js';

export interface IdentityHarness {
  url: string;
  tenantId: string;
  identity: IdentityService;
  /** Paths (with query) requested so far, in order. */
  requests: { method: string; path: string; status: number }[];
  /** Moves the service's clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export const armAudience = 'https://management.azure.com/';
export const armScope = 'https://management.azure.com/.default';

/**
 * The run's test CA from test/setup/global-setup.ts (already trusted through NODE_EXTRA_CA_CERTS); without it, a fresh
 * CA trusted in this worker the way NODE_EXTRA_CA_CERTS would be in a fresh process.
 */
async function trustedTestCa(): Promise<{ certPem: string; keyPem: string }> {
  const dir = process.env.IMAGE_PUBLISH_TEST_CA_DIR;
  if (dir && existsSync(join(dir, 'ca.pem')) && existsSync(join(dir, 'ca.key.pem'))) {
    return { certPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'ca.key.pem'), 'utf8') };
  }
  const ca = await createCertificateAuthority();
  setDefaultCACertificates([...getCACertificates('default'), ...getCACertificates('extra'), ca.certPem]);
  return ca;
}

/** Starts the identity service on https://localhost:<random port>. */
export async function startIdentityHarness(options: { accessTokenLifetimeSeconds?: number } = {}): Promise<IdentityHarness> {
  const ca = await trustedTestCa();
  const serverCert = await issueServerCertificate(ca);
  let offset = 0;
  let identity: IdentityService | undefined;
  const requests: IdentityHarness['requests'] = [];
  const server: Server = createServer({ cert: serverCert.certPem, key: serverCert.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `https://${req.headers.host ?? 'localhost'}`);
      res.on('finish', () => requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, status: res.statusCode }));
      if (!identity) return void res.destroy();
      identity.handle(req, res, url, Buffer.concat(chunks)).then(
        (handled) => {
          if (!handled) {
            res.statusCode = 404;
            res.end();
          }
        },
        (error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://localhost:${(server.address() as AddressInfo).port}`;
  const tenantId = webcrypto.randomUUID();
  identity = await createIdentityService({
    issuerBaseUrl: url,
    tenantId,
    armAudience,
    now: () => Date.now() + offset,
    ...(options.accessTokenLifetimeSeconds === undefined ? {} : { accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds }),
  });
  return {
    url,
    tenantId,
    identity,
    requests,
    advance: (ms) => {
      offset += ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A self-signed RSA certificate and key as one PEM, the form ClientCertificateCredential accepts. */
export async function createRsaCertificatePem(commonName: string): Promise<{ certificatePem: string; bundlePem: string }> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${commonName}`,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: alg,
  });
  const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  const certificatePem = cert.toString('pem');
  return { certificatePem, bundlePem: `${certificatePem}\n${keyPem}` };
}
