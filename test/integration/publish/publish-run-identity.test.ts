import { describe, expect, it } from 'vitest';
import { publishImage } from '../../../src/core/gallery/publish-image.js';
import { RG, usePublishEmulator } from './publish-fixture.js';

const fx = usePublishEmulator({ lroDurationMs: 800 });

async function versionsOf(def: string): Promise<string[]> {
  const names: string[] = [];
  for await (const v of fx.ctx().azure.compute().galleryImageVersions.listByGalleryImage(RG, 'gal_images', def)) names.push(v.name ?? '');
  return names.sort();
}

describe('version: auto and run identity', () => {
  it('without a run identity, a run that died after its PUT is resumed by the re-run: one version, with a notice', async () => {
    const source = await fx.managedImage('img-no-identity');
    const def = 'no-identity-def';
    const noIdentity = { run: { runId: undefined, runNumber: undefined, runUrl: undefined } };
    // The first run dies right after ARM accepted its PUT (the process is gone: its signal aborts the wait).
    const abort = new AbortController();
    const mark = fx.emulator.requestLog.entries().length;
    const first = publishImage(fx.inputs({ source, version: 'auto', 'image-definition': def }), fx.ctx({ ...noIdentity, signal: abort.signal }), fx.tuning);
    while (!fx.emulator.requestLog.entries().slice(mark).some((e) => e.method === 'PUT' && /\/versions\/1\.0\.0$/.test(e.path))) {
      await new Promise((r) => setTimeout(r, 5));
    }
    abort.abort();
    await first.catch(() => undefined);

    const ctx = fx.ctx(noIdentity);
    const again = await publishImage(fx.inputs({ source, version: 'auto', 'image-definition': def }), ctx, fx.tuning);
    expect(again).toMatchObject({ version: '1.0.0', created: false });
    expect(ctx.logger.messages('warn').join('\n')).toMatch(/no run identity .*1\.0\.0 of the same source .*reusing it instead of publishing a duplicate/);
    expect(await versionsOf(def)).toEqual(['1.0.0']);
  });

  it('two runs with different identities and the same source each get their own version', async () => {
    const source = await fx.managedImage('img-two-runs');
    const def = 'two-runs-def';
    await publishImage(fx.inputs({ source, version: 'auto', 'image-definition': def }), fx.ctx({ run: { runId: 'gitlab:1' } }), fx.tuning);
    const second = await publishImage(fx.inputs({ source, version: 'auto', 'image-definition': def }), fx.ctx({ run: { runId: 'gitlab:2' } }), fx.tuning);
    expect(second).toMatchObject({ version: '1.0.1', created: true });
    expect(await versionsOf(def)).toEqual(['1.0.0', '1.0.1']);
  });

  it('a re-run of the same run id resumes its own version', async () => {
    const source = await fx.managedImage('img-same-run');
    const def = 'same-run-def';
    await publishImage(fx.inputs({ source, version: 'auto', 'image-definition': def }), fx.ctx({ run: { runId: 'jenkins:tag-7' } }), fx.tuning);
    const again = await publishImage(fx.inputs({ source, version: 'auto', 'image-definition': def }), fx.ctx({ run: { runId: 'jenkins:tag-7' } }), fx.tuning);
    expect(again).toMatchObject({ version: '1.0.0', created: false });
    expect(await versionsOf(def)).toEqual(['1.0.0']);
  });
});
