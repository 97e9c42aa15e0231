import { describe, expect, it } from 'vitest';
import { publishImage } from '../../../src/core/gallery/publish-image.js';
import { ProvenanceTagKeys } from '../../../src/core/tags/provenance-tags.js';
import { RG, usePublishEmulator } from './publish-fixture.js';

const fx = usePublishEmulator();

describe('version: auto when another pipeline overwrites the number between our PUT and our check', () => {
  it('sees the foreign claim on the version, moves to the next number, and the other run keeps its version', async () => {
    const source = await fx.managedImage('img-overwrite');
    const def = 'race-def';
    await publishImage(fx.inputs({ source, version: '0.0.1', 'image-definition': def }), fx.ctx(), fx.tuning);
    const other = fx.ctx({ run: { runId: 'other-pipeline' } });
    await other.azure.compute().galleries.get(RG, 'gal_images'); // token ready, so its PUT is quick

    // Hold our two reads of 0.0.2 (before the PUT, and the claim check after it) so the other PUT lands in between.
    const versionPath = `/images/${def}/versions/0\\.0\\.2$`;
    fx.emulator.faults.script(2, { kind: 'latency', ms: 2500 }, { method: 'GET', path: versionPath });
    const mark = fx.emulator.requestLog.entries().length;
    const ours = publishImage(fx.inputs({ source, version: 'auto', 'image-definition': def }), fx.ctx({ run: { runId: 'our-pipeline' } }), fx.tuning);

    // As soon as our PUT of 0.0.2 was answered, the other pipeline PUTs the same number (same source: a valid update for ARM).
    const ourPut = () => fx.emulator.requestLog.entries().slice(mark).some((e) => e.method === 'PUT' && new RegExp(versionPath).test(e.path));
    while (!ourPut()) await new Promise((r) => setTimeout(r, 20));
    const poller = other.azure.compute().galleryImageVersions.createOrUpdate(RG, 'gal_images', def, '0.0.2', {
      location: 'westeurope',
      tags: { owner: 'platform-team', [ProvenanceTagKeys.claim]: 'other-pipeline/1' },
      storageProfile: { source: { id: source } },
      publishingProfile: { excludeFromLatest: true, targetRegions: [{ name: 'westeurope' }] },
    });
    await poller.submitted();

    const result = await ours;
    expect(result).toMatchObject({ version: '0.0.3', created: true });
    const taken = await other.azure.compute().galleryImageVersions.get(RG, 'gal_images', def, '0.0.2');
    expect(taken.tags?.[ProvenanceTagKeys.claim]).toBe('other-pipeline/1');
    const mine = await other.azure.compute().galleryImageVersions.get(RG, 'gal_images', def, '0.0.3');
    expect(mine.tags?.[ProvenanceTagKeys.claim]).toMatch(/^our-pipeline\//);
  });
});
