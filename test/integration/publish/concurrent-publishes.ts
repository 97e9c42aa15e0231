import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { publishImage } from '../../../src/core/gallery/publish-image.js';
import type { PublishFixture } from './publish-fixture.js';

/** What N pipelines publishing `version: auto` to one definition at once did. */
export interface ConcurrentOutcome {
  succeeded: number;
  failures: string[];
  /** Distinct version names the successful runs reported. */
  versions: string[];
  /** Numbers a run found taken and moved past. */
  retries: number;
  armRequests: number;
  versionPuts: number;
  /** PUTs answered 200 on a version a 201 had created: an update of a version that already existed. */
  updatesOfExisting: string[];
  /** Versions whose claim tag names another run than the one that reported the version as its own. */
  misattributed: string[];
  /** Version PUTs ARM refused (409: the version existed with another source). */
  refusedPuts: number;
  /** Intent registers (gallery applications) left in the gallery after every run ended. */
  leftoverIntents: string[];
}

/**
 * Starts `n` publishes of `version: auto` to a fresh definition, each as its own pipeline (own run id, own
 * StepContext), with one shared source or one source per run, and reads the emulator's request log afterwards.
 */
export async function publishConcurrently(fx: PublishFixture, n: number, opts: { sameSource: boolean; definition: string }): Promise<ConcurrentOutcome> {
  const shared = opts.sameSource ? await fx.managedImage(`img-${opts.definition}`) : undefined;
  const sources = await Promise.all(Array.from({ length: n }, (_, i) => shared ?? fx.managedImage(`img-${opts.definition}-${i}`)));
  // The definition exists before the race (as after the first publish of a real pipeline).
  await publishImage(fx.inputs({ source: sources[0], version: '0.0.1', 'image-definition': opts.definition }), fx.ctx({ run: { runId: 'setup' } }), fx.tuning);
  const contexts = sources.map((_, i) => fx.ctx({ run: { runId: `pipeline-${opts.definition}-${i}` } }));
  await Promise.all(contexts.map((ctx) => ctx.azure.credential.getToken(`${fx.emulator.armAudience}.default`)));

  const mark = fx.emulator.requestLog.entries().length;
  const results = await Promise.allSettled(
    sources.map((source, i) => publishImage(fx.inputs({ source, version: 'auto', 'image-definition': opts.definition }), contexts[i]!, fx.tuning)),
  );
  const reported = new Map<string, string>();
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') reported.set(r.value.version, `pipeline-${opts.definition}-${i}`);
  });
  const misattributed: string[] = [];
  for await (const v of fx.ctx().azure.compute().galleryImageVersions.listByGalleryImage('rg-images', 'gal_images', opts.definition)) {
    const owner = reported.get(v.name ?? '');
    if (owner !== undefined && !(v.tags?.['image-publish.claim'] ?? '').startsWith(`${owner}/`)) misattributed.push(v.name ?? '');
  }
  const log = fx.emulator.requestLog.entries().slice(mark).filter((e) => e.route === 'arm');
  const versionPath = new RegExp(`/images/${opts.definition}/versions/[^/]+$`, 'i');
  const puts = log.filter((e) => e.method === 'PUT' && versionPath.test(e.path));
  // Any write that reached a version after its first successful PUT is a change of a version someone else created.
  const created = new Set<string>();
  const updatesOfExisting: string[] = [];
  for (const e of log.filter((x) => ['PUT', 'PATCH'].includes(x.method) && versionPath.test(x.path))) {
    const name = (e.path.split('/').pop() ?? '').toLowerCase();
    if (e.status >= 400) continue;
    if (created.has(name) || e.status === 200 || e.method === 'PATCH') updatesOfExisting.push(name);
    created.add(name);
  }
  // Every intent register a run wrote (PUT) must have been withdrawn (DELETE accepted) by the time the runs ended.
  const intentName = (path: string) => /\/applications\/([^/?]+)$/i.exec(path)?.[1]?.toLowerCase();
  const written = new Set(log.filter((e) => e.method === 'PUT' && e.status < 300).flatMap((e) => intentName(e.path) ?? []));
  for (const e of log) if (e.method === 'DELETE' && e.status < 300) written.delete(intentName(e.path) ?? '');
  const leftoverIntents = [...written];
  return {
    succeeded: results.filter((r) => r.status === 'fulfilled').length,
    failures: results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : [])),
    versions: [...new Set(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.version] : [])))],
    retries: contexts.reduce((sum, ctx) => sum + ctx.logger.messages('info').filter((m) => /was claimed by another run|taken by another run/.test(m)).length, 0),
    armRequests: log.length,
    versionPuts: puts.length,
    updatesOfExisting,
    misattributed,
    refusedPuts: puts.filter((e) => e.status === 409).length,
    leftoverIntents,
  };
}

export type { EmulatorHandle };
