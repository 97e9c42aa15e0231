import { describe, expect, it } from 'vitest';
import { publishConcurrently } from './concurrent-publishes.js';
import { usePublishEmulator } from './publish-fixture.js';

const fx = usePublishEmulator({ lroDurationMs: 400 });
const N = 50;

describe(`${N} pipelines publishing version: auto to one definition at once`, () => {
  it('different sources: every run gets its own version and no PUT ever updates a version another run created', async () => {
    const outcome = await publishConcurrently(fx, N, { sameSource: false, definition: 'race-diff' });
    console.log(`N=${N} different sources: ok ${outcome.succeeded}, retries ${outcome.retries}, ARM requests ${outcome.armRequests}, version PUTs ${outcome.versionPuts}`);
    expect(outcome.failures).toEqual([]);
    expect(outcome.versions).toHaveLength(N);
    // ARM refuses to change an existing version's source (PropertyChangeNotAllowed): a lost race is a 409 and a retry.
    expect(outcome.updatesOfExisting).toEqual([]);
    expect(outcome.misattributed).toEqual([]);
  }, 300_000);

  // ARM has no conditional create for versions (GalleryRP: no If-None-Match), and a same-source PUT on an existing
  // version is a valid update; what holds is that each version ends up owned by exactly the run that reports it.
  it('the same source: every run gets its own version, and each version carries the claim of the run reporting it', async () => {
    const outcome = await publishConcurrently(fx, N, { sameSource: true, definition: 'race-same' });
    console.log(
      `N=${N} same source: ok ${outcome.succeeded}, retries ${outcome.retries}, ARM requests ${outcome.armRequests}, ` +
        `version PUTs ${outcome.versionPuts}, of which updates of an existing version ${outcome.updatesOfExisting.length}`,
    );
    expect(outcome.failures).toEqual([]);
    expect(outcome.versions).toHaveLength(N);
    expect(outcome.misattributed).toEqual([]);
  }, 300_000);
});
