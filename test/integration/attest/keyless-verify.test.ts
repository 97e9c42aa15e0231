import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/attest/canonical-json.js';
import { parseEnvelopeOrBundle } from '../../../src/core/attest/envelope-source.js';
import { manifestDigest } from '../../../src/core/attest/image-manifest.js';
import { fetchManifest, parseSubjectId } from '../../../src/core/attest/live-manifest.js';
import { buildStatement } from '../../../src/core/attest/statement.js';
import { verifyImageSignature } from '../../../src/core/attest/verify-image.js';
import { verifyStep } from '../../../src/steps/verify.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext, type TestStepContext } from '../../helpers/step-context.js';
import { createFakeFulcio, signKeyless } from '../../unit/attest/sigstore-fixture.js';

const RG = 'rg-keyless';
const SAN = 'https://github.com/contoso/images/.github/workflows/image.yml@refs/heads/main';
const emulator = useEmulator();
const dir = mkdtempSync(join(tmpdir(), 'keyless-'));
const rootFile = join(dir, 'trusted-root.jsonl');
let imageId = '';
let otherImageId = '';
let bundleFile = '';
let digest = '';

function ctx(): TestStepContext {
  return createTestStepContext(emulator.current, { workDir: mkdtempSync(join(dir, 'work-')) });
}

async function runVerify(parsed: Record<string, unknown>, c: TestStepContext) {
  return verifyStep.run(verifyStep.resolve(parsed, undefined), c);
}

function armWritesSince(index: number): unknown[] {
  return emulator.current.requestLog.entries().slice(index).filter((e) => e.method !== 'GET' && e.route === 'arm');
}

beforeAll(async () => {
  const c = ctx();
  await c.azure.resources().resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
  const compute = c.azure.compute();
  const osDisk = { osType: 'Linux' as const, osState: 'Generalized' as const, diskSizeGB: 30 };
  imageId = (await compute.images.createOrUpdate(RG, 'baked', { location: 'westeurope', storageProfile: { osDisk: { ...osDisk, blobUri: 'https://b.blob.core.windows.net/v/a.vhd' } } })).id!;
  otherImageId = (await compute.images.createOrUpdate(RG, 'other', { location: 'westeurope', storageProfile: { osDisk: { ...osDisk, blobUri: 'https://b.blob.core.windows.net/v/b.vhd' } } })).id!;
  // What `sign` with signer github produces, with a local CA standing in for Fulcio (Sigstore is not reachable).
  const manifest = await fetchManifest(compute, parseSubjectId(imageId), {});
  digest = manifestDigest(manifest);
  const statement = buildStatement({
    manifest,
    run: { platform: 'github', repository: 'contoso/images', workflowRef: 'contoso/images/.github/workflows/image.yml@refs/heads/main' },
    externalParameters: {},
    startedOn: new Date(),
    finishedOn: new Date(),
  });
  const fulcio = await createFakeFulcio();
  const bundle = await signKeyless(fulcio, Buffer.from(canonicalJson(statement), 'utf8'), { san: SAN });
  bundleFile = join(dir, `${digest}.sigstore.json`);
  writeFileSync(bundleFile, JSON.stringify(bundle, null, 2));
  // `gh attestation trusted-root` prints JSON lines; the first is used.
  writeFileSync(rootFile, `${JSON.stringify(fulcio.trustedRoot)}\n`);
});

describe('verify step with github: identities (keyless Sigstore bundles) against the emulator', () => {
  it('verifies the bundle, reports the workflow identity and the live subject digest', async () => {
    const c = ctx();
    const { outputs, summary } = await runVerify(
      { 'subject-id': imageId, envelope: bundleFile, 'trusted-keys': ['github:contoso/images'], 'trusted-root': rootFile, repository: 'contoso/images' },
      c,
    );
    expect(outputs).toEqual({ verified: true, digest, keyid: SAN, 'builder-id': expect.stringContaining('contoso/images') });
    expect(c.logger.text()).toContain(`Keyless signature by GitHub workflow ${SAN} is valid`);
    expect(JSON.stringify(summary)).toContain(SAN);
    expect(c.logger.text()).not.toContain(emulator.current.defaultPrincipal.clientSecret);
    expect(c.logger.openGroups).toEqual([]);
  });

  it('fails with E_SUBJECT_MISMATCH for another live image and changes nothing in Azure', async () => {
    const c = ctx();
    const before = emulator.current.requestLog.entries().length;
    await expect(
      runVerify({ 'subject-id': otherImageId, envelope: bundleFile, 'trusted-keys': ['github:contoso/images'], 'trusted-root': rootFile }, c),
    ).rejects.toMatchObject({ code: 'E_SUBJECT_MISMATCH' });
    expect(armWritesSince(before)).toEqual([]);
  });

  it('refuses another repository, another ref, and a stricter log threshold than the bundle meets', async () => {
    const base = { 'subject-id': imageId, envelope: bundleFile, 'trusted-root': rootFile };
    await expect(runVerify({ ...base, 'trusted-keys': ['github:fabrikam/images'] }, ctx())).rejects.toMatchObject({ code: 'E_KEY_UNTRUSTED' });
    await expect(runVerify({ ...base, 'trusted-keys': ['github:contoso/images ref=refs/heads/release'] }, ctx())).rejects.toMatchObject({
      code: 'E_KEY_UNTRUSTED',
      message: expect.stringContaining("source ref is 'refs/heads/main', expected 'refs/heads/release'"),
    });
    await expect(runVerify({ ...base, 'trusted-keys': ['github:contoso/images'], 'tlog-threshold': 2 }, ctx())).rejects.toMatchObject({ code: 'E_TLOG_INVALID' });
  });

  it('verifies any in-toto attestation by subject digest: the real sigstore-js attestation, without touching Azure', async () => {
    const fixtures = resolve(import.meta.dirname, '../../../../shared/fixtures/sigstore');
    const sha512 = createHash('sha512').update(readFileSync(join(fixtures, 'sigstore-js-2.1.0.tgz'))).digest('hex');
    const c = ctx();
    const before = emulator.current.requestLog.entries().length;
    const parsed = {
      envelope: join(fixtures, 'sigstore-js-2.1.0-bundle.json'),
      'subject-digest': `sha512:${sha512}`,
      'trusted-keys': ['github:sigstore/sigstore-js/release.yml ref=refs/heads/main'],
      'trusted-root': join(fixtures, 'trusted_root.json'),
    };
    const { outputs } = await runVerify(parsed, c);
    expect(outputs).toMatchObject({ verified: true, digest: `sha512:${sha512}`, keyid: expect.stringContaining('sigstore/sigstore-js') });
    expect(c.logger.text()).toContain("subject 'pkg:npm/sigstore@2.1.0'");
    await expect(runVerify({ ...parsed, 'predicate-type': 'https://spdx.dev/Document' }, ctx())).rejects.toMatchObject({ code: 'E_POLICY_MISMATCH' });
    expect(emulator.current.requestLog.entries().slice(before)).toEqual([]);
    expect(() => verifyStep.resolve({ 'subject-digest': `sha512:${sha512}`, 'trusted-keys': ['k.pem'] }, undefined)).toThrow(/needs 'envelope'/);
    expect(() => verifyStep.resolve({ 'subject-id': imageId, 'predicate-type': 'x', 'trusted-keys': ['k.pem'] }, undefined)).toThrow(/needs 'subject-digest'/);
  });

  it('rejects github: trust without trusted-root, and a bad threshold, before touching Azure', () => {
    expect(() => verifyStep.resolve({ 'subject-id': imageId, 'trusted-keys': ['github:contoso/images'] }, undefined)).toThrow(/trusted-root/);
    expect(() => verifyStep.resolve({ 'subject-id': imageId, 'trusted-keys': ['github:contoso/images'], 'trusted-root': rootFile, 'tlog-threshold': 0 }, undefined)).toThrow(
      /tlog-threshold.*1 or more/,
    );
  });

  it('verifies a gallery version published from the image through the library API pin-rollout uses', async () => {
    const c = ctx();
    const compute = c.azure.compute();
    await compute.galleries.createOrUpdate(RG, 'gal', { location: 'westeurope' });
    await compute.galleryImages.createOrUpdate(RG, 'gal', 'ubuntu', {
      location: 'westeurope',
      osType: 'Linux',
      osState: 'Generalized',
      identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '24_04' },
    });
    const version = await compute.galleryImageVersions.createOrUpdate(RG, 'gal', 'ubuntu', '1.0.0', {
      location: 'westeurope',
      storageProfile: { source: { id: imageId } },
      publishingProfile: { targetRegions: [{ name: 'westeurope' }] },
    });
    const { envelope, bundle } = parseEnvelopeOrBundle(readFileSync(bundleFile, 'utf8'), 'bundle');
    const root = JSON.parse(readFileSync(rootFile, 'utf8')) as unknown;
    const result = await verifyImageSignature({
      compute,
      subjectId: version.id!,
      envelope,
      bundle,
      trustedKeys: [],
      sigstore: { identities: [{ repository: 'contoso/images', workflow: '.github/workflows/image.yml' }], trustedRoots: [root] },
    });
    expect(result).toMatchObject({ identity: SAN, digest });
  });
});
