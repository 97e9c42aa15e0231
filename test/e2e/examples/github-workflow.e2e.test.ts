import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';
import { startGithubApi, type GithubApiStandIn } from '../../helpers/github-api.js';
import { runNode } from '../../helpers/runner.js';
import { evaluateExpression, runWorkflowJob, type ExpressionScope, type WorkflowJobResult, type WorkflowStepResult } from '../../helpers/workflow-runner.js';
import {
  expectPinned, APP, LIFECYCLE, REGIONS, SCALE_SETS, SUBSCRIPTION_ID, TENANT_ID, createWorkspace, pinRollout, normalisedState, overviewResults, pinnedImage, repoRoot, scaleSetId,
  signingKey, startExampleEmulator,
} from './example-env.js';

// examples/github/image-pipeline.yml executed as the runner executes it: one Node 24 process per `uses: ./...`
// step (the committed dist/ bundles), `run:` steps in bash, expressions substituted from the contexts, and the
// Azure sign-in by GitHub OIDC through the emulator's ID token endpoint and a federated credential. Then the
// same run with 10% of ARM requests failing (429, 503, connection resets) must end in the same Azure state.
const workflowFile = join(repoRoot, 'examples/github/image-pipeline.yml');
const REPOSITORY = 'contoso/images';
const REF = 'refs/heads/main';
const GITHUB_TOKEN = 'ghs_exampleRunnerToken0123456789abcdefABCDEF';
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/;
const key = signingKey();
let azurite: Azurite;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  await azurite?.stop();
});

/** One emulator + workspace, the federated app with Contributor, and the workflow run against them. */
async function runExample(container: string, setup: (emulator: EmulatorHandle) => void = () => {}, inputs: Record<string, string> = { version: '1.2.0' }): Promise<ExampleRun> {
  const emulator = await startExampleEmulator();
  cleanup.push(() => emulator.close());
  const workspace = await createWorkspace();
  // pin-rollout records its rings as GitHub Deployments: a local stand-in of GitHub's REST API takes them.
  const githubApi = await startGithubApi(GITHUB_TOKEN);
  cleanup.push(() => githubApi.close());
  cleanup.push(() => workspace.remove());
  emulator.identity.registerServicePrincipal({
    displayName: 'github-contoso-images',
    ...APP,
    federatedCredentials: [{ name: 'main', issuer: emulator.identity.githubIssuer, subject: `repo:${REPOSITORY}:ref:${REF}`, audiences: ['api://AzureADTokenExchange'] }],
  });
  emulator.authz.assign(APP.objectId, 'Contributor', `/subscriptions/${SUBSCRIPTION_ID}`);
  const grant = emulator.identity.grantGithubRun({ repository: REPOSITORY, ref: REF, sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', workflow: 'image-pipeline', actor: 'octocat', runId: '4242' });
  setup(emulator);
  const run = await runWorkflowJob(workflowFile, 'image', {
    workspace: workspace.dir,
    github: { repository: REPOSITORY, ref: REF, sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', run_id: '4242', run_number: '17', run_attempt: '1', actor: 'octocat', event_name: 'workflow_dispatch', token: GITHUB_TOKEN },
    inputs,
    vars: {
      AZURE_CLIENT_ID: APP.clientId,
      AZURE_TENANT_ID: TENANT_ID,
      AZURE_SUBSCRIPTION_ID: SUBSCRIPTION_ID,
      AZURE_ARM_ENDPOINT: emulator.armEndpoint,
      // A custom cloud needs only its ARM endpoint: authority, audience and portal come from its metadata document.
      AZURE_AUTHORITY_HOST: '',
      AZURE_ARM_AUDIENCE: '',
      IMAGE_STORAGE_CONTAINER_URL: `${azurite.accountUrl}/${container}`,
      IMAGE_SIGNING_PUBLIC_KEY: key.publicPem,
    },
    secrets: { IMAGE_STORAGE_ACCOUNT_KEY: azurite.accountKey, IMAGE_SIGNING_KEY: key.privatePem },
    // What the runner gives a job with `id-token: write`; no client secret exists anywhere in this run.
    runnerEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: grant.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: grant.requestToken, NODE_EXTRA_CA_CERTS: emulator.caCertFile, GITHUB_API_URL: githubApi.url },
    unavailable: pinRollout.github ? [] : ['azimage/image-publish/actions/pin-rollout@v1'],
  });
  return { emulator, run, requestToken: grant.requestToken, containerUrl: `${azurite.accountUrl}/${container}`, githubApi };
}

interface ExampleRun {
  emulator: EmulatorHandle;
  run: WorkflowJobResult;
  requestToken: string;
  containerUrl: string;
  githubApi: GithubApiStandIn;
}

/**
 * Values that legitimately differ between two runs: the storage container (each run uploads to its own, as a
 * second workspace's disk file is a different upload) and the signature digest, which covers the managed image's
 * creation time.
 */
function volatile(r: ExampleRun): string[] {
  return [r.containerUrl, ...r.run.steps.filter((s) => s.id === 'sign').map((s) => s.outputs.digest ?? '')];
}

function failureReport(run: WorkflowJobResult): string {
  return run.steps.filter((s) => s.conclusion === 'failure').map((s) => `--- ${s.name}\n${s.log}\n${s.stderr}`).join('\n');
}

let clean: ExampleRun;

/** A successful step's result as the runner showed it: with a warning annotation, it succeeded with issues. */
function outcome(step: WorkflowStepResult | undefined): string {
  return /^::warning/m.test(step?.log ?? '') ? 'succeeded-with-issues' : 'succeeded';
}

describe('the workflow runner', () => {
  it('fails loudly on an expression it does not know, an undefined variable or an undeclared output', () => {
    const scope: ExpressionScope = {
      github: { repository: REPOSITORY, ref: REF, sha: 'x', run_id: '1', run_number: '1', run_attempt: '1', actor: 'a', event_name: 'push', token: GITHUB_TOKEN },
      vars: { SET: 'v' }, secrets: {}, inputs: {}, env: {}, runner: { temp: '/tmp', os: 'Linux', arch: 'X64' },
      steps: { bake: { outputs: { 'image-id': '/id' }, declared: ['image-id'] } }, stepIds: ['bake', 'later'],
    };
    expect(evaluateExpression(' steps.bake.outputs.image-id ', scope)).toBe('/id');
    expect(evaluateExpression('steps.later.outputs.x', scope)).toBe('');
    expect(evaluateExpression('vars.SET', scope)).toBe('v');
    expect(() => evaluateExpression('steps.bake.outputs.image_id', scope)).toThrow(/declares no output 'image_id'/);
    expect(() => evaluateExpression('steps.bkae.outputs.image-id', scope)).toThrow(/no step with id 'bkae'/);
    expect(() => evaluateExpression('vars.UNSET', scope)).toThrow(/repository variable 'UNSET' is not defined/);
    expect(() => evaluateExpression('github.event.head_commit.message', scope)).toThrow(/unsupported expression/);
    expect(() => evaluateExpression("format('{0}', vars.SET)", scope)).toThrow(/unsupported expression/);
    expect(() => evaluateExpression("vars.SET || 'x'", scope)).toThrow(/unsupported expression/);
  });
});

describe('examples/github/image-pipeline.yml', () => {
  it('declares the triggers, permissions, concurrency and the chained steps the example promises', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks the example workflow YAML by key; a type would restate the workflow schema
    const workflow = parseYaml(await readFile(workflowFile, 'utf8')) as Record<string, any>;
    expect(Object.keys(workflow.on)).toEqual(['push', 'workflow_dispatch']);
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'security-events': 'write', deployments: 'write' });
    expect(workflow.concurrency.group).toContain('${{ github.ref }}');
    const uses = (workflow.jobs.image.steps as { uses?: string }[]).map((s) => s.uses).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining(['bake', 'scan', 'sign', 'publish', 'replicate', 'pin-rollout'].map((s) => `azimage/image-publish/actions/${s}@v1`).concat('azimage/image-publish@v1')));
    // Sign-in and cloud are set once in the workflow's env; no image-publish step repeats them.
    expect(workflow.env).toMatchObject({ AZURE_CLIENT_ID: '${{ vars.AZURE_CLIENT_ID }}', AZURE_TENANT_ID: '${{ vars.AZURE_TENANT_ID }}', AZURE_SUBSCRIPTION_ID: '${{ vars.AZURE_SUBSCRIPTION_ID }}' });
    const auth = ['client-id', 'tenant-id', 'subscription-id', 'cloud', 'arm-endpoint', 'authority-host', 'arm-audience'];
    for (const step of workflow.jobs.image.steps as { uses?: string; with?: Record<string, unknown> }[]) {
      if (step.uses?.startsWith('azimage/image-publish')) expect(Object.keys(step.with ?? {}).filter((k) => auth.includes(k)), step.uses).toEqual([]);
    }
    // And GitHub's workflow schema accepts it (the same validator CI runs on action.yml files).
    const validator = await runNode(join(repoRoot, 'node_modules/@action-validator/cli/cli.mjs'), [workflowFile], { env: { PATH: process.env.PATH ?? '' } });
    expect(validator.exitCode, validator.stdout + validator.stderr).toBe(0);
  });

  it('runs end to end with OIDC: a replicated, signed version, scale sets pinned, SARIF handed to code scanning, no secret printed', async () => {
    clean = await runExample('vhds');
    const { emulator, run } = clean;
    expect(run.conclusion, failureReport(run)).toBe('success');
    const byId = Object.fromEntries(run.steps.filter((s) => s.id).map((s) => [s.id, s]));

    // Chaining: each step got the previous step's outputs through steps.<id>.outputs.
    const versionId = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/contoso_images/images/ubuntu-web/versions/1.2.0`;
    expect(byId.bake?.outputs['image-id']).toBe(`/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-images/providers/Microsoft.Compute/images/img-ubuntu-web-17`);
    expect(byId.sign?.inputs['subject-id']).toBe(byId.bake?.outputs['image-id']);
    expect(byId.publish?.inputs.source).toBe(byId.bake?.outputs['image-id']);
    expect(byId.publish?.outputs).toMatchObject({ 'image-version-id': versionId, version: '1.2.0', created: 'true' });
    expect(byId.replicate?.inputs['image-version-id']).toBe(versionId);
    expect(byId.verify?.outputs).toMatchObject({ verified: 'true', digest: byId.sign?.outputs.digest });

    // The VHD is in storage, the scan's SARIF went to the upload step.
    const blob = new BlobServiceClient(azurite.accountUrl, new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey)).getContainerClient('vhds').getPageBlobClient('ubuntu-web.vhd');
    expect((await blob.getProperties()).contentLength).toBe(Number(byId.bake?.outputs.size));
    const upload = run.steps.find((s) => s.uses === 'github/codeql-action/upload-sarif@v3');
    expect(upload?.inputs.sarif_file).toBe(byId.scan?.outputs['sarif-file']);
    expect(JSON.parse(await readFile(upload?.inputs.sarif_file ?? '', 'utf8'))).toMatchObject({ version: '2.1.0' });

    // Azure: the version is replicated to the three regions and tagged with the signature.
    const version = emulator.state.resource(versionId) as { tags?: Record<string, string>; properties: { publishingProfile: { targetRegions: { name: string }[]; excludeFromLatest?: boolean } } };
    expect(version.properties.publishingProfile.targetRegions.map((r) => r.name.replace(/\s/g, '').toLowerCase()).sort()).toEqual([...REGIONS].sort());
    expect(version.tags?.['image-publish.signature.digest']).toBe(`sha256:${byId.sign?.outputs.digest}`);
    expect(byId.replicate?.outputs['aggregated-state']).toBe('Completed');
    expect(byId.replicate?.outputs['failed-regions']).toBe('');
    if (pinRollout.github) {
      expect(byId.rollout?.inputs['image-version-id']).toBe(versionId);
      expect(byId.rollout?.outputs).toMatchObject({ 'pinned-version': '1.2.0', 'rolled-back': 'false', 'rings-completed': '2' });
      expectPinned(emulator, versionId);
      // Each ring became a deployment of the commit to the environment named after it, and succeeded.
      expect(clean.githubApi.deployments.map((d) => [d.environment, d.sha, (d.payload as Record<string, unknown>).imageVersion])).toEqual([
        ['canary', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', '1.2.0'], ['prod', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', '1.2.0'],
      ]);
      expect(clean.githubApi.statuses.map((st) => st.state)).toEqual(['in_progress', 'success', 'in_progress', 'success']);
    } else {
      expect(run.steps.find((s) => s.uses === 'azimage/image-publish/actions/pin-rollout@v1')?.conclusion).toBe('skipped');
    }

    // The sign-in was GitHub OIDC: ID tokens came from the runner's endpoint (there is no client secret anywhere).
    expect(emulator.requestLog.entries().some((e) => e.path.endsWith('/idtoken') && e.status === 200)).toBe(true);

    // Secrets: none in any log, summary or output, even though every step handled them.
    for (const secret of [azurite.accountKey, key.privatePem.split('\n')[1] ?? '', GITHUB_TOKEN, clean.requestToken]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(run.transcript).not.toContain(secret);
    }
    expect(run.transcript).not.toMatch(JWT);
    expect(run.masks).toContain(azurite.accountKey);

    // The publish, replicate and rollout summaries hold a picture and link what they touched in the cloud's portal
    // (the emulator's metadata document names its origin as the portal, as Azure Stack Hub names its own).
    for (const id of ['publish', 'replicate', ...(pinRollout.github ? ['rollout'] : [])]) {
      expect(byId[id]?.summary, id).toContain('```mermaid');
      expect(byId[id]?.summary, id).toMatch(/### In the Azure portal\n\n- \[[^\]]+\]\(https:\/\/[^)]+#resource\/subscriptions\//);
    }

    // The last step drew the whole run in the job summary: a Mermaid picture and every step with its result.
    const overview = byId.overview;
    expect(overview?.conclusion).toBe('success');
    expect(overview?.summary).toContain('```mermaid\nflowchart LR');
    const results = overviewResults(overview?.summary ?? '');
    expect(results).toEqual(Object.fromEntries(LIFECYCLE.map((s) => [s, s === 'pin-rollout' && !pinRollout.github ? 'not run' : outcome(byId[s === 'pin-rollout' ? 'rollout' : s])])));
    expect(overview?.summary).toContain(`publish.image-version-id = ${versionId}`);
    const overall = !pinRollout.github ? 'incomplete' : Object.values(results).includes('succeeded-with-issues') ? 'succeeded-with-issues' : 'succeeded';
    expect(overview?.outputs).toEqual({ result: overall, 'failed-steps': '' });
  }, 180_000);

  it('ends a failed run with the lifecycle overview too: the failed step with its error, the later ones not run', async () => {
    // An invalid version stops publish before it writes anything; bake, scan and sign have run by then.
    const { run } = await runExample('vhds-failed', () => {}, { version: 'one.two' });
    expect(run.conclusion).toBe('failure');
    const byId = Object.fromEntries(run.steps.filter((s) => s.id).map((s) => [s.id, s]));
    expect(byId.replicate?.conclusion).toBe('skipped');
    const overview = byId.overview;
    expect(overview?.conclusion, failureReport(run)).toBe('success');
    expect(overviewResults(overview?.summary ?? '')).toEqual({
      bake: 'succeeded', scan: outcome(byId.scan), sign: 'succeeded', publish: 'failed', replicate: 'not run', verify: 'not run', 'pin-rollout': 'not run',
    });
    expect(overview?.summary).toMatch(/\["publish failed, \d+\.\d s"\]:::failed/);
    expect(overview?.summary).toMatch(/\| publish \| failed \| \d+\.\d s \| E\\_[A-Z\\_]+: Input 'version'/);
    expect(overview?.outputs).toEqual({ result: 'failed', 'failed-steps': 'publish' });
    expect(run.transcript).not.toContain(azurite.accountKey);
  }, 180_000);

  it('passes while 10% of ARM requests fail with 429, 503 or a reset connection, and ends in the same Azure state', async () => {
    expect(clean?.run.conclusion, 'the clean run must pass first').toBe('success');
    const chaos = await runExample('vhds-chaos', (emulator) => {
      // About 10% of ARM requests, drawn in turn: ~4% throttled, ~3% unavailable, ~3% reset. ARM routes only: the
      // identity routes stay reliable (a failed token exchange is the runner's problem, not the step's).
      emulator.faults.setRate(0.04, { kind: 'status', status: 429, code: 'TooManyRequests', retryAfterSeconds: 1 });
      emulator.faults.setRate(0.031, { kind: 'status', status: 503, code: 'ServiceUnavailable' });
      emulator.faults.setRate(0.031, { kind: 'reset' });
      // The example makes only a few dozen ARM requests, so the rates alone might miss a kind; these make sure
      // each kind hits at least once, including a reset on a write.
      emulator.faults.script(1, { kind: 'reset' }, { method: 'PUT' });
      emulator.faults.script(1, { kind: 'status', status: 429, code: 'TooManyRequests', retryAfterSeconds: 1 }, { method: 'GET' });
      emulator.faults.script(1, { kind: 'status', status: 503, code: 'ServiceUnavailable' }, { method: 'GET' });
    });
    expect(chaos.run.conclusion, failureReport(chaos.run)).toBe('success');
    const faults = chaos.emulator.requestLog.entries().flatMap((e) => (e.fault === undefined ? [] : [e.fault]));
    expect(new Set(faults)).toEqual(new Set(['reset', 'status:429', 'status:503']));
    expect(normalisedState(chaos.emulator, volatile(chaos))).toEqual(normalisedState(clean.emulator, volatile(clean)));
  }, 180_000);
});
