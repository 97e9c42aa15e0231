import { describe, expect, it } from 'vitest';
import { publishImage } from '../../../src/core/gallery/publish-image.js';
import { STALE_INTENT_MS } from '../../../src/core/gallery/version-intent.js';
import { ProvenanceTagKeys } from '../../../src/core/tags/provenance-tags.js';
import { LOCATION, RG, usePublishEmulator } from './publish-fixture.js';

const fx = usePublishEmulator();

/** Another run's intent register, as version-intent.ts writes it. */
async function declareForeign(name: string, intent: string, since: Date): Promise<void> {
  await fx.ctx().azure.compute().galleryApplications.createOrUpdate(RG, 'gal_images', name, {
    location: LOCATION,
    supportedOSType: 'Linux',
    tags: { [ProvenanceTagKeys.intent]: intent, [ProvenanceTagKeys.claim]: 'other-run/1', [`${ProvenanceTagKeys.intent}-since`]: since.toISOString() },
  }).submitted();
}

function versionWrites(mark: number, def: string, name: string) {
  const path = new RegExp(`/images/${def}/versions/${name.replace(/\./g, '\\.')}$`, 'i');
  return fx.emulator.requestLog.entries().slice(mark).filter((e) => e.route === 'arm' && ['PUT', 'PATCH'].includes(e.method) && path.test(e.path));
}

describe('publish: the intent registers that keep racing runs off each other\'s versions', () => {
  it('auto skips a number another run has declared and sends no PUT for it; its own register is withdrawn', async () => {
    const source = await fx.managedImage('img-intent-live');
    const def = 'intent-live';
    await publishImage(fx.inputs({ source, version: '0.0.1', 'image-definition': def }), fx.ctx(), fx.tuning);
    await declareForeign('other-run-live', `${def}/0.0.2`, new Date());
    const mark = fx.emulator.requestLog.entries().length;
    const result = await publishImage(fx.inputs({ source, version: 'auto', 'image-definition': def }), fx.ctx({ run: { runId: 'ours' } }), fx.tuning);
    expect(result).toMatchObject({ version: '0.0.3', created: true });
    expect(versionWrites(mark, def, '0.0.2')).toEqual([]);
    const ours = fx.emulator.requestLog.entries().slice(mark).filter((e) => /\/applications\/image-publish-claim-/i.test(e.path));
    expect(ours.filter((e) => e.method === 'PUT').length).toBeGreaterThan(0);
    expect(ours.filter((e) => e.method === 'DELETE' && e.status < 300)).toHaveLength(1);
  });

  it(`a register older than ${STALE_INTENT_MS / 3_600_000} h (a run that died) does not hold its number`, async () => {
    const source = await fx.managedImage('img-intent-stale');
    const def = 'intent-stale';
    await publishImage(fx.inputs({ source, version: '0.0.1', 'image-definition': def }), fx.ctx(), fx.tuning);
    await declareForeign('other-run-stale', `${def}/0.0.2`, new Date(Date.now() - STALE_INTENT_MS - 60_000));
    const result = await publishImage(fx.inputs({ source, version: 'auto', 'image-definition': def }), fx.ctx({ run: { runId: 'ours-2' } }), fx.tuning);
    expect(result).toMatchObject({ version: '0.0.2', created: true });
  });

  it('an explicit version another run has declared is waited for, then reused (same source) without any write to it', async () => {
    const source = await fx.managedImage('img-intent-fixed');
    const def = 'intent-fixed';
    await publishImage(fx.inputs({ source, version: '0.0.1', 'image-definition': def }), fx.ctx(), fx.tuning);
    await declareForeign('other-run-fixed', `${def}/0.0.5`, new Date());
    const mark = fx.emulator.requestLog.entries().length;
    const ctx = fx.ctx({ run: { runId: 'ours-3' } });
    const ours = publishImage(fx.inputs({ source, version: '0.0.5', 'image-definition': def }), ctx, fx.tuning);
    while (!ctx.logger.text().includes('Version 0.0.5 is being claimed by another run')) await new Promise((r) => setTimeout(r, 20));
    // The other run creates the version it declared.
    const other = fx.ctx({ run: { runId: 'other-run' } });
    await other.azure.compute().galleryImageVersions.createOrUpdate(RG, 'gal_images', def, '0.0.5', {
      location: LOCATION,
      tags: { owner: 'platform-team', [ProvenanceTagKeys.claim]: 'other-run/1' },
      storageProfile: { source: { id: source } },
      publishingProfile: { excludeFromLatest: true, targetRegions: [{ name: LOCATION }] },
    }).submitted();
    const writesBefore = versionWrites(mark, def, '0.0.5').length; // the other run's create
    const result = await ours;
    expect(result).toMatchObject({ version: '0.0.5', created: false });
    expect(versionWrites(mark, def, '0.0.5')).toHaveLength(writesBefore);
    expect(writesBefore).toBe(1);
    const stored = await other.azure.compute().galleryImageVersions.get(RG, 'gal_images', def, '0.0.5');
    expect(stored.tags?.[ProvenanceTagKeys.claim]).toBe('other-run/1');
  });
});
