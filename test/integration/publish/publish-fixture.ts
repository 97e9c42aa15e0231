import { afterAll, beforeAll } from 'vitest';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import type { ImageConfig } from '../../../src/core/config/image-config.js';
import { type PublishInputs, resolvePublishInputs } from '../../../src/core/gallery/publish-inputs.js';
import { startTestEmulator } from '../../helpers/emulator.js';
import { type TestStepContext, type TestStepContextOverrides, createTestStepContext } from '../../helpers/step-context.js';

export const RG = 'rg-images';
export const LOCATION = 'westeurope';

/** image.yaml as a publish pipeline would have it (gallery created on first publish). */
export const config = {
  gallery: { name: 'gal_images', resourceGroup: RG, location: LOCATION, create: true },
  definition: {
    name: 'ubuntu-24',
    publisher: 'contoso',
    offer: 'ubuntu',
    sku: '24_04',
    osType: 'Linux',
    osState: 'Generalized',
    hyperVGeneration: 'V2',
    securityType: 'TrustedLaunch',
    diskControllerTypes: ['SCSI', 'NVMe'],
  },
  tags: { owner: 'platform-team' },
  requiredTags: ['owner'],
} as unknown as ImageConfig;

export interface PublishFixture {
  emulator: EmulatorHandle;
  /** A fresh StepContext (new logger) against the emulator. */
  ctx(overrides?: TestStepContextOverrides): TestStepContext;
  /** Creates a managed image through the SDK and returns its id. */
  managedImage(name: string): Promise<string>;
  /** Seeds a snapshot (as if created earlier) and returns its id. */
  snapshot(name: string): string;
  /** Resolved inputs from `config` plus explicit inputs, as the runtime would produce them. */
  inputs(parsed: Record<string, unknown>, overrides?: Partial<PublishInputs>): PublishInputs;
  /** Test-sized waits: short progress cadence, 1-minute timeout. */
  tuning: { updateIntervalInMs: number; pollIntervalMs: number };
}

/** Starts one emulator for the file with fast LROs, and a resource group to publish into. */
export function usePublishEmulator(timing: { lroDurationMs?: number; retryAfterSeconds?: number } = {}): PublishFixture {
  const holder: { emulator?: EmulatorHandle } = {};
  beforeAll(async () => {
    holder.emulator = await startTestEmulator({
      timing: { lroDurationMs: 400, retryAfterSeconds: 1, replicationMsPerReplica: 100, ...timing },
    });
    const ctx = createTestStepContext(holder.emulator);
    await ctx.azure.resources().resourceGroups.createOrUpdate(RG, { location: LOCATION });
  });
  afterAll(async () => {
    await holder.emulator?.close();
  });
  const emulator = () => {
    if (!holder.emulator) throw new Error('emulator not started');
    return holder.emulator;
  };
  return {
    get emulator() {
      return emulator();
    },
    ctx: (overrides) => createTestStepContext(emulator(), overrides),
    async managedImage(name) {
      const ctx = createTestStepContext(emulator());
      const image = await ctx.azure.compute().images.createOrUpdate(RG, name, {
        location: LOCATION,
        hyperVGeneration: 'V2',
        storageProfile: {
          osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: `https://bakes.blob.core.windows.net/vhds/${name}.vhd` },
        },
      });
      return image.id ?? '';
    },
    snapshot(name) {
      const id = `/subscriptions/${emulator().subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/snapshots/${name}`;
      emulator().state.seed([
        { id, body: { location: LOCATION, properties: { osType: 'Linux', diskSizeGB: 30, provisioningState: 'Succeeded', creationData: { createOption: 'Empty' } } } },
      ]);
      return id;
    },
    inputs(parsed, overrides = {}) {
      return { ...resolvePublishInputs(parsed, config), progressEveryMs: 200, ...overrides };
    },
    tuning: { updateIntervalInMs: 200, pollIntervalMs: 200 },
  };
}

/** Every PUT/PATCH/DELETE the emulator served since `from` (index into the request log). */
export function writesSince(emulator: EmulatorHandle, from: number): string[] {
  return emulator.requestLog
    .entries()
    .slice(from)
    .filter((e) => e.route === 'arm' && ['PUT', 'PATCH', 'DELETE', 'POST'].includes(e.method.toUpperCase()))
    .map((e) => `${e.method} ${e.path}`);
}
