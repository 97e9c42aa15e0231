import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';
import { expandMacros, runPipelineJob, type PipelineJobResult, type PipelineStepResult } from '../../helpers/pipeline-runner.js';
import { LIFECYCLE, REGIONS, SUBSCRIPTION_ID, azdoExampleSetup, createWorkspace, expectPinned, overviewResults, pinRollout, repoRoot, signingKey, startExampleEmulator } from './example-env.js';

// examples/azure-devops/azure-pipelines.yml executed as the agent executes it: one Node 24 process per task of
// this repository (the committed dist/ bundles through tasks/<Name>V1/task.json), the service connection as
// ENDPOINT_* variables, `$(step.variable)` fed by `##vso[task.setvariable ...;isOutput=true]`, a variable group
// with secret variables, and a bash step that sets a variable with a logging command.
const pipelineFile = join(repoRoot, 'examples/azure-devops/azure-pipelines.yml');
const CONNECTION_ID = '0d6a4c2e-8b1f-4e3d-9a7c-5b2e1f0d3c4a';
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/;
const key = signingKey();
let azurite: Azurite;
let emulator: EmulatorHandle;
let workspace: { dir: string; remove(): Promise<void> };

beforeAll(async () => {
  [azurite, emulator, workspace] = await Promise.all([startAzurite(), startExampleEmulator(), createWorkspace()]);
});
afterAll(async () => {
  await Promise.allSettled([azurite?.stop(), emulator?.close(), workspace?.remove()]);
});

function failureReport(run: PipelineJobResult): string {
  return run.steps.filter((s) => s.conclusion === 'failed').map((s) => `--- ${s.displayName}\n${s.log}\n${s.stderr}`).join('\n');
}

/** The pipeline's job against the local Azure, as the agent runs it; a test may change the run id, container or signing key. */
function runExample({ buildId = '318', container = 'vhds', signingKeyPem = key.privatePem } = {}): Promise<PipelineJobResult> {
  return runPipelineJob(pipelineFile, 'image', {
    workspace: workspace.dir,
    ...azdoExampleSetup(emulator, azurite, { privatePem: signingKeyPem, publicPem: key.publicPem }, container, CONNECTION_ID),
    predefined: {
      'Build.BuildId': buildId,
      'Build.BuildNumber': '20261126.4',
      'Build.SourceVersion': 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      'Build.SourceBranch': 'refs/heads/main',
      'Build.Repository.Name': 'contoso/images',
      'Build.RequestedFor': 'Platform Team',
      'System.CollectionUri': 'https://dev.azure.com/contoso/',
      'System.TeamProject': 'images',
      'System.DefinitionId': '12',
    },
    agentEnv: { NODE_EXTRA_CA_CERTS: emulator.caCertFile },
    unavailable: pinRollout.azdo ? [] : ['PinRollout@1'],
    externalTasks: ['PublishBuildArtifacts@1'],
  });
}

/** A successful task's result as the agent recorded it (SucceededWithIssues when it warned). */
function outcome(step: PipelineStepResult | undefined): string {
  return step?.result?.result === 'SucceededWithIssues' ? 'succeeded-with-issues' : 'succeeded';
}

describe('the pipeline runner', () => {
  it('expands macros case-insensitively and fails loudly on an unknown variable or an unsupported expression', () => {
    const variables = new Map([['bake.imageid', { value: '/id', secret: false }]]);
    expect(expandMacros('src=$(bake.imageId)', variables, 'here')).toBe('src=/id');
    expect(() => expandMacros('$(bake.imageID2)', variables, 'here')).toThrow(/here: \$\(bake\.imageID2\) names no variable/);
    expect(() => expandMacros("$[ variables['x'] ]", variables, 'here')).toThrow(/not supported/);
    expect(() => expandMacros('${{ parameters.x }}', variables, 'here')).toThrow(/not supported/);
  });
});

describe('examples/azure-devops/azure-pipelines.yml', () => {
  it('declares the trigger, the service connection, the variable group and a task for every step', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks the example pipeline YAML by key; a type would restate the Azure Pipelines schema
    const pipeline = parseYaml(await readFile(pipelineFile, 'utf8')) as Record<string, any>;
    expect(pipeline.trigger).toEqual({ branches: { include: ['main'] } });
    expect(pipeline.variables).toEqual(expect.arrayContaining([{ group: 'image-publish' }, { name: 'serviceConnection', value: 'image-publish-azure' }]));
    // The group's optional variables are defined empty before it: an undefined $(x) reaches a task as literal text.
    const groupAt = (pipeline.variables as { group?: string }[]).findIndex((v) => v.group === 'image-publish');
    const defaults = (pipeline.variables as { name?: string; value?: unknown }[]).slice(0, groupAt).filter((v) => v.value === '').map((v) => v.name);
    expect(defaults).toEqual(expect.arrayContaining(['azureArmEndpoint', 'azureAuthorityHost', 'azureArmAudience', 'imageStorageAccountKey']));
    const tasks = (pipeline.jobs[0].steps as { task?: string }[]).map((s) => s.task).filter(Boolean);
    expect(tasks).toEqual(expect.arrayContaining(['BakeImage@1', 'ScanImage@1', 'SignImage@1', 'PublishImage@1', 'ReplicateImage@1', 'VerifyImage@1', 'PinRollout@1']));
  });

  it('runs end to end through the service connection: a replicated, signed version, scale sets pinned, no secret printed', async () => {
    const run = await runExample();
    expect(run.conclusion, failureReport(run)).toBe('succeeded');
    const byName = Object.fromEntries(run.steps.filter((s) => s.name).map((s) => [s.name, s]));

    // Output variables chained through $(step.variable); the service connection went in as its id.
    expect(byName.bake?.inputs.azureSubscription).toBe(CONNECTION_ID);
    expect(byName.bake?.outputs.imageId).toBe(`/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-images/providers/Microsoft.Compute/images/img-ubuntu-web-318`);
    expect(byName.sign?.inputs.subjectId).toBe(byName.bake?.outputs.imageId);
    expect(byName.sign?.inputs.keyFile).toMatch(/signing\.key\.pem$/);
    expect(byName.publish?.inputs.source).toBe(byName.bake?.outputs.imageId);
    expect(byName.publish?.outputs.version).toMatch(/^\d{4}\.\d{4}\.318$/);
    const versionId = byName.publish?.outputs.imageVersionId ?? '';
    expect(versionId).toBe(`/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/contoso_images/images/ubuntu-web/versions/${byName.publish?.outputs.version}`);
    expect(byName.replicate?.inputs.imageVersionId).toBe(versionId);
    expect(byName.replicate?.outputs).toMatchObject({ aggregatedState: 'Completed', failedRegions: '' });
    expect(byName.verify?.outputs).toMatchObject({ verified: 'true', digest: byName.sign?.outputs.digest });
    const artifact = run.steps.find((s) => s.task === 'PublishBuildArtifacts@1');
    expect(artifact?.inputs.PathtoPublish).toBe(byName.scan?.outputs.sarifFile);
    expect(JSON.parse(await readFile(artifact?.inputs.PathtoPublish ?? '', 'utf8'))).toMatchObject({ version: '2.1.0' });

    // Azure and storage state.
    const blob = new BlobServiceClient(azurite.accountUrl, new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey)).getContainerClient('vhds').getPageBlobClient('ubuntu-web.vhd');
    expect((await blob.getProperties()).contentLength).toBe(Number(byName.bake?.outputs.size));
    const version = emulator.state.resource(versionId) as { tags?: Record<string, string>; properties: { publishingProfile: { targetRegions: { name: string }[] } } };
    expect(version.properties.publishingProfile.targetRegions.map((r) => r.name.replace(/\s/g, '').toLowerCase()).sort()).toEqual([...REGIONS].sort());
    expect(version.tags).toMatchObject({ 'image-publish.signature.digest': `sha256:${byName.sign?.outputs.digest}`, 'image-publish.repository': 'contoso/images' });
    if (pinRollout.azdo) {
      expect(byName.rollout?.inputs.imageVersionId).toBe(versionId);
      expect(byName.rollout?.outputs).toMatchObject({ pinnedVersion: byName.publish?.outputs.version, rolledBack: 'false', ringsCompleted: '2' });
      expectPinned(emulator, versionId);
    } else {
      expect(run.steps.find((s) => s.task === 'PinRollout@1')?.conclusion).toBe('skipped');
    }

    // Secrets: the connection's key, the storage key and the signing key appear nowhere the agent shows.
    for (const secret of [emulator.defaultPrincipal.clientSecret, azurite.accountKey, key.privatePem.split('\n')[1] ?? '']) {
      expect(secret.length).toBeGreaterThan(10);
      expect(run.transcript).not.toContain(secret);
    }
    expect(run.transcript).not.toMatch(JWT);
    expect(run.masks).toContain(azurite.accountKey);

    // The last task summed the run up in the build summary: Azure DevOps shows the table (no Mermaid there).
    const summary = byName.overview?.result?.summaries.join('\n') ?? '';
    expect(byName.overview?.conclusion).toBe('succeeded');
    expect(summary).toContain('## Image lifecycle');
    expect(summary).not.toContain('```mermaid');
    const results = overviewResults(summary);
    expect(results).toEqual(Object.fromEntries(LIFECYCLE.map((s) => [s, s === 'pin-rollout' && !pinRollout.azdo ? 'not run' : outcome(byName[s === 'pin-rollout' ? 'rollout' : s])])));
    const overall = !pinRollout.azdo ? 'incomplete' : Object.values(results).includes('succeeded-with-issues') ? 'succeeded-with-issues' : 'succeeded';
    expect(byName.overview?.outputs).toEqual({ result: overall, failedSteps: '' });
  }, 180_000);

  it('ends a failed run with the lifecycle overview too: the failed task with its error, the later ones not run', async () => {
    // A signing key secret that is not a PEM key: sign fails after bake and scan, nothing is published.
    const run = await runExample({ buildId: '319', container: 'vhds-failed', signingKeyPem: 'not a key' });
    expect(run.conclusion).toBe('failed');
    const byName = Object.fromEntries(run.steps.filter((s) => s.name).map((s) => [s.name, s]));
    expect(byName.publish?.conclusion).toBe('skipped');
    expect(byName.overview?.conclusion, failureReport(run)).toBe('succeeded');
    const summary = byName.overview?.result?.summaries.join('\n') ?? '';
    expect(overviewResults(summary)).toEqual({
      bake: 'succeeded', scan: outcome(byName.scan), sign: 'failed', publish: 'not run', replicate: 'not run', verify: 'not run', 'pin-rollout': 'not run',
    });
    expect(summary).toMatch(/\| sign \| failed \| \d+\.\d s \| E\\_/);
    expect(byName.overview?.outputs).toEqual({ result: 'failed', failedSteps: 'sign' });
    expect(run.transcript).not.toContain(azurite.accountKey);
  }, 180_000);
});
