import { describe, expect, it } from 'vitest';
import { publishConcurrently } from './concurrent-publishes.js';
import { usePublishEmulator } from './publish-fixture.js';

const fx = usePublishEmulator({ lroDurationMs: 400 });
const N = 50;

// GalleryRP offers no conditional create for versions (no If-None-Match on GalleryImageVersions_CreateOrUpdate) and a
// same-source PUT on an existing version is a valid update for ARM, so these tests check the client-side protocol
// (core/gallery/version-intent.ts) with the emulator's request log: no version write after the first one on a name.
describe(`${N} pipelines publishing version: auto to one definition at once`, () => {
  for (const sameSource of [false, true]) {
    const label = sameSource ? 'the same source' : 'different sources';
    it(`${label}: every run gets its own version and no PUT ever changes a version another run created`, async () => {
      const outcome = await publishConcurrently(fx, N, { sameSource, definition: sameSource ? 'race-same' : 'race-diff' });
      console.log(
        `N=${N} ${label}: ok ${outcome.succeeded}, retries ${outcome.retries}, ARM requests ${outcome.armRequests}, ` +
          `version PUTs ${outcome.versionPuts} (refused ${outcome.refusedPuts}), writes to an existing version ${outcome.updatesOfExisting.length}, highest ${outcome.versions.sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2])).at(-1) ?? ''}`,
      );
      expect(outcome.failures).toEqual([]);
      expect(outcome.succeeded).toBe(N);
      expect(outcome.versions).toHaveLength(N);
      expect(outcome.updatesOfExisting).toEqual([]);
      // Every PUT was a create: none was even sent to a version that existed.
      expect(outcome.refusedPuts).toBe(0);
      expect(outcome.versionPuts).toBe(N);
      expect(outcome.misattributed).toEqual([]);
      expect(outcome.leftoverIntents).toEqual([]);
    }, 300_000);
  }
});
