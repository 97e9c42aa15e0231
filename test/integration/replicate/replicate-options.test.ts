/** Shallow mode, idempotent per-region settings, least-privilege identities and the runtime's timeout signal. */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { AzureError, ErrorCodes, ImagePublishError } from '../../../src/core/errors.js';
import { replicateImage } from '../../../src/core/replication/replicate-image.js';
import { POLL_MS, RG, emulatedClock, useReplicateEmulator, writes } from './replicate-fixture.js';

const fx = useReplicateEmulator();

async function rejection(promise: Promise<unknown>): Promise<ImagePublishError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ImagePublishError);
  return err as ImagePublishError;
}

describe('replicate options', () => {
  it('Shallow replication finishes at the first poll where Full would take four', async () => {
    const id = await fx.publish('3.0.0');
    const from = fx.log().length;
    const result = await replicateImage(fx.inputs({ 'image-version-id': id, regions: 'eastus', 'replication-mode': 'Shallow' }), fx.ctx());
    expect(result.aggregatedState).toBe('Completed');
    const log = fx.log(from);
    const patchAt = writes(log)[0]!.emulatedTime;
    const polls = log.filter((e) => e.method === 'GET' && e.path.endsWith('/versions/3.0.0') && e.emulatedTime > patchAt);
    expect(polls.map((p) => p.emulatedTime - patchAt)).toEqual([POLL_MS]);
  });

  it('a re-run with the same replicas, storage, encryption and excludeFromLatest sends no update', async () => {
    const id = await fx.publish('3.1.0');
    const des = `/subscriptions/${fx.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/diskEncryptionSets/des-eastus`;
    const regions = JSON.stringify([
      'westeurope',
      { name: 'eastus', replicas: 2, storageAccountType: 'Standard_ZRS', excludeFromLatest: true, encryption: { osDiskEncryptionSetId: des, dataDisks: [{ lun: 0, diskEncryptionSetId: des }] } },
    ]);
    const first = await replicateImage(fx.inputs({ 'image-version-id': id, regions }), fx.ctx());
    expect(first.updates).toBe(1);
    const stored = fx.emulator.state.resource(id) as { properties: { publishingProfile: { targetRegions: Record<string, unknown>[] } } };
    expect(stored.properties.publishingProfile.targetRegions[1]).toMatchObject({
      name: 'East US',
      regionalReplicaCount: 2,
      storageAccountType: 'Standard_ZRS',
      excludeFromLatest: true,
      encryption: { osDiskImage: { diskEncryptionSetId: des }, dataDiskImages: [{ lun: 0, diskEncryptionSetId: des }] },
    });
    const from = fx.log().length;
    const again = await replicateImage(fx.inputs({ 'image-version-id': id, regions: regions.replace('des-eastus', 'DES-EASTUS') }), fx.ctx());
    expect(again.updates).toBe(0);
    expect(writes(fx.log(from))).toEqual([]);
  });

  it('with only Compute Gallery Artifacts Publisher on the resource group it warns that names are unchecked, and still replicates', async () => {
    const id = await fx.publish('3.2.0');
    const publisher = fx.emulator.identity.registerServicePrincipal({ displayName: 'least-privilege publisher' });
    fx.emulator.authz.assign(publisher.objectId, 'Compute Gallery Artifacts Publisher', `/subscriptions/${fx.emulator.subscriptionId}/resourceGroups/${RG}`);
    const principal = { clientId: publisher.clientId, clientSecret: publisher.clientSecret ?? '' };
    const ctx = fx.ctx({ principal });
    const result = await replicateImage(fx.inputs({ 'image-version-id': id, regions: 'eastus' }), ctx);
    expect(result.aggregatedState).toBe('Completed');
    expect(ctx.logger.messages('warn').join('\n')).toMatch(/Cannot list the locations .* Grant Reader on the subscription/);

    // A typo then reaches ARM, which refuses it: still nothing changes.
    const before = fx.emulator.state.snapshot();
    const err = await rejection(replicateImage(fx.inputs({ 'image-version-id': id, regions: 'westeurpe' }), fx.ctx({ principal })));
    expect(err.message).toMatch(/westeurpe/);
    expect(fx.emulator.state.snapshot()).toEqual(before);
    expect(ctx.logger.text()).not.toContain(principal.clientSecret);
  });

  it("the runtime's timeout-minutes signal ends the wait with the same clean timeout", async () => {
    const id = await fx.publish('3.3.0');
    const controller = new AbortController();
    const base = emulatedClock(fx.emulator);
    let sleeps = 0;
    const clock: Clock = {
      now: base.now,
      sleep(ms, signal) {
        // The runtime's timer fires during the third wait, as executeStep aborts the step's signal.
        if (++sleeps === 3) controller.abort(new AzureError(ErrorCodes.timeout, "Step 'replicate' did not finish within 60 minutes"));
        return base.sleep(ms, signal);
      },
    };
    const err = await rejection(replicateImage(fx.inputs({ 'image-version-id': id, regions: 'eastus' }), fx.ctx({ clock, signal: controller.signal })));
    expect(err.code).toBe('E_TIMEOUT');
    expect(err.message).toContain('still replicating; re-run to keep waiting');
  });
});
