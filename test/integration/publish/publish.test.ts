import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProvenanceTagKeys } from '../../../src/core/tags/provenance-tags.js';
import { publishImage } from '../../../src/core/gallery/publish-image.js';
import { normalizeRegion, versionBody } from '../../../src/core/gallery/version-body.js';
import { applyVersionPlan, planVersion } from '../../../src/core/gallery/publish-version.js';
import { detectSource } from '../../../src/core/gallery/image-source.js';
import { publishStep } from '../../../src/steps/publish.js';
import { LOCATION, RG, config, usePublishEmulator, writesSince } from './publish-fixture.js';

const fx = usePublishEmulator();

describe('publish (SDK against the emulator)', () => {
  it('creates gallery, definition and a tagged version from a managed image, then a re-run writes nothing', async () => {
    const source = await fx.managedImage('img-first');
    const ctx = fx.ctx();
    const parsed = { source, version: '1.0.0', 'end-of-life': '+180d', tags: 'env=prod' };
    const result = await publishStep.run(publishStep.resolve(parsed, config), ctx);

    const sub = fx.emulator.subscriptionId;
    const versionId = `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Compute/galleries/gal_images/images/ubuntu-24/versions/1.0.0`;
    expect(result.outputs).toEqual({
      'image-version-id': versionId,
      version: '1.0.0',
      'image-definition-id': `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Compute/galleries/gal_images/images/ubuntu-24`,
      'gallery-id': `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Compute/galleries/gal_images`,
      created: true,
    });
    expect(result.summary?.sections[0]).toMatchObject({ kind: 'table' });

    const version = await ctx.azure.compute().galleryImageVersions.get(RG, 'gal_images', 'ubuntu-24', '1.0.0');
    expect(version.provisioningState).toBe('Succeeded');
    expect(version.storageProfile?.source?.id?.toLowerCase()).toBe(source.toLowerCase());
    expect(version.publishingProfile?.excludeFromLatest).toBe(true);
    expect(normalizeRegion(version.publishingProfile?.targetRegions?.[0]?.name ?? '')).toBe(LOCATION);
    const eol = version.publishingProfile?.endOfLifeDate?.getTime() ?? 0;
    expect(Math.abs(eol - (Date.now() + 180 * 86_400_000))).toBeLessThan(3_600_000);
    expect(version.tags).toMatchObject({
      owner: 'platform-team',
      env: 'prod',
      [ProvenanceTagKeys.commit]: '0123456789abcdef0123456789abcdef01234567',
      [ProvenanceTagKeys.ref]: 'refs/heads/main',
      [ProvenanceTagKeys.runUrl]: 'https://github.com/contoso/images/actions/runs/1001',
      [ProvenanceTagKeys.runId]: '1001',
      [ProvenanceTagKeys.actor]: 'octocat',
      [ProvenanceTagKeys.sourceId]: source,
    });
    expect(version.tags?.[ProvenanceTagKeys.claim]).toMatch(/^1001\//);

    const definition = await ctx.azure.compute().galleryImages.get(RG, 'gal_images', 'ubuntu-24');
    expect(definition.identifier).toEqual({ publisher: 'contoso', offer: 'ubuntu', sku: '24_04' });
    expect(definition.features).toEqual(
      expect.arrayContaining([
        { name: 'SecurityType', value: 'TrustedLaunch' },
        { name: 'DiskControllerTypes', value: 'SCSI,NVMe' },
      ]),
    );
    expect(ctx.logger.openGroups).toEqual([]);
    expect(ctx.logger.text()).not.toContain(fx.emulator.defaultPrincipal.clientSecret);

    // Re-run with the same source: success, created=false, and not a single write reaches ARM.
    const mark = fx.emulator.requestLog.entries().length;
    const before = fx.emulator.state.snapshot();
    const again = await publishStep.run(publishStep.resolve(parsed, config), fx.ctx());
    expect(again.outputs).toMatchObject({ version: '1.0.0', created: false, 'image-version-id': versionId });
    expect(writesSince(fx.emulator, mark)).toEqual([]);
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });

  it('auto takes the next patch above the highest version, and bump: minor the next minor', async () => {
    const ctx = fx.ctx({ run: { runId: 'auto-1' } });
    const first = await publishImage(fx.inputs({ source: await fx.managedImage('img-auto-a'), version: '1.9.0' }), ctx, fx.tuning);
    expect(first.version).toBe('1.9.0');
    const auto = await publishImage(fx.inputs({ source: await fx.managedImage('img-auto-b'), version: 'auto' }), fx.ctx({ run: { runId: 'auto-2' } }), fx.tuning);
    expect(auto).toMatchObject({ version: '1.9.1', created: true });
    const minor = await publishImage(
      fx.inputs({ source: await fx.managedImage('img-auto-c'), version: 'auto', bump: 'minor' }),
      fx.ctx({ run: { runId: 'auto-3' } }),
      fx.tuning,
    );
    expect(minor.version).toBe('1.10.0');
  });

  it('a re-run of the same CI run with version: auto resumes its own version instead of taking a new number', async () => {
    const source = await fx.managedImage('img-auto-rerun');
    const first = await publishImage(fx.inputs({ source, version: 'auto' }), fx.ctx({ run: { runId: 'rerun-1', runAttempt: 1 } }), fx.tuning);
    const second = await publishImage(fx.inputs({ source, version: 'auto' }), fx.ctx({ run: { runId: 'rerun-1', runAttempt: 2 } }), fx.tuning);
    expect(second).toMatchObject({ version: first.version, created: false });
  });

  it('date scheme: YYYY.MMDD.<run number>', async () => {
    const ctx = fx.ctx({ run: { runNumber: 4242, runId: 'date-1' } });
    const result = await publishImage(fx.inputs({ source: await fx.managedImage('img-date'), version: 'date' }), ctx, fx.tuning);
    const now = new Date();
    expect(result.version).toBe(`${now.getUTCFullYear()}.${(now.getUTCMonth() + 1) * 100 + now.getUTCDate()}.4242`);
  });

  it('publishes from a snapshot, a VHD and another gallery version (copy), with safety profile and regions', async () => {
    const snap = await publishImage(fx.inputs({ source: fx.snapshot('snap-1'), version: '3.0.0' }), fx.ctx(), fx.tuning);
    expect(snap.source.kind).toBe('snapshot');

    const account = `/subscriptions/${fx.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/bakes`;
    const vhd = await publishImage(
      fx.inputs({ source: 'https://bakes.blob.core.windows.net/vhds/os-3.vhd', 'storage-account-id': account, version: '3.0.1' }),
      fx.ctx(),
      fx.tuning,
    );
    expect(vhd.source.kind).toBe('vhd');

    const copy = await publishImage(
      fx.inputs({
        source: snap.imageVersionId,
        version: '3.0.2',
        regions: ['northeurope'],
        'replica-count': 2,
        'block-deletion-before-end-of-life': true,
        'exclude-from-latest': false,
      }),
      fx.ctx(),
      fx.tuning,
    );
    expect(copy).toMatchObject({ created: true, targetRegions: ['westeurope', 'northeurope'] });
    const stored = await fx.ctx().azure.compute().galleryImageVersions.get(RG, 'gal_images', 'ubuntu-24', '3.0.2');
    expect(stored.storageProfile?.source?.id?.toLowerCase()).toBe(snap.imageVersionId.toLowerCase());
    expect(stored.safetyProfile?.blockDeletionBeforeEndOfLife).toBe(true);
    expect(stored.publishingProfile?.excludeFromLatest).toBe(false);
    expect(stored.publishingProfile?.replicaCount).toBe(2);
  });

  it('publishes from a virtual machine (storageProfile.source.virtualMachineId)', async () => {
    const vmId = `/subscriptions/${fx.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/vm-golden`;
    fx.emulator.state.seed([
      {
        id: vmId,
        body: {
          location: LOCATION,
          properties: {
            provisioningState: 'Succeeded',
            storageProfile: { osDisk: { osType: 'Linux', diskSizeGB: 64, createOption: 'FromImage' } },
          },
        },
      },
    ]);
    const result = await publishImage(fx.inputs({ source: vmId, version: '3.1.0' }), fx.ctx(), fx.tuning);
    expect(result.source.kind).toBe('virtual-machine');
    const stored = await fx.ctx().azure.compute().galleryImageVersions.get(RG, 'gal_images', 'ubuntu-24', '3.1.0');
    expect(stored.storageProfile?.source?.virtualMachineId?.toLowerCase()).toBe(vmId.toLowerCase());
    expect(stored.storageProfile?.osDiskImage?.sizeInGB).toBe(64);
  });

  it('two pipelines racing on auto both succeed with different versions', async () => {
    // Same source on purpose: the second PUT is then a valid update in ARM's eyes, the hardest case to detect.
    const source = await fx.managedImage('img-race');
    const [a, b] = await Promise.all([
      publishImage(fx.inputs({ source, version: 'auto' }), fx.ctx({ run: { runId: 'race-a' } }), fx.tuning),
      publishImage(fx.inputs({ source, version: 'auto' }), fx.ctx({ run: { runId: 'race-b' } }), fx.tuning),
    ]);
    expect(a.created && b.created).toBe(true);
    expect(a.version).not.toBe(b.version);
    const compute = fx.ctx().azure.compute();
    for (const r of [a, b]) {
      const v = await compute.galleryImageVersions.get(RG, 'gal_images', 'ubuntu-24', r.version);
      expect(v.provisioningState).toBe('Succeeded');
    }
    const tags = await Promise.all([a, b].map((r) => compute.galleryImageVersions.get(RG, 'gal_images', 'ubuntu-24', r.version)));
    expect(tags.map((v) => v.tags?.[ProvenanceTagKeys.claim]?.split('/')[0]).sort()).toEqual(['race-a', 'race-b']);
  });

  it('a run whose auto plan went stale (another run took the number) moves to the next number', async () => {
    const source = await fx.managedImage('img-stale');
    const inputs = fx.inputs({ source, version: 'auto' });
    await publishImage(inputs, fx.ctx({ run: { runId: 'stale-setup' } }), fx.tuning); // the definition exists
    const ctxB = fx.ctx({ run: { runId: 'stale-b' } });
    const request = { kind: 'auto', bump: 'patch' } as const;
    const planB = await planVersion(
      { azure: ctxB.azure, target: inputs.target, request, sourceIdentity: source, runId: 'stale-b', replaceFailed: false },
      true,
      new Date(),
      undefined,
    );
    const a = await publishImage(inputs, fx.ctx({ run: { runId: 'stale-a' } }), fx.tuning);
    const b = await applyVersionPlan(
      {
        azure: ctxB.azure,
        logger: ctxB.logger,
        target: inputs.target,
        request,
        sourceIdentity: source,
        body: versionBody(detectSource(source, undefined), { homeRegion: LOCATION, excludeFromLatest: true }, { owner: 'platform-team' }),
        runId: 'stale-b',
        replaceFailed: false,
        wait: { logger: ctxB.logger, clock: ctxB.clock, signal: ctxB.signal, timeoutMs: 60_000, progressEveryMs: 1000 },
        ...fx.tuning,
      },
      planB,
    );
    const [major, minor, patch] = a.version.split('.').map(Number) as [number, number, number];
    expect(b).toMatchObject({ created: true, version: { name: `${major}.${minor}.${patch + 1}` } });
    // B never wrote to A's version: it still carries A's claim.
    const stored = await ctxB.azure.compute().galleryImageVersions.get(RG, 'gal_images', inputs.target.image, a.version);
    expect(stored.tags?.[ProvenanceTagKeys.claim]).toMatch(/^stale-a\//);
  });

  it('takes the source and bake engine from a bake manifest', async () => {
    const ctx = fx.ctx();
    const manifest = join(ctx.workDir, 'bake-manifest.json');
    writeFileSync(manifest, JSON.stringify({ 'image-id': await fx.managedImage('img-baked'), engine: 'packer' }));
    const result = await publishImage(fx.inputs({ 'bake-manifest': manifest, version: '4.1.0' }), ctx, fx.tuning);
    expect(result).toMatchObject({ created: true, source: { kind: 'managed-image' } });
    const stored = await ctx.azure.compute().galleryImageVersions.get(RG, 'gal_images', 'ubuntu-24', '4.1.0');
    expect(stored.tags?.[ProvenanceTagKeys.bakeEngine]).toBe('packer');
  });

  it('reports progress at a steady cadence while waiting', async () => {
    const ctx = fx.ctx();
    await publishImage(fx.inputs({ source: await fx.managedImage('img-progress'), version: '4.0.0' }, { progressEveryMs: 100 }), ctx, fx.tuning);
    const progress = ctx.logger.messages('info').filter((m) => /^publishing 4\.0\.0: \w+, \d+s elapsed$/.test(m));
    expect(progress.length).toBeGreaterThan(0);
  });
});
