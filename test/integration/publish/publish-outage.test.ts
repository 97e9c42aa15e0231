import { describe, expect, it } from 'vitest';
import { publishImage } from '../../../src/core/gallery/publish-image.js';
import { RG, usePublishEmulator } from './publish-fixture.js';

// LROs long enough that the 503s hit the operation polling, not the PUT.
const fx = usePublishEmulator({ lroDurationMs: 1500, retryAfterSeconds: 0 });
const outage = { kind: 'status', status: 503, code: 'ServiceUnavailable', retryAfterSeconds: 0 } as const;

/** Starts failing operation-status polls with 503 as soon as the version PUT was accepted. */
async function outageAfterPut(versionPath: RegExp, count: number, alsoVersionReads: boolean): Promise<void> {
  const mark = fx.emulator.requestLog.entries().length;
  while (!fx.emulator.requestLog.entries().slice(mark).some((e) => e.method === 'PUT' && versionPath.test(e.path) && e.status === 201)) {
    await new Promise((r) => setTimeout(r, 5));
  }
  fx.emulator.faults.script(count, outage, { method: 'GET', path: alsoVersionReads ? 'capsOperations|/versions/' : 'capsOperations' });
}

describe('an outage while waiting for the version is not a Failed version', () => {
  it('re-reads the version after polling broke and reports it Succeeded, not Failed', async () => {
    const source = await fx.managedImage('img-poll-503');
    const ctx = fx.ctx();
    const run = publishImage(fx.inputs({ source, version: '7.0.0' }), ctx, fx.tuning);
    await outageAfterPut(/\/versions\/7\.0\.0$/, 8, false);
    const result = await run.finally(() => fx.emulator.faults.clear());
    expect(result).toMatchObject({ version: '7.0.0', created: true, provisioningState: 'Succeeded' });
    expect(ctx.logger.messages('warn').join('\n')).toMatch(/Polling the creation of 7\.0\.0 failed/);
    const polls503 = fx.emulator.requestLog.entries().filter((e) => e.status === 503 && /capsOperations/.test(e.path));
    expect(polls503.length).toBeGreaterThan(0);
  });

  it('when the version cannot be read either, says the state is unknown (E_AZURE_UNAVAILABLE), never Failed; a re-run reuses it', async () => {
    const source = await fx.managedImage('img-poll-down');
    const run = publishImage(fx.inputs({ source, version: '7.1.0' }), fx.ctx(), fx.tuning);
    await outageAfterPut(/\/versions\/7\.1\.0$/, 40, true);
    const err = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    fx.emulator.faults.clear();
    expect(err).toMatchObject({ code: 'E_AZURE_UNAVAILABLE' });
    expect((err as Error).message).toMatch(/7\.1\.0 was being created .*final state is unknown; it was not reported Failed/);
    expect((err as Error).message).not.toMatch(/ended in state Failed/);

    const stored = await fx.ctx().azure.compute().galleryImageVersions.get(RG, 'gal_images', 'ubuntu-24', '7.1.0');
    expect(stored.provisioningState).not.toBe('Failed');
    const again = await publishImage(fx.inputs({ source, version: '7.1.0' }), fx.ctx(), fx.tuning);
    expect(again).toMatchObject({ version: '7.1.0', created: false, provisioningState: 'Succeeded' });
  });

  it('an operation ARM really ended Failed is still reported Failed', async () => {
    const source = await fx.managedImage('img-real-fail');
    fx.emulator.faults.failOperations({ count: 1, match: { method: 'PUT', path: '/versions/7\\.2\\.0$' }, message: 'Replication failed in westeurope.' });
    await expect(publishImage(fx.inputs({ source, version: '7.2.0' }), fx.ctx(), fx.tuning)).rejects.toMatchObject({
      code: 'E_OPERATION_FAILED',
      message: expect.stringMatching(/7\.2\.0 ended in state Failed/),
    });
  });
});

describe("version: auto with replace-failed", () => {
  it('recreates the Failed version under its own number instead of leaving it and taking the next', async () => {
    const source = await fx.managedImage('img-auto-failed');
    const def = 'auto-failed-def';
    fx.emulator.faults.failOperations({ count: 1, match: { method: 'PUT', path: `/images/${def}/versions/1\\.0\\.0$` }, message: 'Replication failed.' });
    await expect(publishImage(fx.inputs({ source, version: 'auto', 'image-definition': def }), fx.ctx({ run: { runId: 'first-run' } }), fx.tuning)).rejects.toMatchObject({
      code: 'E_OPERATION_FAILED',
    });
    const ctx = fx.ctx({ run: { runId: 'second-run' } });
    const again = await publishImage(fx.inputs({ source, version: 'auto', 'image-definition': def, 'replace-failed': true }), ctx, fx.tuning);
    expect(again).toMatchObject({ version: '1.0.0', created: true, provisioningState: 'Succeeded' });
    expect(ctx.logger.messages('warn').join('\n')).toMatch(/1\.0\.0 is Failed; deleting it to recreate/);
    const names: string[] = [];
    for await (const v of ctx.azure.compute().galleryImageVersions.listByGalleryImage(RG, 'gal_images', def)) names.push(`${v.name}:${v.provisioningState}`);
    expect(names).toEqual(['1.0.0:Succeeded']);
  });
});
