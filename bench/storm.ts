// Throttling storm: N pipelines at once in one subscription (publish + replicate + a rollout read each), against an
// emulator enforcing ARM's subscription request limits at Azure's published defaults (docs/emulator-deviations.md).
// Prints, for 1 pipeline (the same-run baseline) and for N: failed pipelines, 429s the emulator sent, retries
// (requests ARM saw again after a 429), ARM requests, wall time and the ratio to one pipeline. Never fails.
// Run: npm run bench -- storm   (STORM_PIPELINES=50 by default)
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { ImageConfig } from '../src/core/config/image-config.js';
import { publishImage } from '../src/core/gallery/publish-image.js';
import { resolvePublishInputs } from '../src/core/gallery/publish-inputs.js';
import { replicateImage } from '../src/core/replication/replicate-image.js';
import { resolveReplicateInputs } from '../src/core/replication/replicate-inputs.js';
import { startEmulator } from '../src/emulator/index.js';
import { createTestStepContext } from '../test/helpers/step-context.js';

const RG = 'rg-images';
const LOCATION = 'westeurope';
const n = Number(process.env.STORM_PIPELINES ?? 50);

const e = await startEmulator({ throttling: true, timing: { lroDurationMs: 400, retryAfterSeconds: 1, replicationMsPerReplica: 200 } });
setDefaultCACertificates([...getCACertificates('default'), e.caCertPem]);
// Runner-like retries (the product's defaults), not the tests' short ones.
const ctx = () => createTestStepContext(e, { retryOptions: { maxRetries: 8, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 } });

async function pipeline(i: number, round: string): Promise<void> {
  const c = ctx();
  const name = `${round}-${i}`;
  const image = await c.azure.compute().images.createOrUpdate(RG, `img-${name}`, {
    location: LOCATION,
    hyperVGeneration: 'V2',
    storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: `https://bakes.blob.core.windows.net/vhds/${name}.vhd` } },
  });
  const config = {
    gallery: { name: 'gal_storm', resourceGroup: RG, location: LOCATION, create: true },
    definition: { name: `def-${name}`, publisher: 'contoso', offer: 'ubuntu', sku: name, osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2' },
    tags: { owner: 'platform-team' },
  } as unknown as ImageConfig;
  const published = await publishImage({ ...resolvePublishInputs({ source: image.id ?? '', version: '1.0.0' }, config), progressEveryMs: 60_000 }, c, { updateIntervalInMs: 1000, pollIntervalMs: 1000 });
  await replicateImage(resolveReplicateInputs({ 'image-version-id': published.imageVersionId, regions: 'eastus', 'progress-interval-seconds': 1 }, undefined), c);
  // pin-rollout's first read: the scale sets of the resource group.
  for await (const _ of c.azure.compute().virtualMachineScaleSets.list(RG)) void _;
}

async function round(count: number, label: string): Promise<{ failed: number; throttled: number; retries: number; requests: number; seconds: number; firstError?: string }> {
  e.requestLog.clear();
  const started = Date.now();
  const results = await Promise.allSettled(Array.from({ length: count }, (_, i) => pipeline(i, label)));
  const seconds = (Date.now() - started) / 1000;
  const log = e.requestLog.entries().filter((x) => x.route === 'arm');
  const throttled = log.filter((x) => x.throttled);
  const retries = throttled.filter((t) => log.some((x) => x.realTime > t.realTime && x.method === t.method && x.path === t.path)).length;
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const firstError = failures[0] ? String((failures[0].reason as Error).message).slice(0, 200) : undefined;
  return { failed: failures.length, throttled: throttled.length, retries, requests: log.length, seconds, ...(firstError ? { firstError } : {}) };
}

try {
  await ctx().azure.resources().resourceGroups.createOrUpdate(RG, { location: LOCATION });
  const one = await round(1, 'one');
  const many = await round(n, 'storm');
  console.log('pipelines  failed  429s  retries  ARM requests  wall s  x one pipeline');
  for (const [count, r] of [[1, one], [n, many]] as const) {
    console.log([String(count).padEnd(10), String(r.failed).padEnd(7), String(r.throttled).padEnd(5), String(r.retries).padEnd(8), String(r.requests).padEnd(13), r.seconds.toFixed(1).padEnd(7), (r.seconds / one.seconds).toFixed(2)].join(' '));
    if (r.firstError) console.log(`  first failure: ${r.firstError}`);
  }
} finally {
  await e.close();
}
