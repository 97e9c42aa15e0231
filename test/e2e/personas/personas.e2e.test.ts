// One image.yaml, one image per persona (examples/personas/image.yaml): the plan step's matrices on every
// surface, and publish run per persona from the CLI bundle with sign-in and cloud set once in the environment.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';
import { runAzdoTask, runCliProcess, runGithubAction } from '../../helpers/runner.js';
import { createTestStepContext } from '../../helpers/step-context.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const cli = resolve(repoRoot, 'bin/image-publish.mjs');
const personas = resolve(repoRoot, 'examples/personas/image.yaml');
const RG = 'rg-vdi-images';
const emulator = useEmulator();

const expectedMatrix = {
  include: [
    { name: 'knowledge-worker', image: 'knowledge-worker', definition: 'win11-knowledge-worker', gallery: 'contoso_vdi' },
    { name: 'developer', image: 'developer', definition: 'win11-developer', gallery: 'contoso_vdi' },
    { name: 'contractor', image: 'contractor', definition: 'win11-contractor', gallery: 'contoso_vdi' },
  ],
};

/** Sign-in and cloud once, as a job's `env:` or an exported shell holds them. */
function ambient(): Record<string, string> {
  const e = emulator.current;
  return {
    AZURE_CLIENT_ID: e.defaultPrincipal.clientId,
    AZURE_TENANT_ID: e.tenantId,
    AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret,
    AZURE_SUBSCRIPTION_ID: e.subscriptionId,
    IMAGE_PUBLISH_ARM_ENDPOINT: e.armEndpoint,
    AZURE_AUTHORITY_HOST: e.authorityHost,
    IMAGE_PUBLISH_ARM_AUDIENCE: e.armAudience,
  };
}

let source = '';

beforeAll(async () => {
  const ctx = createTestStepContext(emulator.current);
  await ctx.azure.resources().resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
  const image = await ctx.azure.compute().images.createOrUpdate(RG, 'img-win11', {
    location: 'westeurope',
    hyperVGeneration: 'V2',
    storageProfile: { osDisk: { osType: 'Windows', osState: 'Generalized', blobUri: 'https://bakes.blob.core.windows.net/vhds/win11.vhd' } },
  });
  source = image.id ?? '';
});

describe('plan: one job per persona', () => {
  it('gives the same matrix on GitHub, Azure DevOps and the CLI, with no Azure access', async () => {
    const github = await runGithubAction('plan', { config: personas });
    expect(github.exitCode, github.log + github.stderr).toBe(0);
    expect(JSON.parse(github.outputs.matrix ?? '')).toEqual(expectedMatrix);
    expect(JSON.parse(github.outputs.images ?? '')).toEqual(['knowledge-worker', 'developer', 'contractor']);
    expect(github.summary).toContain('win11-developer');

    const azdo = await runAzdoTask('plan', { config: personas });
    expect(azdo.exitCode, azdo.log + azdo.stderr).toBe(0);
    expect(JSON.parse(azdo.variables.azdoMatrix?.value ?? '')).toEqual({
      knowledge_worker: { image: 'knowledge-worker' },
      developer: { image: 'developer' },
      contractor: { image: 'contractor' },
    });

    const local = await runCliProcess(cli, ['plan', '--config', personas, '--json']);
    expect(local.exitCode, local.stderr).toBe(0);
    expect(JSON.parse(JSON.parse(local.stdout).matrix as string)).toEqual(expectedMatrix);
  });
});

describe('publish per persona', () => {
  it('publishes each persona to its own definition with the shared settings and its overrides', async () => {
    const e = emulator.current;
    for (const image of ['knowledge-worker', 'developer', 'contractor']) {
      const run = await runCliProcess(cli, ['publish', '--config', personas, '--image', image, '--source', source, '--version', '1.0.0'], { env: ambient() });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stderr).not.toContain(e.defaultPrincipal.clientSecret);
    }
    const version = (definition: string) =>
      e.state.resource(`/subscriptions/${e.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/galleries/contoso_vdi/images/${definition}/versions/1.0.0`) as {
        tags: Record<string, string>;
        properties: { publishingProfile: { replicaCount?: number; targetRegions?: { name: string }[] } };
      };
    expect(version('win11-developer').tags).toMatchObject({ estate: 'vdi', 'cost-center': 'it-workplace', persona: 'developer' });
    expect(version('win11-developer').properties.publishingProfile.replicaCount).toBe(1);
    expect(version('win11-knowledge-worker').properties.publishingProfile.replicaCount).toBe(2);
    expect(version('win11-contractor').tags.persona).toBe('contractor');
    const definition = e.state.resource(`/subscriptions/${e.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/galleries/contoso_vdi/images/win11-contractor`) as {
      properties: { osType: string; identifier: { publisher: string; offer: string; sku: string } };
    };
    expect(definition.properties).toMatchObject({ osType: 'Windows', identifier: { publisher: 'contoso', offer: 'vdi', sku: 'win11-24h2-ctr' } });
  });

  it('without an image input it names the images, exits 2 and changes nothing', async () => {
    const e = emulator.current;
    const before = e.state.snapshot();
    const run = await runCliProcess(cli, ['publish', '--config', personas, '--source', source, '--version', '2.0.0'], { env: ambient() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('E_INPUT_MISSING');
    expect(run.stderr).toContain('describes 3 images (knowledge-worker, developer, contractor)');
    expect(e.state.snapshot()).toEqual(before);
  });
});
