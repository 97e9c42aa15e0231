// examples/personas/azure-pipelines.yml executed as the agent executes it (issue 19): the plan job's output
// variable azdoMatrix fans out one leg per persona through `strategy: matrix`, and each leg runs this repository's
// tasks as separate Node 24 processes (bake → scan → sign → publish → replicate → pin-rollout) through the service
// connection, onto its scale-set canary and its pooled host pool with simulated users signed in.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';
import { startTestEmulator } from '../../helpers/emulator.js';
import { runPipelineMatrix } from '../../helpers/pipeline-matrix.js';
import type { PipelineJobResult } from '../../helpers/pipeline-runner.js';
import { SUBSCRIPTION_ID, TENANT_ID, azdoExampleSetup, createWorkspace, pinnedImage, repoRoot, signingKey } from '../examples/example-env.js';
import { PERSONAS, SUB, expectGraceKept, hostIds, seedEstate, sessions, versionId, vmIds, vmImage } from './persona-estate.js';

const pipelineFile = join(repoRoot, 'examples/personas/azure-pipelines.yml');
const CONNECTION_ID = '6e1d2c3b-4a59-4867-9a1b-2c3d4e5f6a7b';
const key = signingKey();
let azurite: Azurite;
let emulator: EmulatorHandle;
let workspace: { dir: string; remove(): Promise<void> };

beforeAll(async () => {
  [azurite, emulator, workspace] = await Promise.all([startAzurite(), startTestEmulator({ tenantId: TENANT_ID, subscriptionId: SUBSCRIPTION_ID }), createWorkspace()]);
});
afterAll(async () => {
  await Promise.allSettled([azurite?.stop(), emulator?.close(), workspace?.remove()]);
});

function failureReport(run: PipelineJobResult): string {
  return run.steps.filter((s) => s.conclusion === 'failed').map((s) => `--- ${s.displayName}\n${s.log}\n${s.stderr}`).join('\n');
}

describe('examples/personas/azure-pipelines.yml', () => {
  it('runs one leg per persona through the service connection, each rolled onto its scale set and its pooled host pool', async () => {
    await seedEstate(emulator);
    const run = await runPipelineMatrix(pipelineFile, 'plan', 'persona', {
      workspace: workspace.dir,
      ...azdoExampleSetup(emulator, azurite, key, 'vdi', CONNECTION_ID),
      predefined: {
        'Build.BuildId': '412',
        'Build.BuildNumber': '20261205.1',
        'Build.SourceVersion': 'c1d2e3f4a5b60718293a4b5c6d7e8f9012345678',
        'Build.SourceBranch': 'refs/heads/main',
        'Build.Repository.Name': 'contoso/vdi-images',
        'Build.RequestedFor': 'Workplace Team',
        'System.CollectionUri': 'https://dev.azure.com/contoso/',
        'System.TeamProject': 'vdi',
        'System.DefinitionId': '7',
      },
      agentEnv: { NODE_EXTRA_CA_CERTS: emulator.caCertFile },
    });
    expect(run.plan.conclusion, failureReport(run.plan)).toBe('succeeded');
    expect(run.legs.map((l) => [l.name, l.variables.image])).toEqual([['knowledge_worker', 'knowledge-worker'], ['developer', 'developer'], ['contractor', 'contractor']]);
    for (const [i, p] of PERSONAS.entries()) {
      const leg = run.legs[i]!.run;
      expect(leg.conclusion, `${p.image}\n${failureReport(leg)}`).toBe('succeeded');
      const byName = Object.fromEntries(leg.steps.filter((s) => s.name).map((s) => [s.name, s]));
      expect(byName.bake?.inputs.image).toBe(p.image);
      const id = versionId(p.definition, byName.publish?.outputs.version ?? '');
      expect(byName.publish?.outputs.imageVersionId).toBe(id);
      expect(byName.rollout?.outputs).toMatchObject({ rolledBack: 'false', ringsCompleted: '2' });
      const pools = JSON.parse(byName.rollout?.outputs.hostPools ?? '[]') as { hostPool: string; status: string; updated: number }[];
      expect(pools.map((x) => [x.hostPool, x.status, x.updated])).toEqual([[`hp-${p.image}`, 'rolled-out', 2]]);
      expect(pinnedImage(emulator, `${SUB}/resourceGroups/rg-vdi-canary/providers/Microsoft.Compute/virtualMachineScaleSets/${p.scaleSet}`)).toBe(id);
      expect(vmIds(p.image).map((v) => vmImage(emulator, v))).toEqual([id, id]);
      for (const h of hostIds(p.image)) expect((emulator.state.resource(h) as { properties: { allowNewSession: boolean } }).properties.allowNewSession).toBe(true);
      expectGraceKept(emulator, p.image);
    }
    expect(PERSONAS.flatMap((p) => sessions(emulator, p.image)).map((s) => s.endedBy)).toEqual(Array(12).fill('logoff'));
    const transcript = [run.plan, ...run.legs.map((l) => l.run)].map((r) => r.transcript).join('\n');
    for (const secret of [emulator.defaultPrincipal.clientSecret, azurite.accountKey, key.privatePem.split('\n')[1] ?? '']) expect(transcript).not.toContain(secret);
  }, 600_000);
});
