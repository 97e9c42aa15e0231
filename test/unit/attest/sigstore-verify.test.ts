import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttestOptions, Attestation } from '@actions/attest';
import type { ComputeManagementClient } from '@azure/arm-compute';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/attest/canonical-json.js';
import { loadEnvelope, parseEnvelopeOrBundle } from '../../../src/core/attest/envelope-source.js';
import { signWithGithub } from '../../../src/core/attest/github-signer.js';
import { manifestDigest, manifestFromManagedImage } from '../../../src/core/attest/image-manifest.js';
import { parseSubjectId } from '../../../src/core/attest/live-manifest.js';
import type { SigstoreTrust } from '../../../src/core/attest/sigstore-verify.js';
import { buildStatement } from '../../../src/core/attest/statement.js';
import { parseTrustedKeySpecs, resolveTrustedKeys, verifyEnvelope } from '../../../src/core/attest/verify.js';
import { createFakeFulcio, signKeyless } from './sigstore-fixture.js';

const SAN = 'https://github.com/contoso/images/.github/workflows/image.yml@refs/heads/main';
const manifest = manifestFromManagedImage({
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/img',
  location: 'westeurope',
  storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', diskSizeGB: 30 } },
});
const statement = buildStatement({
  manifest,
  run: { platform: 'github', repository: 'contoso/images', workflowRef: 'contoso/images/.github/workflows/image.yml@refs/heads/main' },
  externalParameters: {},
  startedOn: new Date(0),
  finishedOn: new Date(1000),
});
const payload = Buffer.from(canonicalJson(statement), 'utf8');
const fulcio = await createFakeFulcio();
const otherCa = await createFakeFulcio('rogue-ca');
const goodBundle = await signKeyless(fulcio, payload, { san: SAN });

function trust(overrides: Partial<SigstoreTrust> = {}): SigstoreTrust {
  return { identities: [{ repository: 'contoso/images' }], trustedRoots: [fulcio.trustedRoot], ...overrides };
}

async function verify(bundleJson: unknown, sigstore: SigstoreTrust = trust()) {
  const { envelope, bundle } = parseEnvelopeOrBundle(JSON.stringify(bundleJson), 'test bundle');
  return verifyEnvelope({ envelope, bundle, trustedKeys: [], sigstore, policy: { repository: 'contoso/images' } });
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );
}

describe('keyless (Sigstore) verification against a GitHub identity, offline', () => {
  it('verifies a bundle whose Fulcio-style certificate was issued to a workflow of the trusted repository', async () => {
    const result = await verify(goodBundle);
    expect(result.identity).toBe(SAN);
    expect(result.digest).toBe(manifestDigest(manifest));
    expect(result.builderId).toBe(statement.predicate.runDetails!.builder!.id);
    expect(result.keySource).toContain(SAN);
  });

  it('honours a workflow-specific identity and refuses other workflows of the same repository', async () => {
    const [spec] = parseTrustedKeySpecs(['github:contoso/images/image.yml']);
    expect(spec).toEqual({ githubIdentity: { repository: 'contoso/images', workflow: '.github/workflows/image.yml' } });
    const identities = [{ repository: 'contoso/images', workflow: '.github/workflows/image.yml' }];
    expect((await verify(goodBundle, trust({ identities }))).identity).toBe(SAN);
    const other = await signKeyless(fulcio, payload, { san: 'https://github.com/contoso/images/.github/workflows/other.yml@refs/heads/main' });
    expect(await codeOf(verify(other, trust({ identities })))).toBe('E_KEY_UNTRUSTED');
  });

  it('refuses a certificate for another repository, including one whose name only starts like the trusted one', async () => {
    expect(await codeOf(verify(goodBundle, trust({ identities: [{ repository: 'fabrikam/images' }] })))).toBe('E_KEY_UNTRUSTED');
    const lookalike = await signKeyless(fulcio, payload, { san: 'https://github.com/contoso/images-fork/.github/workflows/image.yml@refs/heads/main' });
    await expect(verify(lookalike)).rejects.toMatchObject({ code: 'E_KEY_UNTRUSTED', message: expect.stringContaining('images-fork') });
    const upperCase = await signKeyless(fulcio, payload, { san: 'https://github.com/Contoso/Images/.github/workflows/image.yml@refs/tags/v1' });
    expect((await verify(upperCase)).identity).toContain('Contoso/Images');
  });

  it('refuses a certificate whose OIDC issuer is not GitHub Actions', async () => {
    const bundle = await signKeyless(fulcio, payload, { san: SAN, issuer: 'https://accounts.google.com' });
    await expect(verify(bundle)).rejects.toMatchObject({ code: 'E_KEY_UNTRUSTED', message: expect.stringContaining('accounts.google.com') });
  });

  it('refuses a certificate issued by a CA that is not in the trusted root', async () => {
    const rogue = await signKeyless(otherCa, payload, { san: SAN });
    await expect(verify(rogue)).rejects.toMatchObject({ code: 'E_KEY_UNTRUSTED', message: expect.stringContaining('trusted-root') });
  });

  it('fails with E_SIGNATURE_INVALID when the payload was modified after signing', async () => {
    const tampered = structuredClone(goodBundle) as { dsseEnvelope: { payload: string } };
    const changed = JSON.parse(payload.toString('utf8')) as { predicate: { runDetails: { builder: { id: string } } } };
    changed.predicate.runDetails.builder.id = 'https://github.com/evil/repo/.github/workflows/x.yml@refs/heads/main';
    tampered.dsseEnvelope.payload = Buffer.from(JSON.stringify(changed)).toString('base64');
    expect(await codeOf(verify(tampered))).toBe('E_SIGNATURE_INVALID');
  });

  it('requires a transparency-log entry, as gh attestation verify does, and refuses a threshold of 0', async () => {
    const unlogged = structuredClone(goodBundle) as { verificationMaterial: { tlogEntries: unknown[] } };
    unlogged.verificationMaterial.tlogEntries = [];
    await expect(verify(unlogged)).rejects.toMatchObject({ code: 'E_TLOG_INVALID', message: expect.stringContaining('expected 1') });
    expect(await codeOf(verify(goodBundle, trust({ tlogThreshold: 0 })))).toBe('E_INPUT_INVALID');
    expect(await codeOf(verify(goodBundle, trust({ tlogThreshold: 2 })))).toBe('E_TLOG_INVALID');
  });

  it('needs the bundle, not a bare envelope, when only GitHub identities are trusted', async () => {
    const { envelope } = parseEnvelopeOrBundle(JSON.stringify(goodBundle), 'test bundle');
    const specs = parseTrustedKeySpecs(['github:contoso/images']);
    const credential = { getToken: async () => null };
    expect(await resolveTrustedKeys(specs, { credential, vaultDnsSuffix: 'vault.azure.net' }, { githubIdentities: 'skip' })).toEqual([]);
    await expect(resolveTrustedKeys(specs, { credential, vaultDnsSuffix: 'vault.azure.net' })).rejects.toMatchObject({ code: 'E_INPUT_INVALID' });
    expect(await codeOf(verifyEnvelope({ envelope, trustedKeys: [], sigstore: trust() }))).toBe('E_INPUT_MISSING');
  });

  it('reads the bundle the github signer stores, directly or beside its <digest>.dsse.json envelope', async () => {
    const raw = (goodBundle.verificationMaterial as { certificate: { rawBytes: string } }).certificate.rawBytes;
    const certificate = new X509Certificate(Buffer.from(raw, 'base64')).toString();
    const fakeAttest = async (_options: AttestOptions): Promise<Attestation> => ({ bundle: goodBundle as unknown as Attestation['bundle'], certificate, attestationID: '1' });
    const signed = await signWithGithub(statement, { token: 'ghs_x', attestFn: fakeAttest });
    const dir = mkdtempSync(join(tmpdir(), 'sigstore-bundle-'));
    const digest = manifestDigest(manifest);
    writeFileSync(join(dir, `${digest}.dsse.json`), JSON.stringify(signed.envelope));
    writeFileSync(join(dir, `${digest}.sigstore.json`), JSON.stringify(signed.bundle, null, 2));
    const compute = {} as ComputeManagementClient;
    const loaded = await loadEnvelope({ envelope: join(dir, `${digest}.dsse.json`), subject: parseSubjectId(manifest.resourceId), compute, credential: { getToken: async () => null } });
    expect(loaded.source).toBe(join(dir, `${digest}.sigstore.json`));
    expect(loaded.bundle).toBeDefined();
    expect(loaded.envelope.payload).toBe(signed.envelope.payload);
    const result = await verifyEnvelope({ envelope: loaded.envelope, bundle: loaded.bundle, trustedKeys: [], sigstore: trust() });
    expect(result.identity).toBe(SAN);
  });
});
