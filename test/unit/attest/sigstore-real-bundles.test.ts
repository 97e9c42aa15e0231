/**
 * Keyless verification against real attestations made by GitHub Actions workflows and the public-good trusted root
 * (GitHub CLI's test data, ../shared/fixtures/sigstore/SOURCES.md), offline, with the default log threshold of 1.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvelopeOrBundle } from '../../../src/core/attest/envelope-source.js';
import { verifySigstoreBundle, type SigstoreTrust } from '../../../src/core/attest/sigstore-verify.js';
import { parseGithubIdentity, type GithubIdentity } from '../../../src/core/attest/sigstore-identity.js';
import { loadTrustedRoot } from '../../../src/core/attest/sigstore-trusted-root.js';
import { parseTrustedKeySpecs } from '../../../src/core/attest/verify.js';

const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/sigstore');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const publicGood = JSON.parse(read('trusted_root.json')) as Record<string, unknown>;
const SIGSTORE_JS_SAN = 'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main';

function verifyFile(name: string, identities: GithubIdentity[], trust: Partial<SigstoreTrust> = {}) {
  const { bundle } = parseEnvelopeOrBundle(read(name), name);
  return verifySigstoreBundle(bundle!, { identities, trustedRoots: [publicGood], ...trust });
}

function identity(entry: string): GithubIdentity {
  const [spec] = parseTrustedKeySpecs([entry]);
  return (spec as { githubIdentity: GithubIdentity }).githubIdentity;
}

describe('real GitHub Actions attestations, public-good trusted root, tlog threshold 1', () => {
  it('verifies the sigstore-js v0.3 bundle and its payload attests the artifact it came with', () => {
    const verified = verifyFile('sigstore-js-2.1.0-bundle.json', [identity('github:sigstore/sigstore-js')]);
    expect(verified.identity).toBe(SIGSTORE_JS_SAN);
    expect(verified.certificate).toMatchObject({ sourceRepositoryUri: 'https://github.com/sigstore/sigstore-js', sourceRepositoryRef: 'refs/heads/main', issuer: 'https://token.actions.githubusercontent.com' });
    const statement = JSON.parse(verified.payload.toString('utf8')) as { subject: { digest: { sha512: string } }[] };
    const tgz = readFileSync(join(FIXTURES, 'sigstore-js-2.1.0.tgz'));
    expect(statement.subject[0]!.digest.sha512).toBe(createHash('sha512').update(tgz).digest('hex'));
  });

  it('verifies the same attestation in the older v0.1 bundle layout', () => {
    expect(verifyFile('sigstore-js-2.1.0-bundle-v0.1.json', [identity('github:sigstore/sigstore-js')]).identity).toBe(SIGSTORE_JS_SAN);
  });

  it('checks the identity as gh attestation verify does: workflow, SAN, SAN regex, issuer, ref', () => {
    const ok = (entry: string) => verifyFile('sigstore-js-2.1.0-bundle.json', [identity(entry)]).identity;
    expect(ok('github:sigstore/sigstore-js/release.yml')).toBe(SIGSTORE_JS_SAN);
    expect(ok(`github:sigstore/sigstore-js san=${SIGSTORE_JS_SAN}`)).toBe(SIGSTORE_JS_SAN);
    expect(ok('github:sigstore/sigstore-js san-regex=^https://github\\.com/sigstore/sigstore-js/\\.github/workflows/release\\.yml@refs/heads/main$')).toBe(SIGSTORE_JS_SAN);
    expect(ok('github:sigstore/sigstore-js ref=refs/heads/main issuer=https://token.actions.githubusercontent.com')).toBe(SIGSTORE_JS_SAN);
    const refused = (entry: string, reason: string) =>
      expect(() => verifyFile('sigstore-js-2.1.0-bundle.json', [identity(entry)])).toThrow(expect.objectContaining({ code: 'E_KEY_UNTRUSTED', message: expect.stringContaining(reason) }));
    refused('github:sigstore/sigstore-js/other.yml', "does not match 'https://github.com/sigstore/sigstore-js/.github/workflows/other.yml@…'");
    refused('github:sigstore/sigstore-js ref=refs/heads/release', "source ref is 'refs/heads/main', expected 'refs/heads/release'");
    refused('github:sigstore/sigstore-js issuer=https://accounts.google.com', "OIDC issuer is 'https://token.actions.githubusercontent.com'");
    refused('github:sigstore/sigstore-js san-regex=^https://github\\.com/sigstore/sigstore-js/\\.github/workflows/publish', 'does not match');
    refused('github:sigstore/sigstore', "source repository is 'https://github.com/sigstore/sigstore-js'");
    refused('github:other/sigstore-js', "source repository owner is 'https://github.com/sigstore'");
  });

  it('tells the signer workflow of a reusable workflow apart from the repository it ran for', () => {
    const name = 'reusable-workflow-attestation.sigstore.json';
    const signer = 'github/artifact-attestations-workflows/.github/workflows/attest.yml';
    // The repository alone is not enough: the SAN names another repository's workflow, as gh --repo refuses too.
    expect(() => verifyFile(name, [identity('github:malancas/attest-demo')])).toThrow(/does not match 'https:\/\/github.com\/malancas\/attest-demo\/…'/);
    expect(verifyFile(name, [identity(`github:malancas/attest-demo signer-workflow=${signer}`)]).identity).toContain(signer);
    expect(verifyFile(name, [identity('github:malancas/attest-demo signer-repo=github/artifact-attestations-workflows')]).identity).toContain(signer);
    // The caller cannot be impersonated by pointing at the trusted signer workflow from elsewhere.
    expect(() => verifyFile(name, [identity(`github:sigstore/sigstore-js signer-workflow=${signer}`)])).toThrow(/source repository owner/);
    const verified = verifyFile(name, [identity(`github:malancas/attest-demo signer-workflow=${signer}`)]);
    const statement = JSON.parse(verified.payload.toString('utf8')) as { subject: { digest: { sha256: string } }[] };
    expect(statement.subject[0]!.digest.sha256).toBe(createHash('sha256').update(readFileSync(join(FIXTURES, 'reusable-workflow-artifact'))).digest('hex'));
  });

  it('refuses the invalid bundles with clear errors', () => {
    const any = [identity('github:sigstore/sigstore-js')];
    expect(() => verifyFile('sigstoreBundle-invalid-signature.json', any)).toThrow(
      expect.objectContaining({ code: 'E_SIGNATURE_INVALID', message: expect.stringContaining('changed after it was logged') }),
    );
    expect(() => verifyFile('sigstoreBundle-invalid-mismatched-signatures.json', any)).toThrow(expect.objectContaining({ code: 'E_SIGNATURE_INVALID' }));
  });

  it("refuses a bundle from GitHub's own Sigstore instance when only the public-good root is trusted, saying which root is missing", () => {
    expect(() => verifyFile('github_release_bundle.json', [identity('github:cli/cli')])).toThrow(
      expect.objectContaining({ code: 'E_KEY_UNTRUSTED', message: expect.stringContaining("GitHub's trusted root") }),
    );
  });

  it('fails when the bundle signature or the trusted root is mutated (the Verifier call is what decides)', () => {
    const any = [identity('github:sigstore/sigstore-js')];
    const bundleJson = JSON.parse(read('sigstore-js-2.1.0-bundle.json')) as { dsseEnvelope: { signatures: { sig: string }[] } };
    const sig = Buffer.from(bundleJson.dsseEnvelope.signatures[0]!.sig, 'base64');
    sig[sig.length - 5]! ^= 0x01;
    bundleJson.dsseEnvelope.signatures[0]!.sig = sig.toString('base64');
    const { bundle } = parseEnvelopeOrBundle(JSON.stringify(bundleJson), 'mutated');
    expect(() => verifySigstoreBundle(bundle!, { identities: any, trustedRoots: [publicGood] })).toThrow(expect.objectContaining({ code: 'E_SIGNATURE_INVALID' }));

    const { bundle: good } = parseEnvelopeOrBundle(read('sigstore-js-2.1.0-bundle.json'), 'good');
    const withoutRekor = { ...publicGood, tlogs: [] };
    expect(() => verifySigstoreBundle(good!, { identities: any, trustedRoots: [withoutRekor] })).toThrow(expect.objectContaining({ code: 'E_TLOG_INVALID' }));
    const withoutFulcio = { ...publicGood, certificateAuthorities: [] };
    expect(() => verifySigstoreBundle(good!, { identities: any, trustedRoots: [withoutFulcio] })).toThrow(expect.objectContaining({ code: 'E_KEY_UNTRUSTED' }));
  });

  it('uses every line of a trusted_root.jsonl, as gh attestation trusted-root prints it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trusted-root-'));
    const file = join(dir, 'trusted_root.jsonl');
    // The public-good root on the second line only: a loader that keeps the first line would refuse the bundle.
    const otherRoot = { ...publicGood, certificateAuthorities: [], tlogs: [] };
    writeFileSync(file, `${JSON.stringify(otherRoot)}\n${JSON.stringify(publicGood)}\n`);
    const roots = await loadTrustedRoot(file);
    expect(roots).toHaveLength(2);
    const { bundle } = parseEnvelopeOrBundle(read('sigstore-js-2.1.0-bundle.json'), 'bundle');
    expect(verifySigstoreBundle(bundle!, { identities: [parseGithubIdentity('sigstore/sigstore-js')], trustedRoots: roots }).identity).toBe(SIGSTORE_JS_SAN);
    // The pretty-printed single document (trusted_root.json) loads too.
    expect(await loadTrustedRoot(join(FIXTURES, 'trusted_root.json'))).toHaveLength(1);
    writeFileSync(file, `${JSON.stringify(publicGood)}\nnot json\n`);
    await expect(loadTrustedRoot(file)).rejects.toMatchObject({ code: 'E_INPUT_INVALID', message: expect.stringContaining('line 2') });
  });
});
