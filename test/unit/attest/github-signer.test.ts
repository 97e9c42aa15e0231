import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttestOptions, Attestation } from '@actions/attest';
import { describe, expect, it } from 'vitest';
import { signWithGithub, githubAttestOptions } from '../../../src/core/attest/github-signer.js';
import { manifestFromManagedImage } from '../../../src/core/attest/image-manifest.js';
import { buildStatement } from '../../../src/core/attest/statement.js';
import { keyIdOf } from '../../../src/core/attest/keys.js';
import { signatureTags } from '../../../src/core/attest/envelope-store.js';

const statement = buildStatement({
  manifest: manifestFromManagedImage({
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/img',
    location: 'westeurope',
    storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', diskSizeGB: 30 } },
  }),
  run: { platform: 'github', repository: 'contoso/images', workflowRef: 'contoso/images/.github/workflows/image.yml@refs/heads/main' },
  externalParameters: {},
  startedOn: new Date(0),
  finishedOn: new Date(1000),
});

// A self-signed certificate stands in for Fulcio's; only its public key is read.
function selfSignedCertificate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gh-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'),
      '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=sigstore-intermediate'], { stdio: 'pipe' });
    return readFileSync(join(dir, 'c.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const certificate = selfSignedCertificate();

describe('GitHub keyless signer (argument mapping; Sigstore itself is not reachable offline)', () => {
  it('passes the statement subjects and SLSA predicate to @actions/attest unchanged', () => {
    const options = githubAttestOptions(statement, { token: 'ghs_token', sigstore: 'github' });
    expect(options).toEqual({
      subjects: [{ name: statement.subject[0]!.name, digest: { sha256: statement.subject[0]!.digest.sha256 } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: statement.predicate,
      token: 'ghs_token',
      sigstore: 'github',
    });
    expect(githubAttestOptions(statement, { token: 't' }).sigstore).toBe('public-good');
  });

  it("turns the bundle's DSSE envelope into ours, keyed by the certificate's public key, and keeps the bundle", async () => {
    let seen: AttestOptions | undefined;
    const dsseEnvelope = { payload: Buffer.from('{}').toString('base64'), payloadType: 'application/vnd.in-toto+json', signatures: [{ sig: 'AAAA', keyid: '' }] };
    const bundle = { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', dsseEnvelope };
    const fakeAttest = async (options: AttestOptions): Promise<Attestation> => {
      seen = options;
      return { bundle: bundle as unknown as Attestation['bundle'], certificate, attestationID: '123' };
    };
    const expectedKeyid = keyIdOf(createPublicKey(certificate));
    const result = await signWithGithub(statement, { token: 'ghs_token', attestFn: fakeAttest });
    expect(seen?.token).toBe('ghs_token');
    expect(result.keyid).toBe(expectedKeyid);
    expect(result.envelope.signatures).toEqual([{ sig: 'AAAA', keyid: expectedKeyid }]);
    expect(result.bundle).toBe(bundle);
    expect(result.attestationId).toBe('123');
  });

  it('explains the permissions when no token is given', async () => {
    await expect(signWithGithub(statement, { token: '' })).rejects.toThrow(/id-token: write/);
  });
});

describe('signatureTags', () => {
  it('records digest, key id and the envelope URL (or file name) for publish', () => {
    expect(signatureTags({ digest: 'ab', keyid: 'k', 'envelope-path': '/tmp/provenance/ab.dsse.json', 'envelope-url': '' })).toEqual({
      'image-publish.signature.digest': 'sha256:ab',
      'image-publish.signature.keyid': 'k',
      'image-publish.signature.envelope': 'ab.dsse.json',
    });
    expect(
      signatureTags({ digest: 'ab', keyid: 'k', 'envelope-path': '/x', 'envelope-url': 'https://a.blob.core.windows.net/c/ab.dsse.json' })[
        'image-publish.signature.envelope'
      ],
    ).toBe('https://a.blob.core.windows.net/c/ab.dsse.json');
    expect(() => signatureTags({ digest: 'ab', keyid: 'k', 'envelope-path': '/x', 'envelope-url': `https://${'a'.repeat(300)}` })).toThrow(/256/);
  });
});

