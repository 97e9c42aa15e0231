import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { bakeWithImageBuilder } from '../../../src/core/bake/image-builder-engine.js';
import { imageBuilderClient } from '../../../src/core/bake/image-builder-client.js';
import type { ImageBuilderBakeInputs } from '../../../src/core/bake/bake-config.js';
import { type Clock, systemClock } from '../../../src/core/clock.js';
import type { ImageConfig } from '../../../src/core/config/image-config.js';
import { ConfigurationError, ImagePublishError } from '../../../src/core/errors.js';
import { bakeStep } from '../../../src/steps/bake.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext, type TestStepContext } from '../../helpers/step-context.js';

const POLL_MS = 30_000;
// Manual emulated clock: each build phase takes one emulated minute; CRUD LROs finish at once.
const emulator = useEmulator({ clockSpeed: 0, timing: { lroDurationMs: 0, retryAfterSeconds: 0, imageBuilderPhaseMs: 60_000 } });
const rg = 'rg-bake-aib';

/**
 * The step's clock on emulated time: a poll-interval sleep moves the emulator forward (so every phase is seen once)
 * and then wakes any other sleeper that is due (the progress ticker, the overall timeout), all without real waiting.
 */
function steppingClock(): Clock {
  const sleepers: { at: number; wake: () => void }[] = [];
  const now = () => emulator.current.clock.now();
  return {
    now,
    sleep: async (ms, signal) => {
      if (ms !== POLL_MS) {
        return new Promise<void>((resolve, reject) => {
          if (signal?.aborted) return reject(signal.reason);
          const sleeper = { at: now() + ms, wake: resolve };
          sleepers.push(sleeper);
          signal?.addEventListener('abort', () => {
            sleepers.splice(sleepers.indexOf(sleeper), 1);
            reject(signal.reason);
          }, { once: true });
        });
      }
      emulator.current.clock.advance(ms);
      for (const due of sleepers.filter((x) => x.at <= now())) {
        sleepers.splice(sleepers.indexOf(due), 1);
        due.wake();
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function context(): TestStepContext {
  return createTestStepContext(emulator.current, { clock: steppingClock() });
}

function config(templateName: string, extra: Record<string, unknown> = {}): ImageConfig {
  const sub = emulator.current.subscriptionId;
  return {
    bake: {
      engine: 'image-builder',
      templateName,
      resourceGroup: rg,
      location: 'westeurope',
      identityId: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aib`,
      source: { kind: 'platform', publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' },
      customizers: [{ type: 'shell', name: 'nginx', inline: ['sudo apt-get install -y nginx'] }],
      validation: [{ type: 'shell', inline: ['systemctl is-enabled nginx'] }],
      buildTimeout: '90m',
      ...extra,
    },
  } as ImageConfig;
}

function inputs(cfg: ImageConfig, parsed: Record<string, unknown> = {}): ImageBuilderBakeInputs {
  const resolved = bakeStep.resolve({ engine: 'image-builder', 'image-version': '1.0.0', 'progress-interval-seconds': 600, ...parsed }, cfg);
  if (resolved.engine !== 'image-builder') throw new Error('expected image-builder inputs');
  return resolved;
}

function imageId(name: string): string {
  return `/subscriptions/${emulator.current.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/images/${name}`;
}

function runRequests(template: string): number {
  return emulator.current.requestLog.entries().filter((e) => e.method === 'POST' && e.path.endsWith(`/imageTemplates/${template}/run`)).length;
}

beforeAll(async () => {
  await createTestStepContext(emulator.current).azure.resources().resourceGroups.createOrUpdate(rg, { location: 'westeurope' });
});

describe('image-builder engine against the emulator', () => {
  it('creates the template, runs it with a line per phase, outputs the managed image, writes the manifest and cleans up', async () => {
    const ctx = context();
    const result = await bakeWithImageBuilder(inputs(config('web'), { cleanup: true }), { ...ctx, pollIntervalMs: POLL_MS });
    expect(result.imageId).toBe(imageId('web-1.0.0'));
    expect(result.built).toBe(true);
    const phases = ctx.logger.messages().filter((m) => m.startsWith('Image Builder web-1.0.0:'));
    expect(phases).toEqual([
      'Image Builder web-1.0.0: Running/Building',
      'Image Builder web-1.0.0: Running/Customizing',
      'Image Builder web-1.0.0: Running/Validating',
      'Image Builder web-1.0.0: Running/Distributing',
      'Image Builder web-1.0.0: Succeeded',
    ]);
    const image = await ctx.azure.compute().images.get(rg, 'web-1.0.0');
    expect(image.tags).toMatchObject({ 'image-publish.version': '1.0.0' });
    const manifest = JSON.parse(await readFile(result.manifestPath, 'utf8'));
    expect(manifest).toMatchObject({ engine: 'image-builder', imageId: imageId('web-1.0.0'), artifacts: [imageId('web-1.0.0')] });
    expect(await readFile(result.buildLog, 'utf8')).toContain('Running/Customizing');
    expect(result.cleanedUp).toBe(true);
    await expect(imageBuilderClient(ctx.azure).virtualMachineImageTemplates.get(rg, 'web-1.0.0')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('reuses a finished build of the same version on re-run, and replaces its own template when the settings change', async () => {
    const first = await bakeWithImageBuilder(inputs(config('api')), { ...context(), pollIntervalMs: POLL_MS });
    expect(runRequests('api-1.0.0')).toBe(1);
    const ctx = context();
    const again = await bakeWithImageBuilder(inputs(config('api')), { ...ctx, pollIntervalMs: POLL_MS });
    expect(again).toMatchObject({ built: false, imageId: first.imageId });
    expect(runRequests('api-1.0.0')).toBe(1);
    expect(ctx.logger.text()).toMatch(/already built .*reusing it/);

    // Same version, other customizers and another image id: our template is deleted and rebuilt.
    const changed = config('api', { customizers: [{ type: 'shell', inline: ['echo changed'] }], distribute: { kind: 'managed-image', imageId: imageId('api-changed') } });
    const rebuilt = await bakeWithImageBuilder(inputs(changed), { ...context(), pollIntervalMs: POLL_MS });
    expect(rebuilt).toMatchObject({ built: true, imageId: imageId('api-changed') });
    expect(runRequests('api-1.0.0')).toBe(2);
  });

  it('logs progress at a steady cadence and stops with E_TIMEOUT at timeout-minutes, leaving the build running', async () => {
    const ctx = context();
    const error = await bakeWithImageBuilder(inputs(config('slow'), { 'timeout-minutes': 2, 'progress-interval-seconds': 60 }), { ...ctx, pollIntervalMs: POLL_MS }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_TIMEOUT', message: expect.stringMatching(/building slow-1\.0\.0: still in progress after 2m.*attaches to the running build/) });
    const ticks = ctx.logger.messages().filter((m) => /^building slow-1\.0\.0: Running\/\w+, \dm\d\ds elapsed$/.test(m));
    // One line a minute, each with the status of the latest read (Building at 30 s, Customizing at 90 s).
    expect(ticks).toEqual(['building slow-1.0.0: Running/Building, 1m00s elapsed', 'building slow-1.0.0: Running/Customizing, 2m00s elapsed']);
    const aib = imageBuilderClient(ctx.azure).virtualMachineImageTemplates;
    expect((await aib.get(rg, 'slow-1.0.0')).lastRunStatus?.runState).toBe('Running');
  });

  it('attaches to the build a cancelled job left running instead of starting another', async () => {
    const job = new AbortController();
    const clock = steppingClock();
    // The job is cancelled after the first status poll, while the build is still running in Azure.
    const cancelling: Clock = { now: clock.now, sleep: async (ms, signal) => { await clock.sleep(ms, signal); if (ms === POLL_MS) job.abort(new Error('job cancelled')); } };
    const cancelled = createTestStepContext(emulator.current, { clock: cancelling, signal: job.signal });
    await expect(bakeWithImageBuilder(inputs(config('resume')), { ...cancelled, pollIntervalMs: POLL_MS })).rejects.toThrow(/job cancelled/);
    const aib = imageBuilderClient(cancelled.azure).virtualMachineImageTemplates;
    expect((await aib.get(rg, 'resume-1.0.0')).lastRunStatus?.runState).toBe('Running');

    const ctx = context();
    const result = await bakeWithImageBuilder(inputs(config('resume')), { ...ctx, pollIntervalMs: POLL_MS });
    expect(ctx.logger.text()).toMatch(/already building \(Running\/\w+\); following that build/);
    expect(result).toMatchObject({ built: true, imageId: imageId('resume-1.0.0') });
    expect(runRequests('resume-1.0.0')).toBe(1);
  });

  it('distributes to a gallery: outputs the replicated gallery version that publish adopts', async () => {
    const ctx = context();
    const compute = ctx.azure.compute();
    await compute.galleries.beginCreateOrUpdateAndWait(rg, 'galaib', { location: 'westeurope' });
    const definition = await compute.galleryImages.beginCreateOrUpdateAndWait(rg, 'galaib', 'web', {
      location: 'westeurope', osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2',
      identifier: { publisher: 'contoso', offer: 'web', sku: 'v2' },
    });
    const cfg = config('gal', { distribute: { kind: 'gallery', galleryImageId: definition.id, regions: ['westeurope', 'northeurope'] } });
    const result = await bakeWithImageBuilder(inputs(cfg), { ...ctx, pollIntervalMs: POLL_MS });
    expect(result.galleryVersionId).toBe(`${definition.id}/versions/1.0.0`);
    expect(result.imageId).toBeUndefined();
    expect(result.manifest).toMatchObject({ engine: 'image-builder', galleryVersionId: result.galleryVersionId });
    const version = await compute.galleryImageVersions.get(rg, 'galaib', 'web', '1.0.0', { expand: 'ReplicationStatus' });
    expect(version.provisioningState).toBe('Succeeded');
    expect(version.replicationStatus?.aggregatedState).toBe('Completed');
    expect(version.publishingProfile?.targetRegions?.map((r) => r.name)).toEqual(['West Europe', 'North Europe']);
    expect(version.tags).toMatchObject({ 'image-publish.version': '1.0.0' });
  });

  it('refuses to touch a same-named template that image-publish did not create', async () => {
    const ctx = context();
    const foreign = inputs(config('foreign'));
    const aib = imageBuilderClient(ctx.azure).virtualMachineImageTemplates;
    await aib.createOrUpdate(rg, 'foreign-1.0.0', {
      location: 'westeurope',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [foreign.identityId]: {} } },
      source: { type: 'PlatformImage', publisher: 'Canonical', offer: 'other', sku: 'server', version: 'latest' },
      distribute: [{ type: 'ManagedImage', runOutputName: 'x', imageId: imageId('someone-else'), location: 'westeurope' }],
    });
    const before = emulator.current.state.snapshot();
    const error = await bakeWithImageBuilder(foreign, { ...ctx, pollIntervalMs: POLL_MS }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'E_TEMPLATE_CONFLICT', message: expect.stringMatching(/not created by image-publish.*Nothing was changed/) });
    expect(emulator.current.state.snapshot()).toEqual(before);
  });

  it('fails with E_BAKE_FAILED naming the customization log without its SAS', async () => {
    emulator.current.faults.failOperations({ match: { method: 'POST', path: 'broken-1\\.0\\.0' }, message: 'nginx: command not found' });
    const ctx = context();
    const error = await bakeWithImageBuilder(inputs(config('broken')), { ...ctx, pollIntervalMs: POLL_MS }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagePublishError);
    const { code, message } = error as ImagePublishError;
    expect(code).toBe('E_BAKE_FAILED');
    expect(message).toMatch(/Customization log: https:\/\/\S+\/customization\.log /);
    expect(message).toContain('nginx: command not found');
    expect(message).not.toMatch(/sig=|sv=|\?/);
    expect(ctx.logger.text()).not.toMatch(/sig=/);
    expect(ctx.logger.text()).not.toContain(emulator.current.defaultPrincipal.clientSecret);
  });

  it('rejects bad configuration before any Azure call', () => {
    const before = emulator.current.state.snapshot();
    const count = emulator.current.requestLog.entries().length;
    expect(() => inputs(config('bad', { validation: [{ type: 'restart' }] }))).toThrow(/validators are shell, powershell or file/);
    expect(() => inputs(config('bad', { buildTimeout: '20h' }))).toThrow(/960 minutes/);
    expect(() => inputs(config('bad', { customizers: [{ type: 'shell' }] }))).toThrow(/inline commands or a scriptUri/);
    expect(() => bakeStep.resolve({ engine: 'image-builder' }, undefined)).toThrow(ConfigurationError);
    expect(emulator.current.state.snapshot()).toEqual(before);
    expect(emulator.current.requestLog.entries().length).toBe(count);
  });
});

describe('bake step with engine image-builder', () => {
  it('bakes through the step and returns image-id and the manifest', async () => {
    const ctx = context();
    const resolved = bakeStep.resolve({ 'image-version': '2.0.0', 'progress-interval-seconds': 600 }, config('step', { cleanup: true }));
    const { outputs, summary } = await bakeStep.run(resolved, ctx);
    expect(outputs).toMatchObject({ engine: 'image-builder', 'image-id': imageId('step-2.0.0'), 'vhd-uri': '', 'gallery-version-id': '' });
    expect(JSON.parse(await readFile(outputs.manifest, 'utf8'))).toMatchObject({ engine: 'image-builder', imageId: imageId('step-2.0.0') });
    expect(JSON.stringify(summary)).toContain('deleted after the build');
  });
});
