// examples/personas/image-pipeline.yml executed as the runner executes it (issue 19): the plan job's matrix fans
// out one job per persona, and each job runs the bundled steps as separate Node 24 processes (bake → scan → sign →
// publish → replicate → pin-rollout) onto its scale-set canary and its pooled host pool, with simulated users
// signed in. Then a variant where one persona's new version fails the host pool's health gate.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';
import { startTestEmulator } from '../../helpers/emulator.js';
import { runNode } from '../../helpers/runner.js';
import { runWorkflowMatrix, type MatrixRunResult } from '../../helpers/workflow-matrix.js';
import { evaluateExpression, type ExpressionScope, type WorkflowJobResult } from '../../helpers/workflow-runner.js';
import { APP, SUBSCRIPTION_ID, TENANT_ID, createWorkspace, pinnedImage, repoRoot, signingKey } from '../examples/example-env.js';
import { PERSONAS, SUB, expectGraceKept, hostIds, poolId, seedEstate, sessions, versionId, vmIds, vmImage } from './persona-estate.js';

const workflowFile = join(repoRoot, 'examples/personas/image-pipeline.yml');
const REPOSITORY = 'contoso/vdi-images';
const REF = 'refs/heads/main';
const GITHUB_TOKEN = 'ghs_personaRunnerToken0123456789abcdefABCDEF';
const key = signingKey();
const azurite: Azurite = await startAzurite();
// Each run has its own emulator and workspace; all go when the file is done.
const started: { close(): Promise<void> }[] = [];
afterAll(() => Promise.allSettled([...started.map((s) => s.close()), azurite.stop()]));

interface Run {
  emulator: EmulatorHandle;
  run: MatrixRunResult;
  baseId: string;
  requestToken: string;
}

async function runPersonas(container: string, setup: (e: EmulatorHandle) => void = () => {}): Promise<Run> {
  const emulator = await startTestEmulator({ tenantId: TENANT_ID, subscriptionId: SUBSCRIPTION_ID });
  started.push(emulator);
  const workspace = await createWorkspace();
  started.push({ close: () => workspace.remove() });
  const baseId = await seedEstate(emulator);
  setup(emulator);
  emulator.identity.registerServicePrincipal({
    displayName: 'github-contoso-vdi-images',
    ...APP,
    federatedCredentials: [{ name: 'main', issuer: emulator.identity.githubIssuer, subject: `repo:${REPOSITORY}:ref:${REF}`, audiences: ['api://AzureADTokenExchange'] }],
  });
  emulator.authz.assign(APP.objectId, 'Contributor', SUB);
  const github = { repository: REPOSITORY, ref: REF, sha: 'b1c2d3e4f5a60718293a4b5c6d7e8f9012345678', run_id: '5151', run_number: '3', run_attempt: '1', actor: 'octocat', event_name: 'workflow_dispatch' as const, token: GITHUB_TOKEN };
  const grant = emulator.identity.grantGithubRun({ repository: REPOSITORY, ref: REF, sha: github.sha, workflow: 'vdi-personas', actor: 'octocat', runId: github.run_id });
  const run = await runWorkflowMatrix(workflowFile, 'plan', 'persona', {
    workspace: workspace.dir,
    github,
    inputs: { version: '1.0.0' },
    vars: {
      AZURE_CLIENT_ID: APP.clientId, AZURE_TENANT_ID: TENANT_ID, AZURE_SUBSCRIPTION_ID: SUBSCRIPTION_ID,
      AZURE_ARM_ENDPOINT: emulator.armEndpoint, AZURE_AUTHORITY_HOST: emulator.authorityHost, AZURE_ARM_AUDIENCE: emulator.armAudience,
      IMAGE_STORAGE_CONTAINER_URL: `${azurite.accountUrl}/${container}`, IMAGE_SIGNING_PUBLIC_KEY: key.publicPem,
    },
    secrets: { IMAGE_STORAGE_ACCOUNT_KEY: azurite.accountKey, IMAGE_SIGNING_KEY: key.privatePem },
    runnerEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: grant.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: grant.requestToken, NODE_EXTRA_CA_CERTS: emulator.caCertFile },
  });
  return { emulator, run, baseId, requestToken: grant.requestToken };
}

function failureReport(run: WorkflowJobResult): string {
  return run.steps.filter((s) => s.conclusion === 'failure').map((s) => `--- ${s.name}\n${s.log}\n${s.stderr}`).join('\n');
}

const stepOf = (leg: WorkflowJobResult, id: string) => leg.steps.find((s) => s.id === id);

describe('the workflow runner, for matrix jobs', () => {
  it('reads matrix.<x> and needs.<job>.outputs.<x>, and fails loudly on a key or job that is not there', () => {
    const scope: ExpressionScope = {
      github: { repository: REPOSITORY, ref: REF, sha: 'x', run_id: '1', run_number: '1', run_attempt: '1', actor: 'a', event_name: 'push', token: GITHUB_TOKEN },
      vars: {}, secrets: {}, inputs: {}, env: {}, runner: { temp: '/tmp', os: 'Linux', arch: 'X64' }, steps: {},
      matrix: { image: 'developer' }, needs: { plan: { outputs: { matrix: '{"include":[]}' } } },
    };
    expect(evaluateExpression('matrix.image', scope)).toBe('developer');
    expect(evaluateExpression('needs.plan.outputs.matrix', scope)).toBe('{"include":[]}');
    expect(() => evaluateExpression('matrix.persona', scope)).toThrow(/matrix property 'persona' is not defined/);
    expect(() => evaluateExpression('needs.build.outputs.matrix', scope)).toThrow(/does not need 'build'/);
    expect(() => evaluateExpression('needs.plan.outputs.images', scope)).toThrow(/output of job plan 'images' is not defined/);
  });
});

describe('examples/personas/image-pipeline.yml', () => {
  it('fans the persona job out over the plan job\'s matrix, every image-publish step picks the persona, and GitHub\'s schema accepts it', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks the example workflow YAML by key; a type would restate the workflow schema
    const workflow = parseYaml(await readFile(workflowFile, 'utf8')) as Record<string, any>;
    expect(workflow.jobs.plan.outputs.matrix).toBe('${{ steps.plan.outputs.matrix }}');
    expect(workflow.jobs.persona.strategy).toEqual({ 'fail-fast': false, matrix: '${{ fromJSON(needs.plan.outputs.matrix) }}' });
    const steps = workflow.jobs.persona.steps as { uses?: string; with?: Record<string, unknown> }[];
    expect(steps.map((s) => s.uses).filter((u) => u?.startsWith('azimage/'))).toEqual(['bake', 'scan', 'sign', 'publish', 'replicate', 'pin-rollout'].map((x) => `azimage/image-publish/actions/${x}@v1`));
    for (const step of steps.filter((s) => s.with?.config !== undefined)) expect(step.with?.image, step.uses).toBe('${{ matrix.image }}');
    const validator = await runNode(join(repoRoot, 'node_modules/@action-validator/cli/cli.mjs'), [workflowFile], { env: { PATH: process.env.PATH ?? '' } });
    expect(validator.exitCode, validator.stdout + validator.stderr).toBe(0);
  });

  it('fans out one job per persona and rolls each version onto its scale set and its pooled host pool, users given their grace period', async () => {
    const { emulator: e, run, requestToken } = await runPersonas('vdi');
    expect(run.plan.conclusion, failureReport(run.plan)).toBe('success');
    expect(run.legs.map((l) => l.matrix.image)).toEqual(PERSONAS.map((p) => p.image));
    for (const [i, p] of PERSONAS.entries()) {
      const leg = run.legs[i]!.run;
      expect(leg.conclusion, `${p.image}\n${failureReport(leg)}`).toBe('success');
      const id = versionId(p.definition, '1.0.0');
      expect(stepOf(leg, 'bake')?.inputs.image).toBe(p.image);
      expect(stepOf(leg, 'publish')?.outputs['image-version-id']).toBe(id);
      expect(stepOf(leg, 'rollout')?.outputs).toMatchObject({ 'pinned-version': '1.0.0', 'rolled-back': 'false', 'rings-completed': '2' });
      const pools = JSON.parse(stepOf(leg, 'rollout')?.outputs['host-pools'] ?? '[]') as { hostPool: string; status: string; updated: number; drained: number }[];
      expect(pools.map((x) => [x.hostPool, x.status, x.updated, x.drained])).toEqual([[`hp-${p.image}`, 'rolled-out', 2, 2]]);
      // The scale set and every session host VM run the persona's version; the hosts are back in rotation.
      expect(pinnedImage(e, `${SUB}/resourceGroups/rg-vdi-canary/providers/Microsoft.Compute/virtualMachineScaleSets/${p.scaleSet}`)).toBe(id);
      expect(vmIds(p.image).map((v) => vmImage(e, v))).toEqual([id, id]);
      for (const h of hostIds(p.image)) expect((e.state.resource(h) as { properties: { allowNewSession: boolean } }).properties.allowNewSession).toBe(true);
      expectGraceKept(e, p.image);
      expect(stepOf(leg, 'rollout')?.summary).toContain(`hp-${p.image}`);
    }
    // Users were actually in the way: every one was still signed in at its drain and logged off when the grace ended.
    expect(PERSONAS.flatMap((p) => sessions(e, p.image)).map((s) => s.endedBy)).toEqual(Array(12).fill('logoff'));
    const transcript = [run.plan, ...run.legs.map((l) => l.run)].map((r) => r.transcript).join('\n');
    for (const secret of [azurite.accountKey, key.privatePem.split('\n')[1] ?? '', GITHUB_TOKEN, requestToken]) expect(transcript).not.toContain(secret);
  }, 600_000);

  it('when the contractor version fails its host pool health gate, that persona rolls back its host pool and scale set; the others roll out', async () => {
    const { emulator: e, run, baseId } = await runPersonas('vdi-bad', (emulator) => {
      const pool = emulator.state.resource(poolId('contractor')) as object;
      emulator.state.seed([{ id: poolId('contractor'), body: { ...pool, simulation: { unhealthyImages: ['/images/win11-contractor/versions/1.0.0'] } } }]);
    });
    const byImage = Object.fromEntries(run.legs.map((l) => [l.matrix.image, l.run]));
    expect(byImage['knowledge-worker']?.conclusion).toBe('success');
    expect(byImage.developer?.conclusion).toBe('success');
    const bad = byImage.contractor!;
    expect(bad.conclusion).toBe('failure');
    expect(stepOf(bad, 'publish')?.conclusion).toBe('success');
    const rollout = stepOf(bad, 'rollout')!;
    expect(rollout.conclusion).toBe('failure');
    expect(rollout.outputs['rolled-back']).toBe('true');
    expect(rollout.stderr + rollout.log).toMatch(/hp-contractor: 1 of 2 session hosts unhealthy/);
    const pools = JSON.parse(rollout.outputs['host-pools'] ?? '[]') as { hostPool: string; status: string; unhealthy: boolean }[];
    expect(pools).toMatchObject([{ hostPool: 'hp-contractor', status: 'rolled-back', unhealthy: true }]);
    // Back on the base image: the host pool's VMs (the same careful way, users given their grace) and the canary.
    expect(vmIds('contractor').map((v) => vmImage(e, v))).toEqual([baseId, baseId]);
    expect(pinnedImage(e, `${SUB}/resourceGroups/rg-vdi-canary/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-ctr-canary`)).toBe(baseId);
    expectGraceKept(e, 'contractor');
    for (const h of hostIds('contractor')) expect((e.state.resource(h) as { properties: { allowNewSession: boolean } }).properties.allowNewSession).toBe(true);
    expect(vmIds('developer').map((v) => vmImage(e, v))).toEqual([versionId('win11-developer', '1.0.0'), versionId('win11-developer', '1.0.0')]);
  }, 600_000);
});
