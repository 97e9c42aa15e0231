import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, verify as nodeVerify } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBase64, pae, parseEnvelope, signEnvelope, verifyEnvelopeSignature, type TrustedKey } from '../../../src/core/attest/dsse.js';
import { keyIdOf, p1363ToDer, signLocally } from '../../../src/core/attest/keys.js';
import { fileSignerFromPem } from '../../../src/core/attest/file-signer.js';

const fixtures = join(process.cwd(), '..', 'shared', 'fixtures', 'dsse');
const official = JSON.parse(readFileSync(join(fixtures, 'dsse-official-testvector.json'), 'utf8')) as {
  payloadType: string;
  payload_utf8: string;
  pae_utf8: string;
  pae_hex: string;
  key: { public_pem: string; private_pkcs8_pem: string };
  signature_der_base64: string;
  envelope_spec_protocol_md: unknown;
  envelope_reference_impl_doctest: unknown;
};
interface Ed25519Vectors {
  public_pem: string;
  private_pkcs8_pem: string;
  pae_only_vectors_from_go_securesystemslib_dsse_sign_test_go: { payloadType: string; payload_utf8: string; pae_utf8: string }[];
  vectors: { name: string; payloadType: string; payload_b64: string; pae_hex: string; sig_b64: string; envelope: unknown }[];
}
const ed25519 = JSON.parse(readFileSync(join(fixtures, 'derived', 'ed25519-rfc8032-dsse-vectors.json'), 'utf8')) as Ed25519Vectors;

function trusted(pem: string, source: string): TrustedKey {
  const key = createPublicKey(pem);
  return { key, keyid: keyIdOf(key), source };
}

describe('DSSE PAE', () => {
  it('matches the official vector byte for byte', () => {
    const encoded = pae(official.payloadType, Buffer.from(official.payload_utf8, 'utf8'));
    expect(encoded.toString('hex')).toBe(official.pae_hex);
    expect(encoded.toString('utf8')).toBe(official.pae_utf8);
  });

  it.each(ed25519.pae_only_vectors_from_go_securesystemslib_dsse_sign_test_go)(
    'counts bytes, not characters: %j',
    (vector) => {
      expect(pae(vector.payloadType, Buffer.from(vector.payload_utf8, 'utf8')).toString('utf8')).toBe(vector.pae_utf8);
    },
  );
});

describe('DSSE official ECDSA P-256 vector', () => {
  const key = trusted(official.key.public_pem, 'official vector');

  it('verifies the envelope from protocol.md (raw r||s signature, no keyid)', () => {
    const verified = verifyEnvelopeSignature(parseEnvelope(official.envelope_spec_protocol_md), [key]);
    expect(verified.payload.toString('utf8')).toBe('hello world');
    expect(verified.payloadType).toBe('http://example.com/HelloWorld');
  });

  it('verifies the reference implementation envelope whose keyid is not ours (keyid never decides trust)', () => {
    const verified = verifyEnvelopeSignature(parseEnvelope(official.envelope_reference_impl_doctest), [key]);
    expect(verified.keyid).toBe(key.keyid);
  });

  it('accepts the same signature DER-encoded', () => {
    const envelope = parseEnvelope(official.envelope_spec_protocol_md);
    envelope.signatures = [{ sig: official.signature_der_base64 }];
    expect(verifyEnvelopeSignature(envelope, [key]).payload.toString()).toBe('hello world');
  });

  it('accepts URL-safe base64 as the protocol requires', () => {
    const envelope = parseEnvelope(official.envelope_spec_protocol_md);
    envelope.signatures = envelope.signatures.map((s) => ({ sig: s.sig.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') }));
    expect(verifyEnvelopeSignature(envelope, [key]).payload.toString()).toBe('hello world');
  });

  it('rejects the vector when one payload byte changes', () => {
    const envelope = parseEnvelope(official.envelope_spec_protocol_md);
    envelope.payload = Buffer.from('hello world!').toString('base64');
    envelope.signatures[0]!.keyid = key.keyid;
    expect(() => verifyEnvelopeSignature(envelope, [key])).toThrow(expect.objectContaining({ code: 'E_SIGNATURE_INVALID' }));
  });

  it('rejects the vector when the payloadType changes (it is authenticated by PAE)', () => {
    const envelope = parseEnvelope(official.envelope_spec_protocol_md);
    envelope.payloadType = 'http://example.com/HelloWorlD';
    envelope.signatures[0]!.keyid = key.keyid;
    expect(() => verifyEnvelopeSignature(envelope, [key])).toThrow(/modified after signing/);
  });

  it('signs with the vector key as DER, which a DER-only verifier (node:crypto, dsaEncoding der) accepts', async () => {
    const signer = fileSignerFromPem(official.key.private_pkcs8_pem);
    const envelope = await signEnvelope(official.payloadType, Buffer.from('hello world'), signer);
    expect(envelope.payload).toBe('aGVsbG8gd29ybGQ=');
    const sig = decodeBase64(envelope.signatures[0]!.sig, 'sig');
    // ASN.1 SEQUENCE of two INTEGERs, not 64 raw bytes.
    expect(sig[0]).toBe(0x30);
    expect(sig[1]).toBe(sig.length - 2);
    const message = Buffer.from(official.pae_hex, 'hex');
    const publicKey = createPublicKey(official.key.public_pem);
    expect(nodeVerify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, sig)).toBe(true);
    expect(verifyEnvelopeSignature(envelope, [key]).keyid).toBe(key.keyid);
    // The published vector's DER form and our output are the same encoding (lengths 70-72 bytes).
    expect(Buffer.from(official.signature_der_base64, 'base64')[0]).toBe(0x30);
  });

  it('an envelope from the P-256 file signer verifies with a DER-only verifier; its P1363 form still verifies here', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signer = fileSignerFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const payload = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');
    const envelope = await signEnvelope('application/vnd.in-toto+json', payload, signer);
    const sig = decodeBase64(envelope.signatures[0]!.sig, 'sig');
    const publicKey = createPublicKey(signer.publicKeyPem);
    expect(nodeVerify('sha256', pae('application/vnd.in-toto+json', payload), { key: publicKey, dsaEncoding: 'der' }, sig)).toBe(true);
    const p1363 = cryptoSign('sha256', pae('application/vnd.in-toto+json', payload), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const rawEnvelope = { ...envelope, signatures: [{ keyid: signer.keyid, sig: p1363.toString('base64') }] };
    expect(verifyEnvelopeSignature(rawEnvelope, [trusted(signer.publicKeyPem, 'p256')]).keyid).toBe(signer.keyid);
    // p1363ToDer re-encodes Key Vault's raw answers exactly as node's DER encoder does.
    expect(nodeVerify('sha256', pae('application/vnd.in-toto+json', payload), { key: publicKey, dsaEncoding: 'der' }, p1363ToDer(p1363))).toBe(true);
  });

  it('re-encodes raw r||s with high bits and leading zeros as minimal DER', () => {
    const r = Buffer.alloc(32, 0);
    r[31] = 1;
    const s = Buffer.alloc(32, 0xff);
    expect(p1363ToDer(Buffer.concat([r, s])).toString('hex')).toBe(`3026020101022100${'ff'.repeat(32)}`);
  });
});

describe('DSSE derived Ed25519 vectors (RFC 8032 test key)', () => {
  const key = trusted(ed25519.public_pem, 'rfc8032');
  const privateKey = createPrivateKey(ed25519.private_pkcs8_pem);

  it.each(ed25519.vectors)('$name: PAE, deterministic signature and verification', async (vector) => {
    const payload = Buffer.from(vector.payload_b64, 'base64');
    expect(pae(vector.payloadType, payload).toString('hex')).toBe(vector.pae_hex);
    const envelope = await signEnvelope(vector.payloadType, payload, {
      keyid: '',
      algorithm: 'Ed25519',
      sign: async (data) => signLocally(privateKey, 'Ed25519', data),
    });
    expect(envelope).toEqual(vector.envelope);
    expect(verifyEnvelopeSignature(parseEnvelope(vector.envelope), [key]).payload.equals(payload)).toBe(true);
  });

  it('verifies the stored statement envelope file', () => {
    const text = readFileSync(join(fixtures, 'derived', 'ed25519-statement.dsse.json'), 'utf8');
    expect(verifyEnvelopeSignature(parseEnvelope(text), [key]).payloadType).toBe('application/vnd.in-toto+json');
  });

  it('does not verify an Ed25519 envelope with the ECDSA vector key', () => {
    const wrong = trusted(official.key.public_pem, 'official vector');
    expect(() => verifyEnvelopeSignature(parseEnvelope(ed25519.vectors[0]!.envelope), [wrong])).toThrow(
      expect.objectContaining({ code: 'E_SIGNATURE_INVALID', message: expect.stringContaining('No trusted key verifies this envelope (modified after signing, or signed by a key not in trusted-keys)') }),
    );
  });
});

describe('parseEnvelope', () => {
  it.each([
    ['not json', 'not JSON'],
    ['{"payload":"", "signatures":[]}', 'payloadType'],
    ['{"payloadType":"t","payload":"","signatures":[{"keyid":"k"}]}', 'signatures'],
  ])('rejects %s', (text, message) => {
    expect(() => parseEnvelope(text)).toThrow(message);
  });

  it('rejects a signature that is not base64', () => {
    const envelope = parseEnvelope({ payloadType: 't', payload: '', signatures: [{ sig: '***' }] });
    expect(() => verifyEnvelopeSignature(envelope, [])).toThrow(/not base64/);
  });
});
