/**
 * An offline Sigstore stand-in for tests whose subject must be an Azure resource we create (the real bundles in
 * ../shared/fixtures/sigstore anchor the verifier itself): a local CA acting as Fulcio issues a short-lived leaf
 * certificate with Fulcio's GitHub extensions and a workflow URI SAN; the leaf key signs a DSSE envelope; a local
 * log acting as Rekor records a dsse 0.0.1 entry with a signed entry timestamp and a checkpointed inclusion proof.
 * The result is a bundle v0.3 and a TrustedRoot naming that CA and log, so the production Verifier path (tlog
 * threshold 1) runs unchanged.
 */
import '../../../src/emulator/reflect-shim.js';
import { createHash, createPrivateKey, generateKeyPairSync, sign as signData, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { IN_TOTO_PAYLOAD_TYPE, pae } from '../../../src/core/attest/dsse.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const minute = 60_000;
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface FakeFulcio {
  caCert: x509.X509Certificate;
  caKey: webcrypto.CryptoKey;
  /** TrustedRoot JSON with this CA as the only certificate authority and the local log as the only tlog. */
  trustedRoot: Record<string, unknown>;
  rekor: { privateKey: KeyObject; logId: Buffer; origin: string };
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

/** Creates a self-signed CA and a TrustedRoot JSON that trusts it as Fulcio. */
export async function createFakeFulcio(name = 'fake-fulcio'): Promise<FakeFulcio> {
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}, O=sigstore.dev`,
    notBefore: new Date(Date.now() - 24 * 60 * minute),
    notAfter: new Date(Date.now() + 365 * 24 * 60 * minute),
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const rekorKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rekorSpki = rekorKeys.publicKey.export({ type: 'spki', format: 'der' });
  const logId = createHash('sha256').update(rekorSpki).digest();
  const origin = `rekor.${name}.example.test`;
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: `https://${origin}`,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: rekorSpki.toString('base64'),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: { start: new Date(Date.now() - 24 * 60 * minute).toISOString() },
        },
        logId: { keyId: logId.toString('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.dev', commonName: name },
        uri: 'https://fulcio.example.test',
        certChain: { certificates: [{ rawBytes: Buffer.from(caCert.rawData).toString('base64') }] },
        validFor: { start: new Date(Date.now() - 24 * 60 * minute).toISOString() },
      },
    ],
    ctlogs: [],
    timestampAuthorities: [],
  };
  return { caCert, caKey: keys.privateKey, trustedRoot, rekor: { privateKey: rekorKeys.privateKey, logId, origin } };
}

export interface KeylessOptions {
  /** Certificate SAN, e.g. https://github.com/contoso/images/.github/workflows/image.yml@refs/heads/main */
  san: string;
  issuer?: string;
  payloadType?: string;
  /** When the leaf is issued and logged (default now): tests on an emulated clock use that clock's time. */
  issuedAt?: Date;
  /** Fulcio's source-repository extensions; by default derived from the SAN (the workflow's own repository). */
  sourceRepository?: string;
  sourceRef?: string;
}

/** A Fulcio v2 extension value: a DER UTF8String (short form; every value here is under 128 bytes). */
function utf8Extension(oid: string, value: string): x509.Extension {
  const bytes = Buffer.from(value, 'utf8');
  return new x509.Extension(oid, false, Buffer.concat([Buffer.from([0x0c, bytes.length]), bytes]));
}

/** Issues a 10-minute leaf like Fulcio does, signs the payload as DSSE with its key and returns the bundle JSON. */
export async function signKeyless(fulcio: FakeFulcio, payload: Buffer, options: KeylessOptions): Promise<Record<string, unknown>> {
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const issuer = options.issuer ?? GITHUB_ISSUER;
  const issuerBytes = Buffer.from(issuer, 'ascii');
  const repository = options.sourceRepository ?? /^https:\/\/github\.com\/([^/]+\/[^/]+)\//.exec(options.san)?.[1] ?? 'unknown/unknown';
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: '',
    issuer: fulcio.caCert.subject,
    notBefore: new Date((options.issuedAt?.getTime() ?? Date.now()) - minute),
    notAfter: new Date((options.issuedAt?.getTime() ?? Date.now()) + 10 * minute),
    publicKey: keys.publicKey,
    signingKey: fulcio.caKey,
    signingAlgorithm: alg,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.codeSigning]),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: options.san }], true),
      await x509.AuthorityKeyIdentifierExtension.create(fulcio.caCert),
      // Fulcio writes the issuer twice: v1 as raw bytes, v2 as a DER UTF8String.
      new x509.Extension('1.3.6.1.4.1.57264.1.1', false, issuerBytes),
      utf8Extension('1.3.6.1.4.1.57264.1.8', issuer),
      utf8Extension('1.3.6.1.4.1.57264.1.12', `https://github.com/${repository}`),
      utf8Extension('1.3.6.1.4.1.57264.1.14', options.sourceRef ?? options.san.split('@')[1] ?? 'refs/heads/main'),
      utf8Extension('1.3.6.1.4.1.57264.1.16', `https://github.com/${repository.split('/')[0]}`),
    ],
  });
  const payloadType = options.payloadType ?? IN_TOTO_PAYLOAD_TYPE;
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const sig = signData('sha256', pae(payloadType, payload), createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
  const certPem = leaf.toString('pem');
  const integratedTime = Math.floor((options.issuedAt?.getTime() ?? Date.now()) / 1000);
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: {
      certificate: { rawBytes: Buffer.from(leaf.rawData).toString('base64') },
      tlogEntries: [logEntry(fulcio, payload, sig, certPem, integratedTime)],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    dsseEnvelope: { payload: payload.toString('base64'), payloadType, signatures: [{ sig: sig.toString('base64'), keyid: '' }] },
  };
}

/** A Rekor dsse 0.0.1 entry at index 0 of a one-leaf log: signed entry timestamp plus a checkpointed inclusion proof. */
function logEntry(fulcio: FakeFulcio, payload: Buffer, sig: Buffer, certPem: string, integratedTime: number): Record<string, unknown> {
  const body = Buffer.from(
    JSON.stringify({
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        payloadHash: { algorithm: 'sha256', value: createHash('sha256').update(payload).digest('hex') },
        signatures: [{ signature: sig.toString('base64'), verifier: Buffer.from(certPem).toString('base64') }],
      },
    }),
  );
  const { privateKey, logId, origin } = fulcio.rekor;
  // Rekor's SET signs the canonical JSON of these four fields (keys sorted).
  const set = signData('sha256', Buffer.from(JSON.stringify({ body: body.toString('base64'), integratedTime, logID: logId.toString('hex'), logIndex: 0 })), privateKey);
  // RFC 6962: the root of a one-leaf tree is the leaf hash.
  const root = createHash('sha256').update(Buffer.concat([Buffer.from([0]), body])).digest();
  const note = `${origin}\n1\n${root.toString('base64')}\n`;
  const noteSig = Buffer.concat([logId.subarray(0, 4), signData('sha256', Buffer.from(note), privateKey)]);
  return {
    logIndex: '0',
    logId: { keyId: logId.toString('base64') },
    kindVersion: { kind: 'dsse', version: '0.0.1' },
    integratedTime: String(integratedTime),
    inclusionPromise: { signedEntryTimestamp: set.toString('base64') },
    inclusionProof: { logIndex: '0', rootHash: root.toString('base64'), treeSize: '1', hashes: [], checkpoint: { envelope: `${note}\n\u2014 ${origin} ${noteSig.toString('base64')}\n` } },
    canonicalizedBody: body.toString('base64'),
  };
}
