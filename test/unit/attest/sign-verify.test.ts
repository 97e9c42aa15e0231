import { generateKeyPairSync } from 'node:crypto';
import type { GalleryImage, GalleryImageVersion, Image } from '@azure/arm-compute';
import { describe, expect, it } from 'vitest';
import { IN_TOTO_PAYLOAD_TYPE, signEnvelope, type DsseEnvelope, type TrustedKey } from '../../../src/core/attest/dsse.js';
import { fileSignerFromPem } from '../../../src/core/attest/file-signer.js';
import { manifestDigest, manifestFromGalleryVersion, manifestFromManagedImage, withEvidence, type ImageManifest } from '../../../src/core/attest/image-manifest.js';
import { keyIdOf, parsePublicKeyPem } from '../../../src/core/attest/keys.js';
import { buildStatement, removeSecrets, SLSA_PROVENANCE_V1, STATEMENT_TYPE } from '../../../src/core/attest/statement.js';
import { parseTrustedKeySpecs, verifyEnvelope } from '../../../src/core/attest/verify.js';
import { canonicalJson } from '../../../src/core/attest/canonical-json.js';

const IMAGE_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-images/providers/Microsoft.Compute/images/ubuntu-2404';
const image: Image = {
  id: IMAGE_ID,
  location: 'West Europe',
  hyperVGeneration: 'V2',
  sourceVirtualMachine: { id: '/subscriptions/x/resourceGroups/rg-bake/providers/Microsoft.Compute/virtualMachines/bake-vm' },
  storageProfile: {
    osDisk: { osType: 'Linux', osState: 'Generalized', diskSizeGB: 30, storageAccountType: 'Premium_LRS', blobUri: 'https://acct.blob.core.windows.net/vhds/os.vhd?sv=2024&sig=SECRET' },
    dataDisks: [
      { lun: 1, diskSizeGB: 64 },
      { lun: 0, diskSizeGB: 16 },
    ],
  },
};
const run = {
  platform: 'github' as const,
  repository: 'contoso/images',
  commit: 'abc123',
  workflowRef: 'contoso/images/.github/workflows/bake.yml@refs/heads/main',
  runUrl: 'https://github.com/contoso/images/actions/runs/42/attempts/1',
};

function keyPair(kind: 'ec' | 'ed25519' | 'rsa-pss') {
  const pair =
    kind === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : kind === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
  const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const key = parsePublicKeyPem(publicPem, 'test');
  const trusted: TrustedKey = { key, keyid: keyIdOf(key), source: `${kind}.pub.pem` };
  return { privatePem, publicPem, trusted };
}

async function sign(manifest: ImageManifest, privatePem: string, runInfo = run): Promise<DsseEnvelope> {
  const statement = buildStatement({
    manifest,
    run: runInfo,
    externalParameters: { 'subject-id': IMAGE_ID },
    startedOn: new Date('2026-01-01T00:00:00Z'),
    finishedOn: new Date('2026-01-01T00:01:00Z'),
  });
  return signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(canonicalJson(statement)), fileSignerFromPem(privatePem));
}

describe('canonical image manifest', () => {
  it('keeps immutable properties only, lower-cases ids, sorts disks and strips SAS from URIs', () => {
    const manifest = manifestFromManagedImage({ ...image, tags: { owner: 'x' }, provisioningState: 'Succeeded' } as Image);
    expect(manifest).toEqual({
      _type: expect.stringContaining('image-manifest-v1'),
      kind: 'managedImage',
      resourceId: IMAGE_ID.toLowerCase(),
      location: 'westeurope',
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
      osDisk: { sizeGB: 30, storageAccountType: 'Premium_LRS', sourceUri: 'https://acct.blob.core.windows.net/vhds/os.vhd' },
      dataDisks: [{ lun: 0, sizeGB: 16 }, { lun: 1, sizeGB: 64 }],
      sourceIds: ['/subscriptions/x/resourcegroups/rg-bake/providers/microsoft.compute/virtualmachines/bake-vm'],
    });
    expect(JSON.stringify(manifest)).not.toContain('SECRET');
  });

  it('gives the same digest whatever the casing or mutable properties, and a new one when a disk changes', () => {
    const a = manifestDigest(manifestFromManagedImage(image));
    const b = manifestDigest(manifestFromManagedImage({ ...image, id: IMAGE_ID.toUpperCase(), tags: { t: '1' } }));
    expect(b).toBe(a);
    const bigger = structuredClone(image);
    bigger.storageProfile!.osDisk!.diskSizeGB = 31;
    expect(manifestDigest(manifestFromManagedImage(bigger))).not.toBe(a);
  });

  it('adds VHD sha256 and report digests as evidence and rejects a malformed sha256', () => {
    const manifest = withEvidence(manifestFromManagedImage(image), {
      vhdSha256: 'AB'.repeat(32),
      reports: [{ name: 'trivy.json', sha256: 'c'.repeat(64) }, { name: 'sbom.cdx.json', sha256: 'd'.repeat(64) }],
    });
    expect(manifest.vhd).toEqual({ sha256: 'ab'.repeat(32) });
    expect(manifest.reports!.map((r) => r.name)).toEqual(['sbom.cdx.json', 'trivy.json']);
    expect(() => withEvidence(manifest, { vhdSha256: 'nope' })).toThrow(/64 hex/);
  });

  it('describes a gallery version with its definition identity and source', () => {
    const version: GalleryImageVersion = {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/ubuntu/versions/1.0.0',
      location: 'westeurope',
      publishingProfile: { excludeFromLatest: false },
      storageProfile: { source: { id: IMAGE_ID }, osDiskImage: { sizeInGB: 30, hostCaching: 'ReadWrite' } },
    };
    const definition: GalleryImage = {
      location: 'westeurope',
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
      architecture: 'x64',
      identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '24_04' },
    };
    const manifest = manifestFromGalleryVersion(version, definition);
    expect(manifest).toMatchObject({
      kind: 'galleryImageVersion',
      identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '24_04' },
      osDisk: { sizeGB: 30, caching: 'ReadWrite' },
      sourceIds: [IMAGE_ID.toLowerCase()],
    });
    expect(manifest).not.toHaveProperty('publishingProfile');
  });
});

describe('in-toto statement with SLSA provenance', () => {
  it('names the manifest digest as subject and carries builder, invocation and the manifest', () => {
    const manifest = manifestFromManagedImage(image);
    const statement = buildStatement({
      manifest,
      run,
      externalParameters: { image: { name: 'ubuntu' } },
      resolvedDependencies: [{ name: 'base', uri: 'canonical:ubuntu-24_04-lts:server:latest' }],
      startedOn: new Date('2026-01-01T00:00:00Z'),
      finishedOn: new Date('2026-01-01T00:01:00Z'),
    });
    expect(statement._type).toBe(STATEMENT_TYPE);
    expect(statement.predicateType).toBe(SLSA_PROVENANCE_V1);
    expect(statement.subject).toEqual([{ name: IMAGE_ID.toLowerCase(), digest: { sha256: manifestDigest(manifest) } }]);
    expect(statement.predicate.runDetails.builder.id).toBe('https://github.com/contoso/images/.github/workflows/bake.yml@refs/heads/main');
    expect(statement.predicate.runDetails.metadata).toEqual({
      invocationId: run.runUrl,
      startedOn: '2026-01-01T00:00:00.000Z',
      finishedOn: '2026-01-01T00:01:00.000Z',
    });
    expect(statement.predicate.buildDefinition.resolvedDependencies).toHaveLength(1);
  });

  it('removes secret inputs and credential-looking values from externalParameters', () => {
    const cleaned = removeSecrets(
      { 'key-file': 'k.pem', 'key-passphrase': 'hunter2', 'storage-sas': 'sv=1&sig=abc', nested: { clientSecret: 'x', url: 'https://a/b?sig=zzz', ok: 1 } },
      new Set(['key-passphrase']),
    );
    expect(cleaned).toEqual({ 'key-file': 'k.pem', nested: { ok: 1 } });
  });
});

describe.each(['ec', 'ed25519', 'rsa-pss'] as const)('file signer round trip (%s)', (kind) => {
  it('signs and verifies, reporting the key id and digest', async () => {
    const { privatePem, trusted } = keyPair(kind);
    const manifest = manifestFromManagedImage(image);
    const envelope = await sign(manifest, privatePem);
    expect(envelope.signatures[0]!.keyid).toBe(trusted.keyid);
    const result = await verifyEnvelope({ envelope, trustedKeys: [trusted], liveManifest: async () => manifest });
    expect(result.digest).toBe(manifestDigest(manifest));
    expect(result.keyid).toBe(trusted.keyid);
  });
});

describe('tamper matrix: each failure has its own code', () => {
  const { privatePem, trusted } = keyPair('ec');
  const manifest = manifestFromManagedImage(image);

  it('tampered payload -> E_SIGNATURE_INVALID', async () => {
    const envelope = await sign(manifest, privatePem);
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString()) as { predicate: { runDetails: { builder: { id: string } } } };
    statement.predicate.runDetails.builder.id = 'https://evil.example/builder';
    const tampered = { ...envelope, payload: Buffer.from(JSON.stringify(statement)).toString('base64') };
    await expect(verifyEnvelope({ envelope: tampered, trustedKeys: [trusted] })).rejects.toMatchObject({
      code: 'E_SIGNATURE_INVALID',
      message: expect.stringContaining('modified after signing'),
    });
  });

  it('wrong key -> no trusted key verifies it (keyids never decide trust)', async () => {
    const other = keyPair('ec');
    const envelope = await sign(manifest, other.privatePem);
    await expect(verifyEnvelope({ envelope, trustedKeys: [trusted] })).rejects.toMatchObject({
      code: 'E_SIGNATURE_INVALID',
      message: expect.stringContaining('No trusted key verifies this envelope (modified after signing, or signed by a key not in trusted-keys)'),
    });
    // The same envelope claiming the trusted key's keyid is still refused, and then says the named key does not verify it.
    const forged = { ...envelope, signatures: envelope.signatures.map((s) => ({ ...s, keyid: trusted.keyid })) };
    await expect(verifyEnvelope({ envelope: forged, trustedKeys: [trusted] })).rejects.toMatchObject({ code: 'E_SIGNATURE_INVALID', message: expect.stringContaining(`by trusted key ${trusted.source}`) });
  });

  it('swapped subject (envelope of another image) -> E_SUBJECT_MISMATCH', async () => {
    const otherImage = manifestFromManagedImage({ ...image, id: IMAGE_ID.replace('ubuntu-2404', 'windows-2025') });
    const envelope = await sign(otherImage, privatePem);
    const { resolveLiveManifest } = await import('../../../src/core/attest/live-manifest.js');
    const { parseSubjectId } = await import('../../../src/core/attest/live-manifest.js');
    // The compute client is never reached: the id check fails first.
    const liveManifest = (signed: ImageManifest) => resolveLiveManifest({} as never, parseSubjectId(IMAGE_ID), signed);
    await expect(verifyEnvelope({ envelope, trustedKeys: [trusted], liveManifest })).rejects.toMatchObject({ code: 'E_SUBJECT_MISMATCH' });
  });

  it('subject digest not matching the signed manifest -> E_SUBJECT_MISMATCH', async () => {
    const statement = buildStatement({ manifest, run, externalParameters: {}, startedOn: new Date(), finishedOn: new Date() });
    statement.subject[0]!.digest.sha256 = '0'.repeat(64);
    const envelope = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement)), fileSignerFromPem(privatePem));
    await expect(verifyEnvelope({ envelope, trustedKeys: [trusted] })).rejects.toMatchObject({ code: 'E_SUBJECT_MISMATCH' });
  });

  it('changed resource -> E_RESOURCE_CHANGED naming the changed fields', async () => {
    const envelope = await sign(manifest, privatePem);
    const changed = structuredClone(image);
    changed.storageProfile!.osDisk!.diskSizeGB = 64;
    await expect(
      verifyEnvelope({ envelope, trustedKeys: [trusted], liveManifest: async () => manifestFromManagedImage(changed) }),
    ).rejects.toMatchObject({ code: 'E_RESOURCE_CHANGED', message: expect.stringContaining('osDisk') });
  });

  it('builder or repository outside the policy -> E_POLICY_MISMATCH', async () => {
    const envelope = await sign(manifest, privatePem);
    await expect(
      verifyEnvelope({ envelope, trustedKeys: [trusted], policy: { builderId: 'https://github.com/contoso/images/.github/workflows/release.yml@*' } }),
    ).rejects.toMatchObject({ code: 'E_POLICY_MISMATCH', message: expect.stringContaining('bake.yml') });
    await expect(verifyEnvelope({ envelope, trustedKeys: [trusted], policy: { repository: 'fabrikam/images' } })).rejects.toMatchObject({
      code: 'E_POLICY_MISMATCH',
    });
    const ok = await verifyEnvelope({
      envelope,
      trustedKeys: [trusted],
      policy: { builderId: 'https://github.com/contoso/images/.github/workflows/bake.yml@*', repository: 'Contoso/Images' },
    });
    expect(ok.builderId).toContain('bake.yml');
  });

  it('other payloadType -> E_PAYLOAD_TYPE_MISMATCH', async () => {
    const envelope = await signEnvelope('application/json', Buffer.from('{}'), fileSignerFromPem(privatePem));
    await expect(verifyEnvelope({ envelope, trustedKeys: [trusted] })).rejects.toMatchObject({ code: 'E_PAYLOAD_TYPE_MISMATCH' });
  });
});

describe('key handling', () => {
  it('rejects unsupported keys and wrong passphrases without echoing key material', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => fileSignerFromPem(p384)).toThrow(/not supported/);
    const encrypted = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'right',
    }).toString();
    expect(() => fileSignerFromPem(encrypted)).toThrow(/no passphrase was given/);
    expect(() => fileSignerFromPem(encrypted, { passphrase: 'wrong' })).toThrow(expect.objectContaining({ code: 'E_KEY_INVALID' }));
    expect(fileSignerFromPem(encrypted, { passphrase: 'right' }).algorithm).toBe('ES256');
    try {
      fileSignerFromPem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----');
    } catch (error) {
      expect((error as Error).message).not.toContain('AAAA');
    }
  });

  it('parses trusted-keys lines: inline PEM, files, Key Vault ids, GitHub identities', () => {
    const { publicPem } = keyPair('ed25519');
    const specs = parseTrustedKeySpecs([publicPem, 'keys/signer.pub.pem', 'https://kv.vault.azure.net/keys/signer', 'github:contoso/images']);
    expect(specs).toEqual([
      { pem: publicPem.trim(), source: 'inline PEM key' },
      { pemFile: 'keys/signer.pub.pem' },
      { keyVaultKeyId: 'https://kv.vault.azure.net/keys/signer' },
      { githubIdentity: { repository: 'contoso/images' } },
    ]);
  });
});
