/**
 * An offline Sigstore stand-in for tests: a local CA acting as Fulcio issues a short-lived leaf certificate with
 * the Fulcio OIDC-issuer extensions and a GitHub workflow URI SAN; the leaf key signs a DSSE envelope; the result
 * is a bundle v0.3 and a TrustedRoot naming that CA, as `gh attestation trusted-root` would for the real one.
 */
import '../../../src/emulator/reflect-shim.js';
import { createPrivateKey, sign as signData, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { IN_TOTO_PAYLOAD_TYPE, pae } from '../../../src/core/attest/dsse.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const minute = 60_000;
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface FakeFulcio {
  caCert: x509.X509Certificate;
  caKey: webcrypto.CryptoKey;
  /** TrustedRoot JSON with this CA as the only certificate authority. */
  trustedRoot: Record<string, unknown>;
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
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
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
  return { caCert, caKey: keys.privateKey, trustedRoot };
}

export interface KeylessOptions {
  /** Certificate SAN, e.g. https://github.com/contoso/images/.github/workflows/image.yml@refs/heads/main */
  san: string;
  issuer?: string;
  payloadType?: string;
  /** When the leaf is issued (default now): tests on an emulated clock issue it at that clock's time. */
  issuedAt?: Date;
}

/** Issues a 10-minute leaf like Fulcio does, signs the payload as DSSE with its key and returns the bundle JSON. */
export async function signKeyless(fulcio: FakeFulcio, payload: Buffer, options: KeylessOptions): Promise<Record<string, unknown>> {
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const issuer = options.issuer ?? GITHUB_ISSUER;
  const issuerBytes = Buffer.from(issuer, 'ascii');
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
      new x509.Extension('1.3.6.1.4.1.57264.1.8', false, Buffer.concat([Buffer.from([0x0c, issuerBytes.length]), issuerBytes])),
    ],
  });
  const payloadType = options.payloadType ?? IN_TOTO_PAYLOAD_TYPE;
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const sig = signData('sha256', pae(payloadType, payload), createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: {
      certificate: { rawBytes: Buffer.from(leaf.rawData).toString('base64') },
      tlogEntries: [],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    dsseEnvelope: { payload: payload.toString('base64'), payloadType, signatures: [{ sig: sig.toString('base64'), keyid: '' }] },
  };
}
