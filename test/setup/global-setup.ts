/**
 * Creates ONE test CA per run under .tmp/test-ca/ and trusts it through NODE_EXTRA_CA_CERTS, which forked
 * workers (pool 'forks') inherit. In-process emulators issue their server certificate from this CA.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCertificateAuthority } from '../../src/emulator/tls.js';

export const testCaDir = resolve(import.meta.dirname, '../../.tmp/test-ca');

/** Reuses the CA across runs when present (it is valid for ten years), else creates it. */
export async function ensureTestCa(dir = testCaDir): Promise<{ certPem: string; keyPem: string; certFile: string }> {
  const certFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'ca.key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true });
    const ca = await createCertificateAuthority('image-publish test CA');
    writeFileSync(keyFile, ca.keyPem, { mode: 0o600 });
    writeFileSync(certFile, ca.certPem);
  }
  return { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8'), certFile };
}

export default async function setup(): Promise<void> {
  const ca = await ensureTestCa();
  process.env.NODE_EXTRA_CA_CERTS = ca.certFile;
  process.env.IMAGE_PUBLISH_TEST_CA_DIR = testCaDir;
}
