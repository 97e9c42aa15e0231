/** verify's subject-digest mode: any in-toto attestation, anchored on real GitHub attestations and their artifacts. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSubjectDigest, verifyAttestation } from '../../../src/core/attest/attestation.js';
import { signEnvelope } from '../../../src/core/attest/dsse.js';
import { parseEnvelopeOrBundle } from '../../../src/core/attest/envelope-source.js';
import { fileSignerFromPem } from '../../../src/core/attest/file-signer.js';
import { parsePublicKeyText } from '../../../src/core/attest/key-formats.js';
import { parseGithubIdentity } from '../../../src/core/attest/sigstore-identity.js';

const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/sigstore');
const publicGood = JSON.parse(readFileSync(join(FIXTURES, 'trusted_root.json'), 'utf8')) as unknown;
const SLSA_V1 = 'https://slsa.dev/provenance/v1';

function fromFixture(name: string) {
  return parseEnvelopeOrBundle(readFileSync(join(FIXTURES, name), 'utf8'), name);
}

describe('any in-toto attestation against a subject digest', () => {
  const sigstore = { identities: [parseGithubIdentity('sigstore/sigstore-js')], trustedRoots: [publicGood] };
  const tgzSha512 = createHash('sha512').update(readFileSync(join(FIXTURES, 'sigstore-js-2.1.0.tgz'))).digest('hex');

  it("verifies a real SLSA v1 attestation made by GitHub's attest action for the artifact it came with", () => {
    const result = verifyAttestation({ ...fromFixture('sigstore-js-2.1.0-bundle.json'), trustedKeys: [], sigstore, predicateType: SLSA_V1, subjectDigest: parseSubjectDigest(`sha512:${tgzSha512}`) });
    expect(result).toMatchObject({ subjectName: 'pkg:npm/sigstore@2.1.0', identity: expect.stringContaining('sigstore/sigstore-js'), builderId: expect.stringContaining('github') });
    const reusable = verifyAttestation({
      ...fromFixture('reusable-workflow-attestation.sigstore.json'),
      trustedKeys: [],
      sigstore: { identities: [parseGithubIdentity('malancas/attest-demo', { 'signer-repo': 'github/artifact-attestations-workflows' })], trustedRoots: [publicGood] },
      predicateType: SLSA_V1,
      subjectDigest: parseSubjectDigest(`sha256:${createHash('sha256').update(readFileSync(join(FIXTURES, 'reusable-workflow-artifact'))).digest('hex')}`),
    });
    expect(reusable.subjectName).toBe('github_provenance_demo-0.0.0-py3-none-any.whl');
  });

  it('refuses another artifact digest, another predicate type and a builder outside the policy', () => {
    const base = { ...fromFixture('sigstore-js-2.1.0-bundle.json'), trustedKeys: [], sigstore };
    expect(() => verifyAttestation({ ...base, predicateType: SLSA_V1, subjectDigest: parseSubjectDigest(`sha256:${'0'.repeat(64)}`) })).toThrow(
      expect.objectContaining({ code: 'E_SUBJECT_MISMATCH', message: expect.stringContaining('pkg:npm/sigstore@2.1.0 sha512:') }),
    );
    expect(() => verifyAttestation({ ...base, predicateType: 'https://cyclonedx.org/bom', subjectDigest: parseSubjectDigest(`sha512:${tgzSha512}`) })).toThrow(
      expect.objectContaining({ code: 'E_POLICY_MISMATCH', message: expect.stringContaining("requires 'https://cyclonedx.org/bom'") }),
    );
    expect(() => verifyAttestation({ ...base, predicateType: SLSA_V1, subjectDigest: parseSubjectDigest(`sha512:${tgzSha512}`), builderId: 'https://example.com/*' })).toThrow(
      expect.objectContaining({ code: 'E_POLICY_MISMATCH' }),
    );
    expect(() => parseSubjectDigest('49a3aa60')).toThrow(expect.objectContaining({ code: 'E_INPUT_INVALID', message: expect.stringContaining("'subject-digest'") }));
  });

  it('verifies a Statement v0.1 with a SLSA v0.2 predicate signed by a key given as securesystemslib JSON', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = fileSignerFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const vhd = createHash('sha256').update('a vhd').digest('hex');
    const statement = {
      _type: 'https://in-toto.io/Statement/v0.1',
      subject: [{ name: 'ubuntu.vhd', digest: { sha256: vhd } }],
      predicateType: 'https://slsa.dev/provenance/v0.2',
      predicate: { builder: { id: 'https://packer.example/builders/azure-arm' }, buildType: 'https://packer.example/build' },
    };
    const envelope = await signEnvelope('application/vnd.in-toto+json', Buffer.from(JSON.stringify(statement)), { ...signer, keyid: 'packer-key' });
    const hex = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
    const parsed = parsePublicKeyText(JSON.stringify({ keytype: 'ed25519', scheme: 'ed25519', keyval: { public: hex } }), 'packer.pub.json');
    const trusted = { key: parsed.key, keyid: parsed.keyids[0]!, source: 'packer.pub.json' };
    const result = verifyAttestation({ envelope, trustedKeys: [trusted], predicateType: 'https://slsa.dev/provenance/v0.2', subjectDigest: parseSubjectDigest(`sha256:${vhd.toUpperCase()}`) });
    expect(result).toMatchObject({ subjectName: 'ubuntu.vhd', builderId: 'https://packer.example/builders/azure-arm', keySource: 'packer.pub.json' });
    const v2 = { ...statement, _type: 'https://in-toto.io/Statement/v2' };
    const bad = await signEnvelope('application/vnd.in-toto+json', Buffer.from(JSON.stringify(v2)), signer);
    expect(() => verifyAttestation({ envelope: bad, trustedKeys: [trusted], predicateType: 'https://slsa.dev/provenance/v0.2', subjectDigest: parseSubjectDigest(`sha256:${vhd}`) })).toThrow(
      expect.objectContaining({ code: 'E_ENVELOPE_INVALID' }),
    );
  });
});
