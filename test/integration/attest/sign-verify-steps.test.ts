import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerSASPermissions, StorageSharedKeyCredential, generateBlobSASQueryParameters } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureTags } from '../../../src/core/attest/envelope-store.js';
import { verifyImageSignature } from '../../../src/core/attest/verify-image.js';
import { parseEnvelope } from '../../../src/core/attest/dsse.js';
import { resolveTrustedKeys } from '../../../src/core/attest/verify.js';
import { signStep, type SignOutputs } from '../../../src/steps/sign.js';
import { verifyStep } from '../../../src/steps/verify.js';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext, type TestStepContext } from '../../helpers/step-context.js';

const RG = 'rg-sign';
const emulator = useEmulator();
const dir = mkdtempSync(join(tmpdir(), 'sign-step-'));
const PASSPHRASE = 'correct horse battery staple';
const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }).toString();
const keyFile = join(dir, 'signer.key.pem');
const publicKeyFile = join(dir, 'signer.pub.pem');
writeFileSync(keyFile, privatePem);
writeFileSync(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
const otherPublicKeyFile = join(dir, 'other.pub.pem');
writeFileSync(otherPublicKeyFile, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
const reportFile = join(dir, 'trivy.json');
writeFileSync(reportFile, '{"Results":[]}');

let azurite: Azurite;
let imageId = '';
let versionId = '';
const secrets: string[] = [PASSPHRASE];

/** The step as a runtime runs it: secret inputs masked first, then resolve and run. */
async function runStep<O>(step: { inputs: Record<string, { secret?: boolean }>; resolve: (p: Record<string, unknown>, c: undefined) => unknown; run: (i: never, ctx: TestStepContext) => Promise<{ outputs: O }> }, parsed: Record<string, unknown>, ctx: TestStepContext) {
  for (const [name, spec] of Object.entries(step.inputs)) if (spec.secret && typeof parsed[name] === 'string') ctx.logger.mask(parsed[name]);
  return step.run(step.resolve(parsed, undefined) as never, ctx);
}

function ctx(): TestStepContext {
  return createTestStepContext(emulator.current, { workDir: mkdtempSync(join(dir, 'work-')) });
}

function assertNoSecrets(c: TestStepContext, outputs: unknown = {}): void {
  const text = `${c.logger.text()}\n${JSON.stringify(outputs)}`;
  for (const secret of [...secrets, emulator.current.defaultPrincipal.clientSecret, privatePem, privatePem.split('\n')[1]!]) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/sig=[A-Za-z0-9%]/);
  expect(c.logger.openGroups).toEqual([]);
}

beforeAll(async () => {
  azurite = await startAzurite();
  const c = ctx();
  await c.azure.resources().resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
  const compute = c.azure.compute();
  const image = await compute.images.createOrUpdate(RG, 'ubuntu-baked', {
    location: 'westeurope',
    hyperVGeneration: 'V2',
    storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://bakes.blob.core.windows.net/vhds/u.vhd', diskSizeGB: 30 } },
  });
  imageId = image.id!;
  await compute.galleries.createOrUpdate(RG, 'gal', { location: 'westeurope' });
  await compute.galleryImages.createOrUpdate(RG, 'gal', 'ubuntu', {
    location: 'westeurope',
    osType: 'Linux',
    osState: 'Generalized',
    hyperVGeneration: 'V2',
    identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '24_04' },
  });
});

afterAll(async () => {
  await azurite?.stop();
});

describe('sign and verify steps against the emulator', () => {
  let signed: SignOutputs;

  it('signs a managed image with a passphrase-protected key file and uploads the envelope to blob storage', async () => {
    const credential = new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey);
    const sas = generateBlobSASQueryParameters(
      { containerName: 'attestations', permissions: ContainerSASPermissions.parse('racw'), expiresOn: new Date(Date.now() + 3600_000) },
      credential,
    ).toString();
    secrets.push(sas);
    // The platform team creates the container once; a container SAS cannot.
    const { BlobServiceClient } = await import('@azure/storage-blob');
    await new BlobServiceClient(azurite.accountUrl, credential).getContainerClient('attestations').createIfNotExists();
    const c = ctx();
    const { outputs } = await runStep(
      signStep,
      {
        'subject-id': imageId,
        signer: 'file',
        'key-file': keyFile,
        'key-passphrase': PASSPHRASE,
        reports: [reportFile],
        'vhd-sha256': 'a'.repeat(64),
        'storage-account-url': azurite.accountUrl,
        'storage-container': 'attestations',
        'storage-sas': sas,
      },
      c,
    );
    signed = outputs as SignOutputs;
    expect(signed.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(signed['envelope-url']).toBe(`${azurite.accountUrl}/attestations/${signed.digest}.dsse.json`);
    const envelope = parseEnvelope(readFileSync(signed['envelope-path'], 'utf8'));
    expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
    expect(envelope.signatures[0]!.keyid).toBe(signed.keyid);
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString()) as {
      subject: { name: string; digest: { sha256: string } }[];
      predicate: { buildDefinition: { externalParameters: { inputs: Record<string, unknown> }; resolvedDependencies: { name: string }[] } };
    };
    expect(statement.subject).toEqual([{ name: imageId.toLowerCase(), digest: { sha256: signed.digest } }]);
    expect(statement.predicate.buildDefinition.externalParameters.inputs).not.toHaveProperty('key-passphrase');
    expect(statement.predicate.buildDefinition.externalParameters.inputs).not.toHaveProperty('storage-sas');
    expect(statement.predicate.buildDefinition.resolvedDependencies.map((d) => d.name)).toEqual(['trivy.json']);
    expect(JSON.parse(signed['signature-tags'])).toEqual(signatureTags(signed));
    assertNoSecrets(c, outputs);
  });

  it('verifies the managed image with the envelope file and the trusted public key', async () => {
    const c = ctx();
    const { outputs } = await runStep(verifyStep, { 'subject-id': imageId, envelope: signed['envelope-path'], 'trusted-keys': [publicKeyFile], repository: 'contoso/images' }, c);
    expect(outputs).toEqual({ verified: true, digest: signed.digest, keyid: signed.keyid, 'builder-id': expect.stringContaining('builder-cli') });
    assertNoSecrets(c, outputs);
  });

  it('verifies a version published from the image, reading the envelope URL from its tags (as publish records them)', async () => {
    const c = ctx();
    const version = await c.azure.compute().galleryImageVersions.createOrUpdate(RG, 'gal', 'ubuntu', '1.0.0', {
      location: 'westeurope',
      tags: signatureTags(signed),
      storageProfile: { source: { id: imageId } },
      publishingProfile: { targetRegions: [{ name: 'westeurope' }] },
    });
    versionId = version.id!;
    const sas = secrets[1]!;
    const { outputs } = await runStep(verifyStep, { 'subject-id': versionId, 'trusted-keys': [publicKeyFile], 'storage-sas': sas }, c);
    expect(outputs).toMatchObject({ verified: true, digest: signed.digest });
    assertNoSecrets(c, outputs);
  });

  it('refuses a wrong key, a policy mismatch and an envelope for another image, changing nothing in Azure', async () => {
    const before = emulator.current.requestLog.entries().length;
    const c = ctx();
    await expect(runStep(verifyStep, { 'subject-id': imageId, envelope: signed['envelope-path'], 'trusted-keys': [otherPublicKeyFile] }, c)).rejects.toMatchObject({
      code: 'E_SIGNATURE_INVALID',
      message: expect.stringContaining('No trusted key verifies this envelope'),
    });
    await expect(
      runStep(verifyStep, { 'subject-id': imageId, envelope: signed['envelope-path'], 'trusted-keys': [publicKeyFile], 'builder-id': 'https://github.com/contoso/images/*' }, c),
    ).rejects.toMatchObject({ code: 'E_POLICY_MISMATCH' });
    const other = await c.azure.compute().images.createOrUpdate(RG, 'other-image', {
      location: 'westeurope',
      storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://bakes.blob.core.windows.net/vhds/o.vhd' } },
    });
    const writesBefore = emulator.current.requestLog.entries().length;
    await expect(
      runStep(verifyStep, { 'subject-id': other.id!, envelope: signed['envelope-path'], 'trusted-keys': [publicKeyFile] }, c),
    ).rejects.toMatchObject({ code: 'E_SUBJECT_MISMATCH' });
    const writes = emulator.current.requestLog
      .entries()
      .slice(writesBefore)
      .filter((e) => e.method !== 'GET' && e.route === 'arm');
    expect(writes).toEqual([]);
    expect(emulator.current.requestLog.entries().length).toBeGreaterThan(before);
    assertNoSecrets(c);
  });

  it('fails with E_RESOURCE_CHANGED once the signed image is modified in Azure (library API used by pin-rollout)', async () => {
    const c = ctx();
    const compute = c.azure.compute();
    await compute.images.createOrUpdate(RG, 'ubuntu-baked', {
      location: 'westeurope',
      hyperVGeneration: 'V2',
      storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://bakes.blob.core.windows.net/vhds/u.vhd', diskSizeGB: 64 } },
    });
    const trustedKeys = await resolveTrustedKeys([{ pemFile: publicKeyFile }], { credential: c.azure.credential, vaultDnsSuffix: c.azure.cloud.keyVaultDnsSuffix });
    await expect(
      verifyImageSignature({ compute, subjectId: versionId, envelope: parseEnvelope(readFileSync(signed['envelope-path'], 'utf8')), trustedKeys }),
    ).rejects.toMatchObject({ code: 'E_RESOURCE_CHANGED', message: expect.stringContaining('osDisk') });
  });

  it('rejects bad inputs before touching Azure', () => {
    expect(() => signStep.resolve({ 'subject-id': imageId }, undefined)).toThrow(/signer/);
    expect(() => signStep.resolve({ 'subject-id': imageId, signer: 'file' }, undefined)).toThrow(/key-file/);
    expect(() => signStep.resolve({ 'subject-id': '/subscriptions/x/resourceGroups/y', signer: 'file', 'key-file': keyFile }, undefined)).toThrow(/not a managed image/);
    expect(() => signStep.resolve({ 'subject-id': imageId, signer: 'file', 'key-file': keyFile, 'vhd-sha256': 'xyz' }, undefined)).toThrow(/64 hex/);
    expect(() => signStep.resolve({ 'subject-id': imageId, signer: 'keyvault', 'storage-container': 'c', 'key-vault-key-id': 'https://v/keys/k' }, undefined)).toThrow(/must be set together with input/);
    expect(() => verifyStep.resolve({ 'subject-id': imageId }, undefined)).toThrow(/trusted-keys/);
  });
});
