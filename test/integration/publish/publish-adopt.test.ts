import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImagePublishError } from '../../../src/core/errors.js';
import { publishImage } from '../../../src/core/gallery/publish-image.js';
import { galleryResourceId } from '../../../src/core/azure/resource-id.js';
import { ProvenanceTagKeys } from '../../../src/core/tags/provenance-tags.js';
import { publishStep } from '../../../src/steps/publish.js';
import { LOCATION, RG, config, usePublishEmulator, writesSince } from './publish-fixture.js';

const fx = usePublishEmulator();
const GALLERY = 'gal_images';
const IMAGE = 'ubuntu-24';
const dir = mkdtempSync(join(tmpdir(), 'publish-adopt-'));
const PACKER_TAGS = { 'packer.build': 'build-42', owner: 'packer-owner' };

/** Creates a version the way Packer's azure-arm builder does: from its managed image, with its own tags. */
async function packerVersion(name: string, image = IMAGE, wait = true): Promise<string> {
  const source = await fx.managedImage(`packer-${image}-${name}`);
  const poller = fx
    .ctx()
    .azure.compute()
    .galleryImageVersions.createOrUpdate(
      RG,
      GALLERY,
      image,
      name,
      {
        location: LOCATION,
        tags: PACKER_TAGS,
        storageProfile: { source: { id: source } },
        publishingProfile: { targetRegions: [{ name: LOCATION, regionalReplicaCount: 1 }], excludeFromLatest: false },
      },
      { updateIntervalInMs: 100 },
    );
  if (wait) await poller.pollUntilDone();
  else await poller.submitted();
  return galleryResourceId(fx.emulator.subscriptionId, RG, GALLERY, image, name);
}

/** A bake manifest as bake's Packer engine writes it when Packer published to a gallery itself. */
function packerManifest(name: string, galleryVersionId: string): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ schemaVersion: 1, engine: 'packer', galleryVersionId, createdAt: '2026-01-01T00:00:00Z' }));
  return path;
}

async function expectUnchangedFailure(fn: () => Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const before = fx.emulator.state.snapshot();
  const mark = fx.emulator.requestLog.entries().length;
  const error = await fn().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ImagePublishError);
  expect({ code: (error as ImagePublishError).code, message: (error as ImagePublishError).message }).toMatchObject({ code, message: expect.stringMatching(message) });
  expect((error as ImagePublishError).message).not.toContain(fx.emulator.defaultPrincipal.clientSecret);
  expect(writesSince(fx.emulator, mark)).toEqual([]);
  expect(fx.emulator.state.snapshot()).toEqual(before);
}

const versions = async (image = IMAGE) => {
  const names: string[] = [];
  for await (const v of fx.ctx().azure.compute().galleryImageVersions.listByGalleryImage(RG, GALLERY, image)) names.push(v.name ?? '');
  return names.sort();
};

describe('publish adopts the gallery version bake (Packer) published', () => {
  beforeAll(async () => {
    // Gallery and definition exist, as they must for Packer to publish into them; plus a second definition.
    await publishImage(fx.inputs({ source: await fx.managedImage('img-setup'), version: '0.0.1' }), fx.ctx(), fx.tuning);
    await publishImage(fx.inputs({ source: await fx.managedImage('img-setup-2'), version: '0.0.1', 'image-definition': 'other-def' }), fx.ctx(), fx.tuning);
  });

  it('adopts: no new version, tags merged, excludeFromLatest and end of life patched once; a re-run writes nothing', async () => {
    const id = await packerVersion('2.0.0');
    const manifest = packerManifest('adopt', id);
    const ctx = fx.ctx();
    const mark = fx.emulator.requestLog.entries().length;
    const parsed = { 'bake-manifest': manifest, 'end-of-life': '2030-06-30', tags: 'env=prod' };
    const result = await publishStep.run(publishStep.resolve(parsed, config), ctx);

    expect(result.outputs).toEqual({
      'image-version-id': id,
      version: '2.0.0',
      'image-definition-id': galleryResourceId(fx.emulator.subscriptionId, RG, GALLERY, IMAGE),
      'gallery-id': galleryResourceId(fx.emulator.subscriptionId, RG, GALLERY),
      created: false,
    });
    expect(result.summary?.status).toBe(`Adopted ${GALLERY}/${IMAGE} 2.0.0`);
    const writes = writesSince(fx.emulator, mark);
    expect(writes).toEqual([expect.stringMatching(/^PATCH .*\/versions\/2\.0\.0$/)]);
    expect(await versions()).toEqual(['0.0.1', '2.0.0']);

    const version = await ctx.azure.compute().galleryImageVersions.get(RG, GALLERY, IMAGE, '2.0.0');
    expect(version.tags).toMatchObject({
      'packer.build': 'build-42',
      owner: 'platform-team', // image.yaml's tag wins over Packer's value for the same key
      env: 'prod',
      [ProvenanceTagKeys.bakeEngine]: 'packer',
      [ProvenanceTagKeys.platform]: expect.any(String),
    });
    expect(version.tags?.[ProvenanceTagKeys.sourceId]?.toLowerCase()).toContain('/images/packer-ubuntu-24-2.0.0');
    expect(version.publishingProfile?.excludeFromLatest).toBe(true);
    expect(version.publishingProfile?.endOfLifeDate?.toISOString()).toBe('2030-06-30T00:00:00.000Z');
    expect(version.storageProfile?.source?.id?.toLowerCase()).toContain('/images/packer-ubuntu-24-2.0.0');
    expect(ctx.logger.messages('info').join('\n')).toMatch(/Adopting image version gal_images\/ubuntu-24\/2\.0\.0/);

    const again = fx.emulator.requestLog.entries().length;
    const rerun = await publishStep.run(publishStep.resolve(parsed, config), fx.ctx());
    expect(rerun.outputs).toMatchObject({ version: '2.0.0', created: false });
    expect(writesSince(fx.emulator, again)).toEqual([]);
  });

  it('waits for a version Packer is still creating, then adopts it', async () => {
    const id = await packerVersion('2.1.0', IMAGE, false);
    const before = await fx.ctx().azure.compute().galleryImageVersions.get(RG, GALLERY, IMAGE, '2.1.0');
    expect(before.provisioningState).toBe('Creating');
    const ctx = fx.ctx();
    const result = await publishImage(fx.inputs({ 'bake-manifest': packerManifest('in-progress', id) }), ctx, fx.tuning);
    expect(result).toMatchObject({ version: '2.1.0', created: false, adopted: true, provisioningState: 'Succeeded' });
    expect(ctx.logger.messages('info').join('\n')).toMatch(/2\.1\.0 is still Creating; waiting/);
  });

  it('adopt: false copies the Packer version into a new version instead', async () => {
    const id = await packerVersion('3.0.0');
    const result = await publishImage(fx.inputs({ 'bake-manifest': packerManifest('copy', id), adopt: 'false', version: '3.0.1' }), fx.ctx(), fx.tuning);
    expect(result).toMatchObject({ version: '3.0.1', created: true, source: { kind: 'gallery-version', id } });
  });

  it('a version in another definition is copied by default; with adopt: true it is refused and nothing changes', async () => {
    const id = await packerVersion('4.0.0', 'other-def');
    const manifest = packerManifest('other-def', id);
    await expectUnchangedFailure(
      () => publishImage(fx.inputs({ 'bake-manifest': manifest, adopt: true }), fx.ctx(), fx.tuning),
      'E_INPUT_INVALID',
      /Cannot adopt .*other-def\/versions\/4\.0\.0.*needs the version to be in the target gallery and definition 'rg-images\/gal_images\/ubuntu-24'.*drop 'adopt'/,
    );
    const copied = await publishImage(fx.inputs({ 'bake-manifest': manifest, version: '4.0.0' }), fx.ctx(), fx.tuning);
    expect(copied).toMatchObject({ version: '4.0.0', created: true, source: { kind: 'gallery-version', id } });
    expect(copied.adopted).toBeUndefined();
  });

  it('a Failed Packer version is a clear error and nothing changes', async () => {
    fx.emulator.faults.failOperations({ count: 1, match: { method: 'PUT', path: '/versions/5\\.0\\.0$' }, code: 'InternalOperationError', message: 'Replication failed.' });
    const id = await packerVersion('5.0.0').catch(() => galleryResourceId(fx.emulator.subscriptionId, RG, GALLERY, IMAGE, '5.0.0'));
    const state = await fx.ctx().azure.compute().galleryImageVersions.get(RG, GALLERY, IMAGE, '5.0.0');
    expect(state.provisioningState).toBe('Failed');
    await expectUnchangedFailure(
      () => publishImage(fx.inputs({ 'bake-manifest': packerManifest('failed', id) }), fx.ctx(), fx.tuning),
      'E_OPERATION_FAILED',
      /5\.0\.0 named by bake manifest .* is in state Failed, so it cannot be adopted.*Nothing was changed/,
    );
  });

  it('an explicit version other than the adopted one, and a missing version, are refused before any write', async () => {
    const id = await packerVersion('6.0.0');
    await expectUnchangedFailure(
      () => publishImage(fx.inputs({ 'bake-manifest': packerManifest('explicit', id), version: '6.0.1' }), fx.ctx(), fx.tuning),
      'E_INPUT_INVALID',
      /Input 'version' is '6\.0\.1'.*names version 6\.0\.0/,
    );
    const missing = galleryResourceId(fx.emulator.subscriptionId, RG, GALLERY, IMAGE, '9.9.9');
    await expectUnchangedFailure(
      () => publishImage(fx.inputs({ 'bake-manifest': packerManifest('missing', missing) }), fx.ctx(), fx.tuning),
      'E_NOT_FOUND',
      /9\.9\.9 named by bake manifest .* does not exist/,
    );
  });
});
