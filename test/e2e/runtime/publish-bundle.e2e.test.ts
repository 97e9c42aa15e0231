import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RG, config, usePublishEmulator } from '../../integration/publish/publish-fixture.js';
import { runAzdoTask, runCliProcess, runGithubAction } from '../../helpers/runner.js';

// The committed dist/ bundle of the publish step, run as the GitHub runner, the Azure DevOps agent and a shell
// would run it, against the emulator over HTTPS: the whole product path (inputs, image.yaml, sign-in, SDK,
// outputs) in a separate process per run. `npm run build` must have been run after the last source change.
const fx = usePublishEmulator({ lroDurationMs: 0, retryAfterSeconds: 0 });
const GALLERY = 'gal_images';
const DEFINITION = 'ubuntu-24';

function imageYaml(): string {
  const dir = mkdtempSync(join(tmpdir(), 'publish-e2e-'));
  writeFileSync(join(dir, 'image.yaml'), stringify(config));
  return join(dir, 'image.yaml');
}

function customCloud(): Record<string, string> {
  const e = fx.emulator;
  return { cloud: 'Custom', 'arm-endpoint': e.armEndpoint, 'authority-host': e.authorityHost, 'arm-audience': e.armAudience, 'subscription-id': e.subscriptionId };
}

async function versionExists(version: string): Promise<string | undefined> {
  const v = await fx.ctx().azure.compute().galleryImageVersions.get(RG, GALLERY, DEFINITION, version);
  return v.provisioningState;
}

describe('publish bundle as runner processes', () => {
  it('GitHub: OIDC sign-in with a fresh ID token, outputs in GITHUB_OUTPUT, version created', async () => {
    const e = fx.emulator;
    const repository = 'contoso/images';
    const app = e.identity.registerServicePrincipal({
      displayName: 'github images pipeline',
      federatedCredentials: [{ name: 'main', issuer: e.identity.githubIssuer, subject: `repo:${repository}:ref:refs/heads/main`, audiences: ['api://AzureADTokenExchange'] }],
    });
    e.authz.assign(app.objectId, 'Contributor', `/subscriptions/${e.subscriptionId}`);
    const grant = e.identity.grantGithubRun({ repository, ref: 'refs/heads/main' });
    const source = await fx.managedImage('img-gh');

    const run = await runGithubAction(
      'publish',
      { ...customCloud(), 'client-id': app.clientId, 'tenant-id': e.tenantId, config: imageYaml(), source, version: '1.0.0' },
      {
        env: {
          NODE_EXTRA_CA_CERTS: e.caCertFile,
          ACTIONS_ID_TOKEN_REQUEST_URL: grant.requestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: grant.requestToken,
          GITHUB_REPOSITORY: repository,
          GITHUB_REF: 'refs/heads/main',
          GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
          GITHUB_RUN_ID: '42',
          GITHUB_RUN_NUMBER: '7',
        },
      },
    );
    expect(run.stderr + run.annotations.map((a) => a.message).join('\n')).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ version: '1.0.0', created: 'true' });
    expect(run.outputs['image-version-id']).toMatch(/\/galleries\/gal_images\/images\/ubuntu-24\/versions\/1\.0\.0$/);
    expect(run.summary).not.toBe('');
    expect(await versionExists('1.0.0')).toBe('Succeeded');
    for (const channel of [run.log, run.stderr, run.summary, JSON.stringify(run.outputs)]) expect(channel).not.toContain(grant.requestToken);
  });

  it('Azure DevOps: service principal connection supplies identity, subscription and cloud; camelCase output variables', async () => {
    const e = fx.emulator;
    const p = e.defaultPrincipal;
    const source = await fx.managedImage('img-azdo');
    const run = await runAzdoTask(
      'publish',
      { azureSubscription: 'conn', config: imageYaml(), source, version: '1.0.1' },
      {
        env: { NODE_EXTRA_CA_CERTS: e.caCertFile },
        endpoints: {
          conn: {
            url: e.armEndpoint,
            scheme: 'ServicePrincipal',
            parameters: { serviceprincipalid: p.clientId, tenantid: e.tenantId, serviceprincipalkey: p.clientSecret, authenticationType: 'spnKey' },
            data: {
              subscriptionId: e.subscriptionId,
              environment: 'AzureStack',
              activeDirectoryAuthority: e.authorityHost,
              activeDirectoryServiceEndpointResourceId: e.armAudience,
            },
          },
        },
      },
    );
    expect(run.resultMessage).toBe('');
    expect(run.result).toBe('Succeeded');
    expect(run.outputs).toMatchObject({ version: '1.0.1', created: 'true' });
    expect(Object.keys(run.outputs)).toEqual(['imageVersionId', 'version', 'imageDefinitionId', 'galleryId', 'created']);
    expect(await versionExists('1.0.1')).toBe('Succeeded');
    // run.log is stdout minus the ##vso[task.setsecret] command itself, which the agent consumes.
    for (const channel of [run.log, run.stderr, ...run.summaries]) expect(channel).not.toContain(p.clientSecret);
  });

  it('CLI: AZURE_* environment sign-in, --json outputs; a taken version fails with exit 2 and changes nothing', async () => {
    const e = fx.emulator;
    const p = e.defaultPrincipal;
    const source = await fx.managedImage('img-cli');
    const env = { NODE_EXTRA_CA_CERTS: e.caCertFile, AZURE_CLIENT_ID: p.clientId, AZURE_TENANT_ID: e.tenantId, AZURE_CLIENT_SECRET: p.clientSecret };
    const flags = Object.entries(customCloud()).flatMap(([k, v]) => [`--${k}`, v]);
    const ok = await runCliProcess('bin/image-publish.mjs', ['publish', ...flags, '--config', imageYaml(), '--source', source, '--version', '1.0.2', '--json'], { env });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ version: '1.0.2', created: true });

    // 1.0.0 exists from another source: a user error, reported before anything is written.
    const writesBefore = fx.emulator.requestLog.entries().filter((x) => x.route === 'arm' && x.method !== 'GET').length;
    const taken = await runCliProcess('bin/image-publish.mjs', ['publish', ...flags, '--config', imageYaml(), '--source', source, '--version', '1.0.0'], { env });
    expect(taken.exitCode).toBe(2);
    expect(taken.stderr).toMatch(/error: E_[A-Z_]+: /);
    expect(fx.emulator.requestLog.entries().filter((x) => x.route === 'arm' && x.method !== 'GET').length).toBe(writesBefore);
    for (const channel of [ok.stdout, ok.stderr, taken.stdout, taken.stderr]) expect(channel).not.toContain(p.clientSecret);
  });
});
