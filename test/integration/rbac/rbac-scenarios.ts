/**
 * One realistic run per step for the least-privilege test: what the platform team prepares beforehand (as the
 * emulator's default principal, Contributor on the subscription) and the step run itself, as a runtime runs it
 * (resolve, then run) under whatever identity the context signs in as.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageConfig } from '../../../src/core/config/image-config.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { bakeStep } from '../../../src/steps/bake.js';
import { inventoryStep } from '../../../src/steps/inventory.js';
import { pinRolloutStep } from '../../../src/steps/pin-rollout.js';
import { policyStep } from '../../../src/steps/policy.js';
import { publishStep } from '../../../src/steps/publish.js';
import { retireStep } from '../../../src/steps/retire.js';
import { replicateStep } from '../../../src/steps/replicate.js';
import { scanStep } from '../../../src/steps/scan.js';
import { signStep } from '../../../src/steps/sign.js';
import type { AnyStepSpec, ParsedInputs } from '../../../src/steps/step-spec.js';
import { verifyStep } from '../../../src/steps/verify.js';
import type { Azurite } from '../../helpers/azurite.js';
import type { TestStepContext } from '../../helpers/step-context.js';

export interface RbacScenario {
  /** Values for the scope placeholders of docs/rbac.md. */
  placeholders: Record<string, string>;
  /** Creates what the step reads, as the platform team would; runs once, before any step run. */
  setup(admin: TestStepContext): Promise<void>;
  /** Runs the step once under `ctx`'s identity. */
  run(ctx: TestStepContext): Promise<unknown>;
}

export interface ScenarioEnv {
  emulator: EmulatorHandle;
  azurite: Azurite;
  dir: string;
}

const LOCATION = 'westeurope';
const DAY = 86_400_000;
/** Setup runs as the admin; poll its LROs briskly. */
const poll = { updateIntervalInMs: 50 };

/** The step as a runtime runs it: secret inputs masked, resolve with image.yaml, then run; fast progress. */
async function runStep(step: AnyStepSpec, parsed: ParsedInputs, config: ImageConfig | undefined, ctx: TestStepContext): Promise<unknown> {
  for (const [name, spec] of Object.entries(step.inputs)) {
    const value = parsed[name];
    if (spec.secret && typeof value === 'string') ctx.logger.mask(value);
  }
  const inputs = step.resolve(parsed, config) as Record<string, unknown>;
  const fast = 'progressEveryMs' in inputs ? { ...inputs, progressEveryMs: 100 } : inputs;
  return (await step.run(fast, ctx)).outputs;
}

async function managedImage(admin: TestStepContext, rg: string, name: string): Promise<string> {
  await admin.azure.resources().resourceGroups.createOrUpdate(rg, { location: LOCATION });
  const image = await admin.azure.compute().images.beginCreateOrUpdateAndWait(rg, name, {
    location: LOCATION,
    hyperVGeneration: 'V2',
    storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: `https://bakes.blob.core.windows.net/vhds/${name}.vhd`, diskSizeGB: 30 } },
  }, poll);
  return image.id ?? '';
}

/** A gallery, definition and version (from a fresh managed image in the same resource group); returns the version id. */
async function galleryVersion(admin: TestStepContext, rg: string, gallery: string): Promise<string> {
  const imageId = await managedImage(admin, rg, `${gallery}-source`);
  const compute = admin.azure.compute();
  await compute.galleries.beginCreateOrUpdateAndWait(rg, gallery, { location: LOCATION }, poll);
  await compute.galleryImages.beginCreateOrUpdateAndWait(rg, gallery, 'ubuntu', {
    location: LOCATION,
    osType: 'Linux',
    osState: 'Generalized',
    hyperVGeneration: 'V2',
    identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '24_04' },
  });
  const version = await compute.galleryImageVersions.beginCreateOrUpdateAndWait(rg, gallery, 'ubuntu', '1.0.0', {
    location: LOCATION,
    tags: { owner: 'platform-team' },
    storageProfile: { source: { id: imageId } },
    publishingProfile: { targetRegions: [{ name: LOCATION, regionalReplicaCount: 1 }] },
  }, poll);
  return version.id ?? '';
}

/** One more version of the definition galleryVersion made, from the same source image. */
async function anotherVersion(admin: TestStepContext, rg: string, gallery: string, name: string): Promise<string> {
  const imageId = `/subscriptions/${admin.azure.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/images/${gallery}-source`;
  const version = await admin.azure.compute().galleryImageVersions.beginCreateOrUpdateAndWait(rg, gallery, 'ubuntu', name, {
    location: LOCATION,
    tags: { owner: 'platform-team' },
    storageProfile: { source: { id: imageId } },
    publishingProfile: { targetRegions: [{ name: LOCATION, regionalReplicaCount: 1 }], excludeFromLatest: true },
  }, poll);
  return version.id ?? '';
}

/** Scenarios by step name; the test fails for a documented step that has none. */
export function createScenarios(env: ScenarioEnv): Record<string, RbacScenario> {
  const subscription = env.emulator.subscriptionId;
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyFile = join(env.dir, 'signer.key.pem');
  const publicKeyFile = join(env.dir, 'signer.pub.pem');
  writeFileSync(keyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }));
  const state: { signImage?: string; publishSource?: string; replicateVersion?: string; verifyVersion?: string; envelope?: string } = {};

  return {
    bake: {
      placeholders: { subscription, 'image-rg': 'rg-rbac-bake' },
      async setup(admin) {
        await admin.azure.resources().resourceGroups.createOrUpdate('rg-rbac-bake', { location: LOCATION });
        const disk = Buffer.alloc(2 * 1024 * 1024);
        disk.write('image-publish least privilege', 4096);
        writeFileSync(join(env.dir, 'disk.raw'), disk);
      },
      run: (ctx) =>
        runStep(
          bakeStep,
          {
            'disk-path': join(env.dir, 'disk.raw'),
            'storage-container-url': `${env.azurite.accountUrl}/rbac`,
            'storage-account-key': env.azurite.accountKey,
            'create-managed-image': true,
            'image-name': 'rbac-baked',
            'resource-group': 'rg-rbac-bake',
            location: LOCATION,
          },
          undefined,
          ctx,
        ),
    },
    scan: {
      placeholders: { subscription, 'gallery-rg': 'rg-rbac-scan', gallery: 'gal_rbac_scan' },
      async setup(admin) {
        await galleryVersion(admin, 'rg-rbac-scan', 'gal_rbac_scan');
      },
      run: (ctx) =>
        runStep(
          scanStep,
          { 'image-version': '1.0.0', 'resource-group': 'rg-rbac-scan', gallery: 'gal_rbac_scan', 'image-definition': 'ubuntu', 'sarif-file': join(ctx.workDir, 's.sarif') },
          { scan: { checks: { osState: 'Generalized', requiredTags: true } }, requiredTags: ['owner'] } as unknown as ImageConfig,
          ctx,
        ),
    },
    sign: {
      placeholders: { subscription, 'image-rg': 'rg-rbac-sign' },
      async setup(admin) {
        state.signImage = await managedImage(admin, 'rg-rbac-sign', 'rbac-signed');
      },
      run: (ctx) => runStep(signStep, { 'subject-id': state.signImage, signer: 'file', 'key-file': keyFile, 'output-dir': ctx.workDir }, undefined, ctx),
    },
    publish: {
      placeholders: { subscription, 'gallery-rg': 'rg-rbac-publish', 'source-rg': 'rg-rbac-publish-source' },
      async setup(admin) {
        await admin.azure.resources().resourceGroups.createOrUpdate('rg-rbac-publish', { location: LOCATION });
        state.publishSource = await managedImage(admin, 'rg-rbac-publish-source', 'rbac-publish-source');
      },
      run: (ctx) =>
        runStep(
          publishStep,
          {
            source: state.publishSource,
            'resource-group': 'rg-rbac-publish',
            gallery: 'gal_rbac_publish',
            'create-gallery': true,
            location: LOCATION,
            'image-definition': 'ubuntu',
            publisher: 'contoso',
            offer: 'ubuntu',
            sku: '24_04',
            version: '1.0.0',
          },
          undefined,
          ctx,
        ),
    },
    replicate: {
      placeholders: { subscription, 'gallery-rg': 'rg-rbac-replicate', gallery: 'gal_rbac_replicate' },
      async setup(admin) {
        state.replicateVersion = await galleryVersion(admin, 'rg-rbac-replicate', 'gal_rbac_replicate');
      },
      run: (ctx) => runStep(replicateStep, { 'image-version-id': state.replicateVersion, regions: `${LOCATION}, eastus` }, undefined, ctx),
    },
    retire: {
      placeholders: { subscription, 'gallery-rg': 'rg-rbac-retire' },
      async setup() {
        seedVersions(env.emulator, 'rg-rbac-retire', 'gal_rbac_retire', { '1.0.0': 200, '1.1.0': 40, '2.0.0': 1 });
      },
      // 1.0.0 is deleted, 1.1.0 deprecated, 2.0.0 kept; usage is searched in the whole subscription first.
      run: (ctx) =>
        runStep(retireStep, { 'resource-group': 'rg-rbac-retire', gallery: 'gal_rbac_retire', 'image-definition': 'ubuntu', 'keep-latest': 1, 'deprecate-after': '30d', 'delete-after': '90d' }, undefined, ctx),
    },
    inventory: {
      placeholders: { subscription },
      async setup() {
        seedVersions(env.emulator, 'rg-rbac-inventory', 'gal_rbac_inventory', { '1.0.0': 120, '1.1.0': 3 });
      },
      run: (ctx) =>
        runStep(inventoryStep, { 'resource-group': 'rg-rbac-inventory', gallery: 'gal_rbac_inventory', 'output-path': join(ctx.workDir, 'inventory.json') }, undefined, ctx),
    },
    'pin-rollout': {
      placeholders: { subscription, 'gallery-rg': 'rg-rbac-rollout', gallery: 'gal_rbac_rollout', 'scale-set-rg': 'rg-rbac-rollout-apps' },
      async setup(admin) {
        const from = await galleryVersion(admin, 'rg-rbac-rollout', 'gal_rbac_rollout');
        await anotherVersion(admin, 'rg-rbac-rollout', 'gal_rbac_rollout', '1.1.0');
        await admin.azure.resources().resourceGroups.createOrUpdate('rg-rbac-rollout-apps', { location: LOCATION });
        // Instances that upgrade in a blink, so the proof follows real manualupgrade batches without waiting; a
        // Uniform and a Flexible scale set, whose VMs are read through two different APIs.
        env.emulator.scaleSets.seed(['Uniform', 'Flexible'].map((mode) => ({
          resourceGroup: 'rg-rbac-rollout-apps', name: `vmss-rbac-${mode.toLowerCase()}`, location: LOCATION, capacity: 2,
          orchestrationMode: mode as 'Uniform' | 'Flexible', imageReference: { id: from }, instanceUpgradeMs: 50,
        })));
      },
      // Every write pin-rollout makes: lease and channel tags on the definition, the scale set's model and tags,
      // manualupgrade of its instances, and promote-latest on the version.
      run: async (ctx) => {
        const parsed = {
          'resource-group': 'rg-rbac-rollout',
          gallery: 'gal_rbac_rollout',
          'image-definition': 'ubuntu',
          version: '1.1.0',
          rings: [{ name: 'canary', scaleSets: ['uniform', 'flexible'].map((m) => ({ name: `vmss-rbac-${m}`, resourceGroup: 'rg-rbac-rollout-apps' })), batchPercent: 50 }],
          channel: 'prod',
          'promote-latest': true,
        };
        const inputs = pinRolloutStep.resolve(parsed, undefined);
        const fast = { ...inputs, pollIntervalMs: 50, rings: inputs.rings.map((r) => ({ ...r, bakeTimeMs: 10 })) };
        return (await pinRolloutStep.run(fast, ctx)).outputs;
      },
    },
    policy: {
      placeholders: { subscription },
      async setup() {},
      // assign: true at the default scope (the subscription): both definitions are created there and assigned.
      run: (ctx) =>
        runStep(
          policyStep,
          {
            'approved-galleries': [`/subscriptions/${subscription}/resourceGroups/rg-rbac-policy/providers/Microsoft.Compute/galleries/gal_rbac_policy`],
            'required-tags': ['owner'],
            'name-prefix': 'rbac',
            assign: true,
            'output-dir': join(ctx.workDir, 'policy'),
          },
          undefined,
          ctx,
        ),
    },
    verify: {
      placeholders: { subscription, 'gallery-rg': 'rg-rbac-verify', gallery: 'gal_rbac_verify' },
      async setup(admin) {
        state.verifyVersion = await galleryVersion(admin, 'rg-rbac-verify', 'gal_rbac_verify');
        // Signed beforehand by the build identity; verify only reads.
        const signed = (await runStep(signStep, { 'subject-id': state.verifyVersion, signer: 'file', 'key-file': keyFile, 'output-dir': mkdtempSync(join(env.dir, 'sig-')) }, undefined, admin)) as { 'envelope-path': string };
        state.envelope = signed['envelope-path'];
      },
      run: (ctx) => runStep(verifyStep, { 'subject-id': state.verifyVersion, envelope: state.envelope, 'trusted-keys': [publicKeyFile] }, undefined, ctx),
    },
  };
}

/** Seeds a gallery whose versions were published `ageDays` ago (as earlier publishes left them); no reset. */
function seedVersions(emulator: EmulatorHandle, rg: string, gallery: string, ageDays: Record<string, number>): void {
  const rgId = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${rg}`;
  const definition = `${rgId}/providers/Microsoft.Compute/galleries/${gallery}/images/ubuntu`;
  const source = `${rgId}/providers/Microsoft.Compute/snapshots/src`;
  const now = emulator.clock.now();
  emulator.state.seed([
    { id: rgId, body: { location: LOCATION, properties: { provisioningState: 'Succeeded' } } },
    { id: `${rgId}/providers/Microsoft.Compute/galleries/${gallery}`, body: { location: LOCATION, properties: { identifier: { uniqueName: `x-${gallery}` } } } },
    {
      id: definition,
      body: { location: LOCATION, properties: { osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '24_04' } } },
    },
    { id: source, body: { location: LOCATION, properties: { osType: 'Linux', diskSizeGB: 30, creationData: { createOption: 'Empty' } } } },
    ...Object.entries(ageDays).map(([name, age]) => ({
      id: `${definition}/versions/${name}`,
      body: {
        location: LOCATION,
        properties: {
          publishingProfile: {
            targetRegions: [{ name: LOCATION, regionalReplicaCount: 1, storageAccountType: 'Standard_LRS' }],
            replicaCount: 1,
            excludeFromLatest: false,
            storageAccountType: 'Standard_LRS',
            publishedDate: new Date(now - age * DAY).toISOString(),
          },
          storageProfile: { source: { id: source }, osDiskImage: { hostCaching: 'ReadOnly', sizeInGB: 30 } },
          safetyProfile: { allowDeletionOfReplicatedLocations: true, blockDeletionBeforeEndOfLife: false },
        },
      },
    })),
  ]);
}
