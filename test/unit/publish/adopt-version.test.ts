import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GalleryImageVersion } from '@azure/arm-compute';
import { describe, expect, it } from 'vitest';
import { adoptionPatch, decideAdoption, mergeAdoptedTags } from '../../../src/core/gallery/adopt-version.js';
import { readBakeManifest } from '../../../src/core/gallery/bake-manifest.js';
import { resolvePublishInputs } from '../../../src/core/gallery/publish-inputs.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const target = { resourceGroup: 'rg-images', gallery: 'gal', image: 'ubuntu' };
const versionId = (image = 'ubuntu', gallery = 'gal', sub = SUB) =>
  `/subscriptions/${sub}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/${gallery}/images/${image}/versions/1.2.3`;
const origin = "bake manifest 'm.json'";

describe('decideAdoption', () => {
  it('adopts a version in the target definition by default and with adopt: true (ids compared case-insensitively)', () => {
    expect(decideAdoption(versionId(), origin, undefined, target, SUB)).toMatchObject({ name: '1.2.3', id: versionId(), origin });
    expect(decideAdoption(versionId().toUpperCase().replace('/VERSIONS/', '/versions/'), origin, true, target, SUB)?.name).toBe('1.2.3');
  });

  it('copies (undefined) with adopt: false, or by default for a version elsewhere or no version at all', () => {
    expect(decideAdoption(versionId(), origin, false, target, SUB)).toBeUndefined();
    expect(decideAdoption(versionId('other'), origin, undefined, target, SUB)).toBeUndefined();
    expect(decideAdoption(versionId('ubuntu', 'gal2'), origin, undefined, target, SUB)).toBeUndefined();
    expect(decideAdoption(versionId('ubuntu', 'gal', 'other-sub'), origin, undefined, target, SUB)).toBeUndefined();
    expect(decideAdoption(undefined, origin, undefined, target, SUB)).toBeUndefined();
  });

  it('with adopt: true, a version outside the target definition or no version is E_INPUT_INVALID saying how to fix it', () => {
    expect(() => decideAdoption(versionId('other'), origin, true, target, SUB)).toThrow(
      expect.objectContaining({
        code: 'E_INPUT_INVALID',
        message: expect.stringMatching(/needs the version to be in the target gallery and definition 'rg-images\/gal\/ubuntu'.*it is in 'rg-images\/gal\/other'.*drop 'adopt'/),
      }),
    );
    expect(() => decideAdoption(undefined, origin, true, target, SUB)).toThrow(expect.objectContaining({ code: 'E_INPUT_INVALID', message: expect.stringMatching(/no gallery version to adopt/) }));
  });
});

describe('mergeAdoptedTags', () => {
  it('keeps existing tags, applies user tags, and adds provenance only where missing', () => {
    const merged = mergeAdoptedTags(
      { 'packer.build': '42', owner: 'packer', 'image-publish.run-id': 'first' },
      { owner: 'team', env: 'prod' },
      { 'image-publish.run-id': 'second', 'image-publish.bake-engine': 'packer' },
    );
    expect(merged).toEqual({ 'packer.build': '42', owner: 'team', env: 'prod', 'image-publish.run-id': 'first', 'image-publish.bake-engine': 'packer' });
  });
});

describe('adoptionPatch', () => {
  const existing: GalleryImageVersion = {
    location: 'westeurope',
    tags: { a: '1' },
    publishingProfile: { excludeFromLatest: true, endOfLifeDate: new Date('2030-06-30T00:00:00Z'), targetRegions: [{ name: 'westeurope', regionalReplicaCount: 2 }] },
    storageProfile: { source: { id: 'x' } },
  };

  it('is undefined when tags, excludeFromLatest and end of life already match (end of life to the day)', () => {
    expect(adoptionPatch(existing, { tags: { a: '1' }, excludeFromLatest: true, endOfLifeDate: new Date('2030-06-30T13:45:00Z') })).toBeUndefined();
    expect(adoptionPatch(existing, { tags: {}, excludeFromLatest: true })).toBeUndefined();
  });

  it('sends the full merged tags and only the profile fields that differ, never the storage profile', () => {
    const patch = adoptionPatch({ ...existing, publishingProfile: { ...existing.publishingProfile, excludeFromLatest: false } }, {
      tags: { b: '2' },
      excludeFromLatest: true,
      endOfLifeDate: new Date('2031-01-01T00:00:00Z'),
    });
    expect(patch).toEqual({ tags: { a: '1', b: '2' }, publishingProfile: { excludeFromLatest: true, endOfLifeDate: new Date('2031-01-01T00:00:00Z') } });
  });

  it('treats a missing excludeFromLatest as false and corrects a region whose own flag disagrees, keeping its other settings', () => {
    const patch = adoptionPatch(
      { location: 'westeurope', publishingProfile: { targetRegions: [{ name: 'westeurope', regionalReplicaCount: 2, excludeFromLatest: false }] } },
      { tags: {}, excludeFromLatest: true },
    );
    expect(patch).toEqual({
      publishingProfile: { excludeFromLatest: true, targetRegions: [{ name: 'westeurope', regionalReplicaCount: 2, excludeFromLatest: true }] },
    });
  });
});

describe('bake manifest and inputs for adoption', () => {
  it('reads galleryVersionId (camelCase or kebab-case) and accepts a manifest that only has it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adopt-unit-'));
    const camel = join(dir, 'camel.json');
    const kebab = join(dir, 'kebab.json');
    const none = join(dir, 'none.json');
    writeFileSync(camel, JSON.stringify({ engine: 'packer', galleryVersionId: versionId() }));
    writeFileSync(kebab, JSON.stringify({ 'gallery-version-id': versionId() }));
    writeFileSync(none, JSON.stringify({ engine: 'packer' }));
    expect(await readBakeManifest(camel)).toEqual({ engine: 'packer', galleryVersionId: versionId() });
    expect((await readBakeManifest(kebab)).galleryVersionId).toBe(versionId());
    await expect(readBakeManifest(none)).rejects.toMatchObject({ code: 'E_INPUT_INVALID', message: expect.stringMatching(/none of 'image-id', 'vhd-uri' or 'gallery-version-id'/) });
  });

  it("parses 'adopt': absent or empty means decide from the manifest; true/false are kept; anything else is refused", () => {
    const base = { 'bake-manifest': 'm.json', 'resource-group': 'rg', gallery: 'gal', 'image-definition': 'ubuntu', publisher: 'p', offer: 'o', sku: 's' };
    expect(resolvePublishInputs(base, undefined).adopt).toBeUndefined();
    expect(resolvePublishInputs({ ...base, adopt: '' }, undefined).adopt).toBeUndefined();
    expect(resolvePublishInputs({ ...base, adopt: 'true' }, undefined).adopt).toBe(true);
    expect(resolvePublishInputs({ ...base, adopt: false }, undefined).adopt).toBe(false);
    expect(() => resolvePublishInputs({ ...base, adopt: 'yes' }, undefined)).toThrow(expect.objectContaining({ code: 'E_INPUT_INVALID', message: expect.stringMatching(/Input 'adopt' is 'yes'/) }));
  });
});
