import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';
import { runAzdoTask, runCliProcess, runGithubAction } from '../../helpers/runner.js';
import { createTestStepContext } from '../../helpers/step-context.js';

// The committed bundle (dist/) run through actions/publish/action.yml and tasks/PublishImageV1/task.json as
// separate processes, exactly as the GitHub runner and the Azure DevOps agent start them, against an
// in-process emulator they trust through NODE_EXTRA_CA_CERTS.
const repoRoot = resolve(import.meta.dirname, '../../..');
const RG = 'rg-e2e';
const LOCATION = 'westeurope';
const emulator = useEmulator({ timing: { lroDurationMs: 300, retryAfterSeconds: 1, replicationMsPerReplica: 50 } });

/** A bearer token (JWT) anywhere in the output would be a leak. */
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/;

let configFile = '';
let source = '';

beforeAll(async () => {
  const ctx = createTestStepContext(emulator.current);
  await ctx.azure.resources().resourceGroups.createOrUpdate(RG, { location: LOCATION });
  const image = await ctx.azure.compute().images.createOrUpdate(RG, 'img-e2e', {
    location: LOCATION,
    hyperVGeneration: 'V2',
    storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://bakes.blob.core.windows.net/vhds/e2e.vhd' } },
  });
  source = image.id ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'publish-e2e-'));
  configFile = join(dir, 'image.yaml');
  writeFileSync(
    configFile,
    stringify({
      gallery: { name: 'gal_e2e', resourceGroup: RG, location: LOCATION, create: true },
      definition: { name: 'ubuntu-e2e', publisher: 'contoso', offer: 'ubuntu', sku: '24_04', osType: 'Linux', hyperVGeneration: 'V2' },
      tags: { owner: 'platform-team' },
    }),
  );
});

/**
 * Everything a user could see: the log as the runner shows it (mask registrations are consumed by the runner,
 * not shown), stderr, summaries and outputs. A secret there would be printed in clear.
 */
function everything(run: { log: string; stderr: string; summary?: string; summaries?: string[]; outputs: Record<string, string> }): string {
  return [run.log, run.stderr, run.summary ?? '', ...(run.summaries ?? []), JSON.stringify(run.outputs)].join('\n');
}

describe('publish as a GitHub Action', () => {
  it('publishes, writes the outputs to GITHUB_OUTPUT and a summary, and never prints the secret', async () => {
    const e = emulator.current;
    const run = await runGithubAction(
      join(repoRoot, 'actions/publish'),
      {
        config: configFile,
        source,
        version: '1.0.0',
        'arm-endpoint': e.armEndpoint,
        'authority-host': e.authorityHost,
        'arm-audience': e.armAudience,
        'subscription-id': e.subscriptionId,
        'progress-interval-seconds': '1',
      },
      {
        // DefaultAzureCredential's environment credential, as after azure/login with a service principal.
        env: { AZURE_CLIENT_ID: e.defaultPrincipal.clientId, AZURE_TENANT_ID: e.tenantId, AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret },
      },
    );
    expect(run.exitCode, run.log + run.stderr).toBe(0);
    const versionId = `/subscriptions/${e.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/galleries/gal_e2e/images/ubuntu-e2e/versions/1.0.0`;
    expect(run.outputs).toMatchObject({
      'image-version-id': versionId,
      version: '1.0.0',
      'image-definition-id': versionId.replace('/versions/1.0.0', ''),
      'gallery-id': versionId.replace('/images/ubuntu-e2e/versions/1.0.0', ''),
      created: 'true',
    });
    expect(run.summary).toContain('Publish image version');
    expect(run.summary).toContain('1.0.0');
    expect(run.groups).toEqual(expect.arrayContaining(['Checks', 'Publish']));
    expect(everything(run)).not.toContain(e.defaultPrincipal.clientSecret);
    expect(everything(run)).not.toMatch(JWT);

    // The same inputs again (a re-run): success, created=false.
    const again = await runGithubAction(
      join(repoRoot, 'actions/publish'),
      {
        config: configFile,
        source,
        version: '1.0.0',
        'arm-endpoint': e.armEndpoint,
        'authority-host': e.authorityHost,
        'arm-audience': e.armAudience,
        'subscription-id': e.subscriptionId,
      },
      { env: { AZURE_CLIENT_ID: e.defaultPrincipal.clientId, AZURE_TENANT_ID: e.tenantId, AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret } },
    );
    expect(again.exitCode, again.log + again.stderr).toBe(0);
    expect(again.outputs).toMatchObject({ version: '1.0.0', created: 'false' });
  });

  it('a bad version fails with the error text as an annotation, exit code 1 and no change', async () => {
    const e = emulator.current;
    const before = e.state.snapshot();
    const run = await runGithubAction(
      join(repoRoot, 'actions/publish'),
      { config: configFile, source, version: '1.2', 'arm-endpoint': e.armEndpoint, 'authority-host': e.authorityHost, 'arm-audience': e.armAudience, 'subscription-id': e.subscriptionId },
      { env: { AZURE_CLIENT_ID: e.defaultPrincipal.clientId, AZURE_TENANT_ID: e.tenantId, AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret } },
    );
    expect(run.exitCode).toBe(2);
    expect(run.annotations.map((a) => a.message).join('\n')).toMatch(/E_INPUT_INVALID: Input 'version' is '1.2'/);
    expect(e.state.snapshot()).toEqual(before);
    expect(everything(run)).not.toContain(e.defaultPrincipal.clientSecret);
    expect(everything(run)).not.toMatch(JWT);
  });
});

describe('publish as an Azure DevOps task', () => {
  it('publishes with a service principal connection and sets output variables', async () => {
    const e = emulator.current;
    const run = await runAzdoTask(
      join(repoRoot, 'tasks/PublishImageV1'),
      {
        azureSubscription: 'conn-e2e',
        config: configFile,
        source,
        version: 'auto',
        // The runtime's azdoCloud does not read the connection's audience yet; the explicit cloud inputs do.
        armEndpoint: e.armEndpoint,
        authorityHost: e.authorityHost,
        armAudience: e.armAudience,
      },
      {
        endpoints: {
          'conn-e2e': {
            url: e.armEndpoint,
            scheme: 'ServicePrincipal',
            parameters: { serviceprincipalid: e.defaultPrincipal.clientId, serviceprincipalkey: e.defaultPrincipal.clientSecret, tenantid: e.tenantId, authenticationType: 'spnKey' },
            data: { subscriptionId: e.subscriptionId, environment: 'AzureStack', activeDirectoryAuthority: e.authorityHost },
          },
        },
        variables: { 'Build.BuildId': '77', 'Build.BuildNumber': '20261126.3' },
      },
    );
    expect(run.result, run.log + run.stderr).toBe('Succeeded');
    expect(run.outputs.version).toMatch(/^\d+\.\d+\.\d+$/);
    // The agent shows progress beside the task and titles the summary tab readably (not with a file name).
    expect(run.progress.at(-1)).toEqual({ value: 100, operation: expect.stringContaining('created') });
    expect(run.summaryTitles).toEqual([expect.stringMatching(/^image-publish: [^/\\]+$/)]);
    expect(run.summaryTitles[0]).not.toMatch(/\.md$/);
    expect(run.outputs.imageVersionId).toContain(`/galleries/gal_e2e/images/ubuntu-e2e/versions/${run.outputs.version}`);
    expect(run.outputs).toMatchObject({ created: 'true' });
    expect(run.outputs.galleryId).toMatch(/\/galleries\/gal_e2e$/);
    expect(run.outputs.imageDefinitionId).toMatch(/\/images\/ubuntu-e2e$/);
    expect(everything(run)).not.toContain(e.defaultPrincipal.clientSecret);
    expect(everything(run)).not.toMatch(JWT);
  });
});

describe('publish as the CLI (image-publish publish)', () => {
  it('prints JSON outputs, exits 0, and a version conflict exits 2 (user error, nothing changed) with E_VERSION_EXISTS', async () => {
    const e = emulator.current;
    const env = { AZURE_CLIENT_ID: e.defaultPrincipal.clientId, AZURE_TENANT_ID: e.tenantId, AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret };
    const common = ['--config', configFile, '--arm-endpoint', e.armEndpoint, '--authority-host', e.authorityHost, '--arm-audience', e.armAudience, '--subscription-id', e.subscriptionId];
    const run = await runCliProcess(join(repoRoot, 'bin/image-publish.mjs'), ['publish', ...common, '--source', source, '--version', '7.0.0', '--json'], { env });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('"version": "7.0.0"');
    expect(`${run.stdout}${run.stderr}`).not.toContain(e.defaultPrincipal.clientSecret);

    const ctx = createTestStepContext(e);
    const other = await ctx.azure.compute().images.createOrUpdate(RG, 'img-e2e-other', {
      location: LOCATION,
      hyperVGeneration: 'V2',
      storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://bakes.blob.core.windows.net/vhds/other.vhd' } },
    });
    const before = e.state.snapshot();
    const conflict = await runCliProcess(join(repoRoot, 'bin/image-publish.mjs'), ['publish', ...common, '--source', other.id ?? '', '--version', '7.0.0'], { env });
    expect(conflict.exitCode).toBe(2);
    expect(conflict.stderr + conflict.stdout).toMatch(/E_VERSION_EXISTS: Image version gal_e2e\/ubuntu-e2e\/7\.0\.0 already exists from another source/);
    expect(e.state.snapshot()).toEqual(before);
  });
});
