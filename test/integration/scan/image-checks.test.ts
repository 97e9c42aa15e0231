import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageConfig } from '../../../src/core/config/image-config.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { runImageChecks } from '../../../src/core/scan/image-checks.js';
import { StepFailure } from '../../../src/steps/step-failure.js';
import { scanStep } from '../../../src/steps/scan.js';
import { startTestEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { fixture } from '../../unit/scan/fixtures.js';

// Real @azure/arm-compute against the emulator over HTTPS: a gallery version with a 200 GiB OS disk.
const RG = 'rg-scan';
const LOCATION = 'westeurope';
const target = { resourceGroup: RG, gallery: 'gal_scan', definition: 'ubuntu-24', version: '1.0.0' };
let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startTestEmulator({ timing: { lroDurationMs: 100, retryAfterSeconds: 1 } });
  const compute = createTestStepContext(emulator).azure.compute();
  await createTestStepContext(emulator).azure.resources().resourceGroups.createOrUpdate(RG, { location: LOCATION });
  await compute.galleries.beginCreateOrUpdateAndWait(RG, target.gallery, { location: LOCATION }, { updateIntervalInMs: 50 });
  await compute.galleryImages.beginCreateOrUpdateAndWait(
    RG,
    target.gallery,
    target.definition,
    {
      location: LOCATION,
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
      identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '24_04' },
      features: [{ name: 'SecurityType', value: 'TrustedLaunch' }],
    },
    { updateIntervalInMs: 50 },
  );
  const image = await compute.images.beginCreateOrUpdateAndWait(
    RG,
    'baked',
    { location: LOCATION, hyperVGeneration: 'V2', storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', diskSizeGB: 200, blobUri: 'https://bakes.blob.core.windows.net/vhds/baked.vhd' } } },
    { updateIntervalInMs: 50 },
  );
  await compute.galleryImageVersions.beginCreateOrUpdateAndWait(
    RG,
    target.gallery,
    target.definition,
    target.version,
    { location: LOCATION, tags: { owner: 'platform' }, storageProfile: { source: { id: image.id } } },
    { updateIntervalInMs: 50 },
  );
  // A second image built on top of 1.0.0: the gallery-version source that publisher and age checks read.
  await compute.galleryImages.beginCreateOrUpdateAndWait(
    RG,
    target.gallery,
    'derived',
    { location: LOCATION, osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', identifier: { publisher: 'platform', offer: 'ubuntu', sku: 'hardened' } },
    { updateIntervalInMs: 50 },
  );
  const base = galleryVersionId();
  await compute.galleryImageVersions.beginCreateOrUpdateAndWait(
    RG,
    target.gallery,
    'derived',
    '1.0.0',
    { location: LOCATION, storageProfile: { source: { id: base } } },
    { updateIntervalInMs: 50 },
  );
});

function galleryVersionId(): string {
  return `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/galleries/${target.gallery}/images/${target.definition}/versions/${target.version}`;
}

afterAll(async () => {
  await emulator?.close();
});

describe('built-in image checks through ARM', () => {
  it('reports SecurityType, osState, tags, source and ephemeral OS disk fit per VM size', async () => {
    const ctx = createTestStepContext(emulator);
    const results = await runImageChecks(ctx.azure, target, {
      securityType: ['TrustedLaunch', 'ConfidentialVM'],
      osState: 'Generalized',
      requiredTags: ['owner', 'cost-center'],
      approvedGalleries: [`/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/images/`],
      // Emulator SKUs (real capability values): D4ds_v5 150 GiB cache/resource, D4ads_v6 220 GiB NVMe, D2s_v5 none.
      ephemeralOsDiskSizes: ['Standard_D4ds_v5', 'Standard_D4ads_v6', 'Standard_D2s_v5', 'Standard_NoSuchSize'],
    }, Date.now());
    expect(results.map((r) => [r.check, r.passed])).toEqual([
      ['SecurityType', true],
      ['osState', true],
      ['Required tags', false],
      ['Approved source', true],
      ['Ephemeral OS disk on Standard_D4ds_v5', false],
      ['Ephemeral OS disk on Standard_D4ads_v6', true],
      ['Ephemeral OS disk on Standard_D2s_v5', false],
      ['Ephemeral OS disk on Standard_NoSuchSize', false],
    ]);
    expect(results[2]?.detail).toBe('version 1.0.0 lacks tag(s) cost-center');
    expect(results[4]?.detail).toBe('200 GiB in westeurope: OS disk 200 GiB is larger than its largest local disk (150 GiB)');
    expect(results[5]?.detail).toBe('200 GiB fits: NvmeDisk');
    expect(results[6]?.detail).toMatch(/does not support ephemeral OS disks/);
    expect(results[7]?.detail).toMatch(/not offered in this region/);
  });

  it('SecurityType mismatch names the definition and the fix', async () => {
    const ctx = createTestStepContext(emulator);
    const [result] = await runImageChecks(ctx.azure, target, { securityType: ['ConfidentialVM'] }, Date.now());
    expect(result).toEqual({
      check: 'SecurityType',
      passed: false,
      detail: 'definition gal_scan/ubuntu-24 has SecurityType TrustedLaunch; policy requires ConfidentialVM (set it when the definition is created; it cannot be changed later)',
    });
  });

  it('the scan step merges image checks into the gate, from image.yaml, with reports', async () => {
    const config: ImageConfig = {
      gallery: { name: target.gallery, resourceGroup: RG },
      requiredTags: ['owner'],
      scan: { failOn: 'none', checks: { securityType: ['TrustedLaunch'], requiredTags: true, ephemeralOsDiskSizes: ['Standard_D4ds_v5'] } },
    };
    const inputs = scanStep.resolve({ reports: [fixture('trivy/ubuntu-gp2-x86-vm.json.golden')], 'image-version': '1.0.0', 'image-definition': target.definition }, config);
    const ctx = createTestStepContext(emulator, { workDir: mkdtempSync(path.join(tmpdir(), 'scan-itg-')) });
    const error: unknown = await scanStep.run(inputs, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailure);
    const failure = error as StepFailure;
    expect(failure.message).toContain('Image check Ephemeral OS disk on Standard_D4ds_v5 failed: 200 GiB in westeurope');
    expect(failure.outputs).toMatchObject({ passed: false, high: 1 });
    const table = failure.summary?.sections.find((s) => s.kind === 'table' && s.heading === 'Image checks');
    expect(table).toMatchObject({ rows: [['SecurityType', 'pass', 'TrustedLaunch'], ['Required tags', 'pass', 'owner'], ['Ephemeral OS disk on Standard_D4ds_v5', 'fail', expect.any(String)]] });
  });

  it('approved publisher and base image age from a gallery-version source', async () => {
    const ctx = createTestStepContext(emulator);
    const derived = { ...target, definition: 'derived' };
    const now = Date.now();
    const ok = await runImageChecks(ctx.azure, derived, { approvedPublishers: ['Contoso'], maxBaseImageAge: '30d' }, now);
    expect(ok.map((r) => [r.check, r.passed])).toEqual([
      ['Approved publisher', true],
      ['Base image age', true],
    ]);
    const later = now + 40 * 86_400_000;
    const stale = await runImageChecks(ctx.azure, derived, { approvedPublishers: ['fabrikam'], maxBaseImageAge: '30d' }, later);
    expect(stale[0]?.detail).toBe('base gal_scan/ubuntu-24 is published by contoso, not one of fabrikam');
    expect(stale[1]).toMatchObject({ passed: false, detail: expect.stringMatching(/^base gal_scan\/ubuntu-24\/1\.0\.0 published \d{4}-\d{2}-\d{2} \(40 days ago; limit 30d\); rebuild from a newer base$/) });
  });

  it('base image age on a managed-image source fails and says why', async () => {
    const ctx = createTestStepContext(emulator);
    const [result] = await runImageChecks(ctx.azure, target, { maxBaseImageAge: '30d' }, Date.now());
    expect(result).toMatchObject({ check: 'Base image age', passed: false, detail: expect.stringMatching(/images\/baked is not a gallery image version in this subscription, so ARM reports neither its publisher nor its age/) });
  });

  it('a missing version fails with E_NOT_FOUND and changes nothing', async () => {
    const ctx = createTestStepContext(emulator);
    const error: unknown = await runImageChecks(ctx.azure, { ...target, version: '9.9.9' }, { osState: 'Generalized' }, Date.now()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_NOT_FOUND' });
    const versions = [];
    for await (const v of ctx.azure.compute().galleryImageVersions.listByGalleryImage(RG, target.gallery, target.definition)) versions.push(v.name);
    expect(versions).toEqual(['1.0.0']);
    expect(galleryVersionId()).toContain('/versions/1.0.0');
  });
});
