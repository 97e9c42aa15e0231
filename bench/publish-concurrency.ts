// Publish concurrency benchmark: N pipelines publishing `version: auto` to one definition at once, against the
// emulator, with different sources and with one shared source. Prints per N: successful runs, retries (numbers
// found taken), ARM requests (intent registers included), version PUTs, and writes that reached a version after it
// was created (must be 0: see docs/steps/publish.md, 'Pipelines racing for auto'). Never fails.
// Run: npm run bench -- publish-concurrency
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { ImageConfig } from '../src/core/config/image-config.js';
import { resolvePublishInputs } from '../src/core/gallery/publish-inputs.js';
import { startEmulator } from '../src/emulator/index.js';
import { createTestStepContext } from '../test/helpers/step-context.js';
import { publishConcurrently } from '../test/integration/publish/concurrent-publishes.js';
import type { PublishFixture } from '../test/integration/publish/publish-fixture.js';

const RG = 'rg-images';
const config = {
  gallery: { name: 'gal_images', resourceGroup: RG, location: 'westeurope', create: true },
  definition: { name: 'bench', publisher: 'contoso', offer: 'ubuntu', sku: '24_04', osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2' },
  tags: { owner: 'platform-team' },
} as unknown as ImageConfig;

const e = await startEmulator({ timing: { lroDurationMs: 400, retryAfterSeconds: 1, replicationMsPerReplica: 100 } });
setDefaultCACertificates([...getCACertificates('default'), e.caCertPem]);
try {
  await createTestStepContext(e).azure.resources().resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
  const fx: PublishFixture = {
    emulator: e,
    ctx: (overrides) => createTestStepContext(e, overrides),
    async managedImage(name) {
      const image = await createTestStepContext(e).azure.compute().images.createOrUpdate(RG, name, {
        location: 'westeurope',
        hyperVGeneration: 'V2',
        storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: `https://bakes.blob.core.windows.net/vhds/${name}.vhd` } },
      });
      return image.id ?? '';
    },
    snapshot: () => {
      throw new Error('not used');
    },
    inputs: (parsed, overrides = {}) => ({ ...resolvePublishInputs(parsed, config), progressEveryMs: 60_000, ...overrides }),
    tuning: { updateIntervalInMs: 200, pollIntervalMs: 200 },
  };
  console.log('N   sources    ok   retries  ARM requests  version PUTs  writes to an existing version          wall s');
  for (const n of [10, 20, 50]) {
    for (const sameSource of [false, true]) {
      const started = Date.now();
      const o = await publishConcurrently(fx, n, { sameSource, definition: `bench-${n}-${sameSource ? 'same' : 'diff'}` });
      const row = [String(n).padEnd(3), (sameSource ? 'same' : 'different').padEnd(10), `${o.succeeded}/${n}`.padEnd(6), String(o.retries).padEnd(8), String(o.armRequests).padEnd(13), String(o.versionPuts).padEnd(13), String(o.updatesOfExisting.length).padEnd(38), ((Date.now() - started) / 1000).toFixed(1)];
      console.log(row.join(' '));
    }
  }
} finally {
  await e.close();
}
