/** The pin-rollout step (resolve + run) against the emulator: outputs, summary, failure outputs, no secrets in logs. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/attest/canonical-json.js';
import { fetchManifest, parseSubjectId } from '../../../src/core/attest/live-manifest.js';
import { buildStatement } from '../../../src/core/attest/statement.js';
import { pinRolloutStep } from '../../../src/steps/pin-rollout.js';
import { RolloutTagKeys } from '../../../src/core/rollout/rollout-tags.js';
import { createFakeFulcio, signKeyless } from '../../unit/attest/sigstore-fixture.js';
import { StepFailure } from '../../../src/steps/step-failure.js';
import { computeClient, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { createGallery, emulatedClock, instanceVersions, seedScaleSets } from './rollout-fixture.js';

const emu = useEmulator({ clockSpeed: 0 });

describe('pin-rollout step', () => {
  it('resolves rings from image.yaml, pins them and reports outputs and a summary per ring', async () => {
    const g = await createGallery(emu.current, { resourceGroup: 'rg-step', image: 'stepimg', versions: ['1.0.0', '1.1.0'] });
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'step-a', capacity: 3 }, { name: 'step-b', capacity: 2 }]);
    const config = {
      gallery: { resourceGroup: 'rg-step', name: 'gal' },
      definition: { name: 'stepimg' },
      rollout: {
        rings: [
          { name: 'canary', scaleSets: [{ name: 'step-a', resourceGroup: 'rg-apps' }], bakeTime: '5m' },
          { name: 'prod', scaleSets: [`/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-apps/providers/Microsoft.Compute/virtualMachineScaleSets/step-b`], batchPercent: 50 },
        ],
        channel: 'prod',
      },
    };
    const inputs = pinRolloutStep.resolve({ version: '1.1.0', 'poll-interval-seconds': 5 }, config as never);
    expect(inputs.rings.map((r) => [r.name, r.batchPercent, r.bakeTimeMs, r.maxUnhealthyPercent])).toEqual([['canary', 20, 300_000, 0], ['prod', 50, 600_000, 0]]);
    const ctx = createTestStepContext(emu.current, { clock: emulatedClock(emu.current) });
    const result = await pinRolloutStep.run(inputs, ctx);
    expect(result.outputs['pinned-version']).toBe('1.1.0');
    expect(result.outputs['rolled-back']).toBe(false);
    expect(result.outputs['rings-completed']).toBe(2);
    const previous = JSON.parse(result.outputs['previous-versions']) as Record<string, string>;
    expect(Object.values(previous)).toEqual([g.versionId('1.0.0'), g.versionId('1.0.0')]);
    expect(instanceVersions(emu.current, 'step-b')).toEqual(['1.1.0', '1.1.0']);
    expect(result.summary?.status).toBe('Pinned 1.1.0 in 2/2 ring(s)');
    const timelineSource = result.summary?.sections.find((s) => s.kind === 'mermaid');
    expect(timelineSource && 'source' in timelineSource ? timelineSource.source : '').toMatch(/^timeline\n {2}title Rollout of .*\/1\.1\.0\n {2}section ring canary, bake 300s\n {4}step-a : \d+ batch/);
    expect(result.summary?.sections.map((s) => ('heading' in s ? s.heading : ''))).toEqual([
      'Rollout', 'Ring canary (batches 20%, bake 300s, max unhealthy 0%)', 'Ring prod (batches 50%, bake 600s, max unhealthy 0%)', 'Channel',
      'Deployments (one per ring, environment named after the ring)',
    ]);
    // Without a deployments port (no GitHub token here) the rings are still recorded as deployments in the output.
    expect(JSON.parse(result.outputs['ring-deployments'])).toEqual([
      { ring: 'canary', environment: 'canary', version: '1.1.0', state: 'success', targets: ['step-a'] },
      { ring: 'prod', environment: 'prod', version: '1.1.0', state: 'success', targets: ['step-b'] },
    ]);
    expect(ctx.logger.text()).not.toContain(emu.current.defaultPrincipal.clientSecret);
  });

  it('ring runs one ring per job: the channel moves only in the job of the last ring', async () => {
    const g = await createGallery(emu.current, { resourceGroup: 'rg-step', image: 'stepring', versions: ['1.0.0', '1.1.0'] });
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'ring-a', capacity: 2 }, { name: 'ring-b', capacity: 2 }]);
    const config = {
      gallery: { resourceGroup: 'rg-step', name: 'gal' },
      definition: { name: 'stepring' },
      rollout: {
        rings: [
          { name: 'canary', scaleSets: [{ name: 'ring-a', resourceGroup: 'rg-apps' }], bakeTime: '1m' },
          { name: 'prod', scaleSets: [{ name: 'ring-b', resourceGroup: 'rg-apps' }], bakeTime: '1m' },
        ],
        channel: 'prod',
      },
    };
    const channel = async () => (await computeClient(emu.current).galleryImages.get('rg-step', 'gal', 'stepring')).tags?.['channel.prod'];
    const job = async (ring: string) => {
      const inputs = pinRolloutStep.resolve({ version: '1.1.0', ring, 'poll-interval-seconds': 5 }, config as never);
      return pinRolloutStep.run(inputs, createTestStepContext(emu.current, { clock: emulatedClock(emu.current) }));
    };
    const canary = await job('canary');
    expect(JSON.parse(canary.outputs['ring-deployments'])).toMatchObject([{ ring: 'canary', state: 'success', targets: ['ring-a'] }]);
    expect([instanceVersions(emu.current, 'ring-a'), instanceVersions(emu.current, 'ring-b')]).toEqual([['1.1.0', '1.1.0'], ['1.0.0', '1.0.0']]);
    expect(await channel()).toBeUndefined();
    // A canary job that stopped after its ring but before finishing leaves progress "1 ring done": the prod job
    // must still roll prod (the count is of the whole list, where prod is the second ring).
    const compute = computeClient(emu.current);
    const definition = await compute.galleryImages.get('rg-step', 'gal', 'stepring');
    await compute.galleryImages.beginUpdateAndWait('rg-step', 'gal', 'stepring', { tags: { ...definition.tags, [RolloutTagKeys.progress]: '1.1.0|1' } });
    const prod = await job('prod');
    expect(JSON.parse(prod.outputs['ring-deployments'])).toMatchObject([{ ring: 'prod', state: 'success', targets: ['ring-b'] }]);
    expect(instanceVersions(emu.current, 'ring-b')).toEqual(['1.1.0', '1.1.0']);
    expect(await channel()).toBe('1.1.0');
  });

  it('fails with rollback outputs and a failure summary when the canary is unhealthy', async () => {
    const g = await createGallery(emu.current, { resourceGroup: 'rg-step', image: 'stepbad', versions: ['1.0.0', '6.6.6'] });
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'step-c', capacity: 4 }]);
    emu.current.scaleSets.setUnhealthyImageVersions([g.versionId('6.6.6')]);
    try {
      const inputs = pinRolloutStep.resolve({
        'image-version-id': g.versionId('6.6.6'),
        rings: [{ name: 'canary', scaleSets: [{ name: 'step-c', resourceGroup: 'rg-apps' }], bakeTime: '1m' }],
      }, undefined);
      const ctx = createTestStepContext(emu.current, { clock: emulatedClock(emu.current) });
      const err = await pinRolloutStep.run(inputs, ctx).catch((e: unknown) => e);
      if (!(err instanceof StepFailure)) throw err;
      expect(err.outputs).toMatchObject({ 'rolled-back': true, 'rings-completed': 0, 'pinned-version': '' });
      expect(err.message).toMatch(/step-c: 1 of 4 instances unhealthy \(25%\) after batch 1\/4, above the ring's limit of 0%/);
      expect(err.summary?.status).toBe('Rolled back: 6.6.6 failed a gate');
      expect(instanceVersions(emu.current, 'step-c')).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
      expect(ctx.logger.openGroups).toEqual([]);
      expect(ctx.logger.text()).not.toContain(emu.current.defaultPrincipal.clientSecret);
    } finally {
      emu.current.scaleSets.setUnhealthyImageVersions([]);
    }
  });

  it('require-signature refuses an unsigned version before changing anything', async () => {
    const g = await createGallery(emu.current, { resourceGroup: 'rg-step', image: 'unsigned', versions: ['1.0.0', '1.0.1'] });
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'step-sig', capacity: 2 }]);
    const dir = mkdtempSync(join(tmpdir(), 'rollout-keys-'));
    const keyFile = join(dir, 'signer.pub.pem');
    writeFileSync(keyFile, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }));
    const inputs = pinRolloutStep.resolve({
      'image-version-id': g.versionId('1.0.1'), 'require-signature': true, 'trusted-keys': [keyFile],
      rings: [{ name: 'canary', scaleSets: [{ name: 'step-sig', resourceGroup: 'rg-apps' }] }],
    }, undefined);
    const before = emu.current.state.snapshot();
    const ctx = createTestStepContext(emu.current, { clock: emulatedClock(emu.current) });
    await expect(pinRolloutStep.run(inputs, ctx)).rejects.toThrow(/No envelope to verify/);
    expect(emu.current.state.snapshot()).toEqual(before);
  });

  it('require-signature accepts a keyless (GitHub/Sigstore) attestation from the trusted repository only', async () => {
    const g = await createGallery(emu.current, { resourceGroup: 'rg-step', image: 'keyless', versions: ['1.0.0', '1.0.1'] });
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'step-keyless', capacity: 2 }]);
    const dir = mkdtempSync(join(tmpdir(), 'rollout-keyless-'));
    const ctx = createTestStepContext(emu.current, { clock: emulatedClock(emu.current) });
    // What `sign` with signer github stores, with a local CA standing in for Fulcio (Sigstore is not reachable here).
    const manifest = await fetchManifest(ctx.azure.compute(), parseSubjectId(g.versionId('1.0.1')), {});
    const statement = buildStatement({
      manifest,
      run: { platform: 'github', repository: 'contoso/images', workflowRef: 'contoso/images/.github/workflows/image.yml@refs/heads/main' },
      externalParameters: {},
      startedOn: new Date(),
      finishedOn: new Date(),
    });
    const fulcio = await createFakeFulcio();
    const san = 'https://github.com/contoso/images/.github/workflows/image.yml@refs/heads/main';
    const bundleFile = join(dir, 'attestation.sigstore.json');
    writeFileSync(bundleFile, JSON.stringify(await signKeyless(fulcio, Buffer.from(canonicalJson(statement), 'utf8'), { san, issuedAt: new Date(emu.current.clock.now()) })));
    const rootFile = join(dir, 'trusted-root.jsonl');
    writeFileSync(rootFile, `${JSON.stringify(fulcio.trustedRoot)}\n`);
    const rings = [{ name: 'canary', scaleSets: [{ name: 'step-keyless', resourceGroup: 'rg-apps' }] }];
    const common = { 'image-version-id': g.versionId('1.0.1'), 'require-signature': true, envelope: bundleFile, 'trusted-root': rootFile, rings };

    const before = emu.current.state.snapshot();
    const wrongRepo = pinRolloutStep.resolve({ ...common, 'trusted-keys': ['github:contoso/other'] }, undefined);
    await expect(pinRolloutStep.run(wrongRepo, createTestStepContext(emu.current, { clock: emulatedClock(emu.current) }))).rejects.toMatchObject({ code: 'E_KEY_UNTRUSTED' });
    expect(emu.current.state.snapshot()).toEqual(before);

    const inputs = pinRolloutStep.resolve({ ...common, 'trusted-keys': ['github:contoso/images'] }, undefined);
    const result = await pinRolloutStep.run(inputs, ctx);
    expect(result.outputs['pinned-version']).toBe('1.0.1');
    expect(ctx.logger.text()).toContain(`verified (GitHub workflow ${san})`);
  });

  it('needs trusted-root to trust a github: identity, before touching Azure', () => {
    expect(() =>
      pinRolloutStep.resolve({ version: '1.0.0', gallery: 'g', 'resource-group': 'rg', 'image-definition': 'i', 'require-signature': true, 'trusted-keys': ['github:contoso/images'], rings: [{ name: 'c', scaleSets: [{ name: 'a', resourceGroup: 'r' }] }] }, undefined),
    ).toThrow(/Input 'trusted-root' is required to trust github: identities/);
  });

  it('rejects bad inputs before touching Azure, naming the input', () => {
    expect(() => pinRolloutStep.resolve({ version: '1.0.0', gallery: 'g', 'resource-group': 'rg', 'image-definition': 'i', rings: [{ name: 'Canary!', scaleSets: ['x'] }] }, undefined))
      .toThrow(/Input 'rings': 0\.name: expected a ring name in lower-case kebab/);
    expect(() => pinRolloutStep.resolve({ gallery: 'g', 'resource-group': 'rg', 'image-definition': 'i', rings: [{ name: 'c', scaleSets: [{ name: 'a', resourceGroup: 'r' }] }] }, undefined))
      .toThrow(/Input 'version' is required/);
    expect(() => pinRolloutStep.resolve({ 'image-version-id': '/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/images/x', rings: [{ name: 'c', scaleSets: [{ name: 'a', resourceGroup: 'r' }] }] }, undefined))
      .toThrow(/is not a gallery image version id/);
    expect(() => pinRolloutStep.resolve({ version: '1.0.0', gallery: 'g', 'resource-group': 'rg', 'image-definition': 'i', 'require-signature': true, rings: [{ name: 'c', scaleSets: [{ name: 'a', resourceGroup: 'r' }] }] }, undefined))
      .toThrow(/no trusted keys are given/);
  });
});
