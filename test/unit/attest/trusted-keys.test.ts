import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEnvelope, signEnvelope, verifyEnvelopeSignature } from '../../../src/core/attest/dsse.js';
import { loadEnvelope, MAX_ENVELOPE_BYTES } from '../../../src/core/attest/envelope-source.js';
import { fileSignerFromPem } from '../../../src/core/attest/file-signer.js';
import { parsePublicKeyText } from '../../../src/core/attest/key-formats.js';
import { keyIdOf } from '../../../src/core/attest/keys.js';
import { parseSubjectId } from '../../../src/core/attest/live-manifest.js';
import { parseTrustedKeySpecs, resolveTrustedKeys } from '../../../src/core/attest/verify.js';

const DSSE = resolve(import.meta.dirname, '../../../../shared/fixtures/dsse');
const ed25519 = JSON.parse(readFileSync(join(DSSE, 'derived', 'ed25519-rfc8032-dsse-vectors.json'), 'utf8')) as {
  ed25519_public_hex: string;
  vectors: { envelope: unknown }[];
};
const official = JSON.parse(readFileSync(join(DSSE, 'dsse-official-testvector.json'), 'utf8')) as { key: { public_pem: string }; envelope_spec_protocol_md: unknown };
const credential = { getToken: async () => null };
const dir = mkdtempSync(join(tmpdir(), 'trusted-keys-'));

function p256() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return fileSignerFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

describe('trusted-keys entries and options', () => {
  it('parses not-after on every kind of entry and gh-style options on github: entries', () => {
    const specs = parseTrustedKeySpecs([
      'keys/old signer.pub.pem not-after=2026-03-01',
      'https://kv.vault.azure.net/keys/signing/0123456789abcdef0123456789abcdef not-after=2026-03-01T12:00:00Z',
      'github:malancas/attest-demo signer-workflow=github/artifact-attestations-workflows/.github/workflows/attest.yml ref=refs/heads/main',
    ]);
    expect(specs).toEqual([
      { pemFile: 'keys/old signer.pub.pem', notAfter: new Date('2026-03-01T00:00:00Z') },
      { keyVaultKeyId: 'https://kv.vault.azure.net/keys/signing/0123456789abcdef0123456789abcdef', notAfter: new Date('2026-03-01T12:00:00Z') },
      { githubIdentity: { repository: 'malancas/attest-demo', signerWorkflow: 'github/artifact-attestations-workflows/.github/workflows/attest.yml', ref: 'refs/heads/main' } },
    ]);
  });

  it('refuses unknown options, options on the wrong kind of entry, and dates it cannot read, naming the entry', () => {
    expect(() => parseTrustedKeySpecs(['keys/a.pem expires=2026-01-01'])).toThrow(expect.objectContaining({ code: 'E_INPUT_INVALID', message: expect.stringContaining("'keys/a.pem expires=2026-01-01': unknown option 'expires'") }));
    expect(() => parseTrustedKeySpecs(['keys/a.pem ref=refs/heads/main'])).toThrow(/applies to github: entries only/);
    expect(() => parseTrustedKeySpecs(['keys/a.pem not-after=01/03/2026'])).toThrow(/not-after='01\/03\/2026' is not a date/);
    expect(() => parseTrustedKeySpecs(['github:a/b san-regex=(unclosed'])).toThrow(/not a valid regular expression/);
  });
});

describe('public key formats: PEM, JWK, securesystemslib/in-toto key JSON', () => {
  it('reads the same P-256 key from PEM, JWK (as az keyvault key show prints it) and securesystemslib JSON', async () => {
    const signer = p256();
    const jwk = createPublicKey(signer.publicKeyPem).export({ format: 'jwk' });
    const sslib = { keytype: 'ecdsa', scheme: 'ecdsa-sha2-nistp256', keyid_hash_algorithms: ['sha256', 'sha512'], keyval: { public: signer.publicKeyPem } };
    writeFileSync(join(dir, 'k.pem'), signer.publicKeyPem);
    writeFileSync(join(dir, 'k.jwk.json'), JSON.stringify({ key: { ...jwk, kid: 'https://kv.vault.azure.net/keys/signing/abc', key_ops: ['verify'] } }));
    writeFileSync(join(dir, 'k.sslib.json'), JSON.stringify(sslib));
    const keys = await resolveTrustedKeys(parseTrustedKeySpecs([join(dir, 'k.pem'), join(dir, 'k.jwk.json'), join(dir, 'k.sslib.json'), JSON.stringify(sslib)]), { credential, vaultDnsSuffix: 'vault.azure.net' });
    expect(keys.map((k) => k.keyid)).toEqual(Array(4).fill(signer.keyid));
    expect(keys.find((k) => k.source.endsWith('k.jwk.json'))!.aliases).toContain('https://kv.vault.azure.net/keys/signing/abc');
    expect(keys.map((k) => k.source)).toContain('inline JSON key');
    const envelope = await signEnvelope('application/vnd.in-toto+json', Buffer.from('{}'), signer);
    for (const key of keys) expect(verifyEnvelopeSignature(envelope, [key]).keyid).toBe(signer.keyid);
  });

  it('verifies the derived Ed25519 DSSE vector with the key given as securesystemslib JSON (hex keyval)', () => {
    const parsed = parsePublicKeyText(JSON.stringify({ keytype: 'ed25519', scheme: 'ed25519', keyval: { public: ed25519.ed25519_public_hex } }), 'test key');
    const trusted = { key: parsed.key, keyid: parsed.keyids[0]!, aliases: parsed.keyids.slice(1), source: 'sslib' };
    expect(verifyEnvelopeSignature(parseEnvelope(ed25519.vectors[0]!.envelope), [trusted]).source).toBe('sslib');
  });

  it('refuses JSON that is no key, and never turns a JWK with a private part into a private key', () => {
    expect(() => parsePublicKeyText('{"kty":"oct","k":"c2VjcmV0"}', "Trusted key file 'x.json'")).toThrow(expect.objectContaining({ code: 'E_KEY_INVALID', message: expect.stringContaining("Trusted key file 'x.json'") }));
    expect(() => parsePublicKeyText('{"hello":1}', 'k')).toThrow(/neither a JWK/);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const parsed = parsePublicKeyText(JSON.stringify(privateKey.export({ format: 'jwk' })), 'k');
    expect(parsed.key.type).toBe('public');
  });
});

describe('keyids are hints; retired keys', () => {
  it('verifies a third-party envelope whose keyid is in another scheme, and names a known keyid when its key does not verify', async () => {
    const vectorKey = createPublicKey(official.key.public_pem);
    const trusted = { key: vectorKey, keyid: keyIdOf(vectorKey), aliases: ['in-toto-style-keyid'], source: 'vector.pub' };
    const envelope = parseEnvelope(official.envelope_spec_protocol_md);
    expect(verifyEnvelopeSignature(envelope, [trusted]).source).toBe('vector.pub');
    const tampered = { ...envelope, payload: Buffer.from('hello world!').toString('base64'), signatures: envelope.signatures.map((s) => ({ ...s, keyid: 'in-toto-style-keyid' })) };
    expect(() => verifyEnvelopeSignature(tampered, [trusted])).toThrow(expect.objectContaining({ code: 'E_SIGNATURE_INVALID', message: expect.stringContaining('by trusted key vector.pub') }));
    const anonymous = { ...tampered, signatures: envelope.signatures.map((s) => ({ ...s, keyid: '' })) };
    expect(() => verifyEnvelopeSignature(anonymous, [trusted])).toThrow(/No trusted key verifies this envelope \(modified after signing, or signed by a key not in trusted-keys\)/);
  });

  it('a key past its not-after no longer verifies, and the error says it was retired', async () => {
    const old = p256();
    const envelope = await signEnvelope('application/vnd.in-toto+json', Buffer.from('{}'), old);
    const trusted = { key: createPublicKey(old.publicKeyPem), keyid: old.keyid, source: 'old.pub.pem', notAfter: new Date('2026-03-01T00:00:00Z') };
    expect(verifyEnvelopeSignature(envelope, [trusted], new Date('2026-02-28T23:59:59Z')).source).toBe('old.pub.pem');
    expect(() => verifyEnvelopeSignature(envelope, [trusted], new Date('2026-03-01T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'E_KEY_UNTRUSTED', message: expect.stringContaining('old.pub.pem (keyid') }),
    );
    expect(() => verifyEnvelopeSignature(envelope, [trusted], new Date('2026-03-02'))).toThrow(/retired on 2026-03-01T00:00:00.000Z/);
  });
});

describe('envelope size limit', () => {
  it('refuses an envelope file over the limit before reading it, naming the file (E_INPUT_TOO_LARGE)', async () => {
    const big = join(dir, 'huge.dsse.json');
    writeFileSync(big, '');
    // Sparse: the test never holds the bytes, and neither may the loader.
    truncateSync(big, MAX_ENVELOPE_BYTES + 1);
    const subject = parseSubjectId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/img');
    const before = process.memoryUsage().arrayBuffers;
    await expect(loadEnvelope({ envelope: big, subject, compute: {} as never, credential })).rejects.toMatchObject({
      code: 'E_INPUT_TOO_LARGE',
      message: expect.stringContaining(`file '${big}' is ${MAX_ENVELOPE_BYTES + 1} bytes`),
    });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(MAX_ENVELOPE_BYTES / 2);
    await expect(loadEnvelope({ envelope: dir, subject, compute: {} as never, credential })).rejects.toMatchObject({ code: 'E_INPUT_INVALID', message: expect.stringContaining('EISDIR') });
  });
});
