// What both example e2e tests share: a workspace that looks like a checkout of this repository, the local
// Azure (emulator + Azurite) seeded with what a platform team has before adopting image-publish, the signing
// key, and a normalised view of Azure state for comparing two runs.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { EmulatorHandle, EmulatorOptions } from '../../../src/emulator/index.js';
import { findStep } from '../../../src/steps/registry.js';
import { startTestEmulator } from '../../helpers/emulator.js';

export const repoRoot = process.env.IMAGE_PUBLISH_E2E_ROOT ?? resolve(import.meta.dirname, '../../..');

/** Fixed ids so a clean run and a chaos run on two emulators produce comparable resource ids. */
export const TENANT_ID = '7c0e2f4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b';
export const SUBSCRIPTION_ID = '3f2e1d0c-9b8a-4765-8432-10fedcba9876';
export const APP = { clientId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', objectId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a' };

/** Resource groups and scale sets the example image.yaml files name (the same in both examples). */
export const RESOURCE_GROUPS = { 'rg-images': 'westeurope', 'rg-web-canary': 'westeurope', 'rg-web-prod': 'northeurope' } as const;
export const SCALE_SETS = [
  { ring: 'canary', name: 'vmss-web-canary', resourceGroup: 'rg-web-canary', location: 'westeurope', upgradePolicy: 'Manual', instances: 2 },
  { ring: 'prod', name: 'vmss-web-ne', resourceGroup: 'rg-web-prod', location: 'northeurope', upgradePolicy: 'Automatic', instances: 3 },
  { ring: 'prod', name: 'vmss-web-us', resourceGroup: 'rg-web-prod', location: 'eastus2', upgradePolicy: 'Manual', instances: 3 },
] as const;
export const REGIONS = ['westeurope', 'northeurope', 'eastus2'];

/**
 * pin-rollout as the runners see it: registered, and its generated action/task metadata present (the bundles are
 * rebuilt at integration). Until then the examples' rollout step is skipped, and the tests say so.
 */
export const pinRollout = {
  github: findStep('pin-rollout') !== undefined && existsSync(join(repoRoot, 'actions/pin-rollout/action.yml')),
  azdo: findStep('pin-rollout') !== undefined && existsSync(join(repoRoot, 'tasks/PinRolloutV1/task.json')),
};

/** A temporary "checkout": the repository's shipped folders linked in, so `uses: ./actions/x` resolves as on a runner and outputs land outside the tree. */
export async function createWorkspace(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'example-workspace-'));
  for (const entry of ['action.yml', 'actions', 'tasks', 'dist', 'examples', 'schema']) await symlink(join(repoRoot, entry), join(dir, entry));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** An ECDSA P-256 signing key as a CI secret holds it. */
export function signingKey(): { privatePem: string; publicPem: string } {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privatePem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** An emulator with the fixed ids, resource groups and (when pin-rollout exists) the scale sets. */
export async function startExampleEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const emulator = await startTestEmulator({ tenantId: TENANT_ID, subscriptionId: SUBSCRIPTION_ID, ...options });
  const sub = `/subscriptions/${SUBSCRIPTION_ID}`;
  emulator.state.seed(Object.entries(RESOURCE_GROUPS).map(([name, location]) => ({ id: `${sub}/resourceGroups/${name}`, body: { location, properties: { provisioningState: 'Succeeded' } } })));
  emulator.scaleSets.seed(
    SCALE_SETS.map((s) => ({
      resourceGroup: s.resourceGroup,
      name: s.name,
      location: s.location,
      capacity: s.instances,
      imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
      upgradePolicy: { mode: s.upgradePolicy },
      tags: { ring: s.ring },
    })),
  );
  return emulator;
}

export function scaleSetId(resourceGroup: string, name: string): string {
  return `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`;
}

/** imageReference.id of a stored scale set. */
export function pinnedImage(emulator: EmulatorHandle, id: string): string | undefined {
  const body = emulator.state.resource(id) as { properties?: { virtualMachineProfile?: { storageProfile?: { imageReference?: { id?: string } } } } } | undefined;
  return body?.properties?.virtualMachineProfile?.storageProfile?.imageReference?.id;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Tags whose value is unique per attempt by design: publish's claim (run id + a random token per attempt). */
const PER_ATTEMPT_TAGS = ['image-publish.claim'];
/**
 * Fields Azure assigns when a resource is created or an operation runs: ids of scale sets and their VMs, and the
 * emulated times (epoch ms) at which instances were created and upgraded.
 */
const ASSIGNED_FIELDS = new Set(['uniqueId', 'vmId', 'createdAt', 'startTime', 'endTime', 'appliedAt']);

/**
 * Azure state (each stored resource's body: ARM resources and the emulator's per-instance scale-set state, without
 * operation ids), with what legitimately differs between two runs replaced by placeholders: timestamps (creation
 * and publish times, end-of-life dates computed from "now"), ids and times Azure assigns, per-attempt tags, and
 * the values listed in `volatile` (for example the signature digest, which covers the managed image's creation time).
 */
export function normalisedState(emulator: EmulatorHandle, volatile: readonly string[] = []): unknown {
  const stored = emulator.state.snapshot() as Record<string, { body: { tags?: Record<string, string> } }>;
  const bodies = Object.fromEntries(
    Object.entries(stored).map(([id, r]) => {
      const tags = r.body.tags === undefined ? {} : { tags: Object.fromEntries(Object.entries(r.body.tags).map(([k, v]) => [k, PER_ATTEMPT_TAGS.includes(k) ? '<per-attempt>' : v])) };
      return [id, { ...r.body, ...tags }];
    }),
  );
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (ISO_TIME.test(value) || /^\d{4}-\d{2}-\d{2}$/.test(value)) return '<time>';
      return volatile.reduce((v, s) => (s ? v.split(s).join('<volatile>') : v), value);
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ASSIGNED_FIELDS.has(k) ? '<assigned>' : replace(v)]));
    }
    return value;
  };
  return replace(bodies);
}

/**
 * The rollout's end state: every scale set's model names the exact version, every instance runs it and none is
 * still changing, the definition's prod channel points at it, and "latest" consumers get it (promoteLatest).
 */
export function expectPinned(emulator: EmulatorHandle, versionId: string): void {
  for (const s of SCALE_SETS) {
    const id = scaleSetId(s.resourceGroup, s.name);
    expect(pinnedImage(emulator, id), s.name).toBe(versionId);
    const instances = emulator.scaleSets.instances(id);
    expect(instances, s.name).toHaveLength(s.instances);
    for (const instance of instances) expect(instance, `${s.name} instance ${instance.instanceId}`).toMatchObject({ versionId, updating: false });
  }
  const definition = emulator.state.resource(versionId.replace(/\/versions\/[^/]+$/, '')) as { tags?: Record<string, string> };
  expect(definition.tags?.['channel.prod']).toBe(versionId.split('/').pop());
  const version = emulator.state.resource(versionId) as { properties: { publishingProfile: { excludeFromLatest?: boolean } } };
  expect(version.properties.publishingProfile.excludeFromLatest).toBe(false);
}

/** The image-publish steps both examples run, in order, as their overview step lists them. */
export const LIFECYCLE = ['bake', 'scan', 'sign', 'publish', 'replicate', 'verify', 'pin-rollout'] as const;

/** Step -> result, read from the Steps table of the overview step's summary markdown (GitHub or Azure DevOps). */
export function overviewResults(markdown: string): Record<string, string> {
  return Object.fromEntries([...markdown.matchAll(/^\| ([a-z][a-z-]*) \| ([a-z][a-z -]*) \| /gm)].map((m) => [m[1], m[2]]));
}

/**
 * The variable group and service connection an Azure DevOps example pipeline links, pointing at the emulator and
 * Azurite (container `container`): storage and signing keys as secret variables, the connection by client secret.
 */
export function azdoExampleSetup(
  emulator: EmulatorHandle,
  storage: { accountUrl: string; accountKey: string },
  key: { privatePem: string; publicPem: string },
  container: string,
  connectionId: string,
) {
  return {
    variableGroups: {
      'image-publish': {
        imageStorageContainerUrl: `${storage.accountUrl}/${container}`,
        imageStorageAccountKey: { value: storage.accountKey, secret: true as const },
        imageSigningKey: { value: key.privatePem, secret: true as const },
        imageSigningPublicKey: key.publicPem,
        azureArmEndpoint: emulator.armEndpoint,
        azureAuthorityHost: emulator.authorityHost,
        azureArmAudience: emulator.armAudience,
      },
    },
    serviceConnections: {
      'image-publish-azure': {
        id: connectionId,
        url: emulator.armEndpoint,
        scheme: 'ServicePrincipal',
        parameters: { serviceprincipalid: emulator.defaultPrincipal.clientId, serviceprincipalkey: emulator.defaultPrincipal.clientSecret, tenantid: emulator.tenantId, authenticationType: 'spnKey' },
        data: { subscriptionId: SUBSCRIPTION_ID, environment: 'AzureStack', activeDirectoryAuthority: emulator.authorityHost },
      },
    },
  };
}
