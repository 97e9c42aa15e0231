import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:https';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type CryptoKey } from 'jose';
import { createKeyVaultService, type KeyVaultService } from '../../../src/emulator/keyvault/keyvault-service.js';
import type { AuthenticationResult } from '../../../src/emulator/identity/identity-types.js';

/**
 * A Key Vault endpoint on its own HTTPS server, for tests that run before the emulator mounts the module.
 * Tokens are real ES256 JWTs checked for signature, issuer, audience and expiry, like the emulator's identity.
 */
export interface KeyVaultHarness {
  vaultUrl: string;
  service: KeyVaultService;
  /** Tokens for the requested scope; `issued` lists the scopes asked for, `tokens` the tokens handed out (secrets). */
  credential: TokenCredential & { issued: string[]; tokens: string[] };
  /** A credential whose tokens carry the wrong audience (ARM), to prove the vault refuses them. */
  armCredential: TokenCredential;
  requests: { method: string; path: string; status: number; authorized: boolean }[];
  close(): Promise<void>;
}

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
/** Vaults here live under vault.localhost (loopback), so the SDK's default challenge check runs as in Azure. */
export const VAULT_DNS_SUFFIX = 'vault.localhost';
const VAULT_RESOURCE = `https://${VAULT_DNS_SUFFIX}`;

export async function startKeyVaultHarness(): Promise<KeyVaultHarness> {
  const ca = await testCa();
  // Trust the CA in this worker as NODE_EXTRA_CA_CERTS would in a fresh process.
  setDefaultCACertificates([...getCACertificates('default'), ...getCACertificates('extra'), ca.certPem]);
  const serverCert = await issueServerCertificate(ca);
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const issuer = `https://login.emulator.test/${TENANT}/v2.0`;
  await exportJWK(publicKey);

  const authenticate = async (authorization: string | undefined, audience: string): Promise<AuthenticationResult> => {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token) return { ok: false, status: 401, code: 'Unauthorized', message: 'missing token', wwwAuthenticate: 'Bearer' };
    try {
      const { payload } = await jwtVerify(token, publicKey, { issuer, audience });
      return { ok: true, principal: { objectId: String(payload.oid), clientId: String(payload.azp), tenantId: TENANT, displayName: 'signer' } };
    } catch (error) {
      return { ok: false, status: 401, code: 'Unauthorized', message: (error as Error).message, wwwAuthenticate: 'Bearer' };
    }
  };
  const service = createKeyVaultService({ now: () => Date.now(), authenticate, authorizationUri: `https://login.emulator.test/${TENANT}`, resource: VAULT_RESOURCE });
  const requests: KeyVaultHarness['requests'] = [];
  const server: Server = createServer({ cert: serverCert.certPem, key: serverCert.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `https://${req.headers.host}`);
      res.on('finish', () =>
        requests.push({ method: req.method ?? '', path: url.pathname, status: res.statusCode, authorized: req.headers.authorization !== undefined }),
      );
      service
        .handle(req, res, url, Buffer.concat(chunks))
        .then((handled) => {
          if (!handled) {
            res.statusCode = 404;
            res.end();
          }
        })
        .catch((error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  const mint = (privateKey: CryptoKey, audience: string) => async (): Promise<AccessToken> => {
    const expiresOnTimestamp = Date.now() + 3600_000;
    const token = await new SignJWT({ oid: 'signer-oid', azp: 'signer-app', tid: TENANT })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresOnTimestamp / 1000))
      .sign(privateKey);
    return { token, expiresOnTimestamp };
  };
  const issued: string[] = [];
  const tokens: string[] = [];
  const credential = {
    issued,
    tokens,
    async getToken(scopes: string | string[]) {
      const scope = Array.isArray(scopes) ? scopes[0]! : scopes;
      issued.push(scope);
      const token = await mint(privateKey, scope.replace(/\/\.default$/, ''))();
      tokens.push(token.token);
      return token;
    },
  };
  const armCredential: TokenCredential = { getToken: async () => mint(privateKey, 'https://management.azure.com')() };
  return {
    vaultUrl: `https://signing.${VAULT_DNS_SUFFIX}:${port}`,
    service,
    credential,
    armCredential,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface PemPair {
  certPem: string;
  keyPem: string;
}

/** The suite's test CA when global setup made one; else a fresh one (openssl keeps this helper dependency-free). */
async function testCa(): Promise<PemPair> {
  const dir = process.env.IMAGE_PUBLISH_TEST_CA_DIR;
  const keyFile = dir && ['ca.key.pem', 'ca.key'].map((name) => join(dir, name)).find((file) => existsSync(file));
  if (dir && keyFile && existsSync(join(dir, 'ca.pem'))) {
    return { certPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
  }
  return withTempDir((tmp) => {
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(tmp, 'ca.key'),
      '-out', join(tmp, 'ca.pem'), '-days', '2', '-subj', '/CN=image-publish sign test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    return { certPem: readFileSync(join(tmp, 'ca.pem'), 'utf8'), keyPem: readFileSync(join(tmp, 'ca.key'), 'utf8') };
  });
}

async function issueServerCertificate(ca: PemPair): Promise<PemPair> {
  return withTempDir((tmp) => {
    writeFileSync(join(tmp, 'ca.pem'), ca.certPem);
    writeFileSync(join(tmp, 'ca.key'), ca.keyPem);
    writeFileSync(join(tmp, 'ext.cnf'), `subjectAltName=DNS:localhost,DNS:*.${VAULT_DNS_SUFFIX},IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(tmp, 'server.key'),
      '-out', join(tmp, 'server.csr'), '-subj', '/CN=localhost']);
    openssl(['x509', '-req', '-in', join(tmp, 'server.csr'), '-CA', join(tmp, 'ca.pem'), '-CAkey', join(tmp, 'ca.key'),
      '-CAcreateserial', '-out', join(tmp, 'server.pem'), '-days', '2', '-extfile', join(tmp, 'ext.cnf')]);
    return { certPem: readFileSync(join(tmp, 'server.pem'), 'utf8'), keyPem: readFileSync(join(tmp, 'server.key'), 'utf8') };
  });
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' });
}

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'kv-pki-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
