import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AzurePipelinesRunGrant } from '../../../src/emulator/identity/identity-types.js';
import { RG, config, usePublishEmulator, writesSince } from '../../integration/publish/publish-fixture.js';
import { runAzdoTask, type AzdoEndpoint, type AzdoRunResult } from '../../helpers/runner.js';

// The committed dist/ publish task run as the Azure DevOps agent's Node24 handler runs it, signing in through an
// AzureRM service connection with workload identity federation: the agent's endpoint variables, System.OidcRequestUri
// and the job access token, the emulated Azure DevOps OIDC endpoint, the Entra token exchange and ARM, all real.
// `npm run build` must have been run after the last source change.
const fx = usePublishEmulator({ lroDurationMs: 0, retryAfterSeconds: 0 });
const GALLERY = 'gal_images';
const DEFINITION = 'ubuntu-24';
// On the agent the task input holds the service connection's id, which names the ENDPOINT_* variables.
const CONNECTION_ID = '9d2f0b7e-4c1a-4e8b-a6f3-2b5c8d9e0f11';
const ORGANIZATION = 'contoso';
const PROJECT = 'images';

function imageYaml(): string {
  const dir = mkdtempSync(join(tmpdir(), 'azdo-wif-e2e-'));
  writeFileSync(join(dir, 'image.yaml'), stringify(config));
  return join(dir, 'image.yaml');
}

function grantJob(serviceConnectionName: string): AzurePipelinesRunGrant {
  return fx.emulator.identity.grantAzurePipelinesRun({ organization: ORGANIZATION, project: PROJECT, serviceConnectionName, serviceConnectionId: CONNECTION_ID });
}

/** An app registration trusting the `azure-prod` connection, with Contributor on the subscription. */
function federatedApp(issuer: string): { clientId: string } {
  const e = fx.emulator;
  const app = e.identity.registerServicePrincipal({
    displayName: 'azure devops images pipeline',
    federatedCredentials: [{ name: 'azure-prod', issuer, subject: `sc://${ORGANIZATION}/${PROJECT}/azure-prod`, audiences: ['api://AzureADTokenExchange'] }],
  });
  e.authz.assign(app.objectId, 'Contributor', `/subscriptions/${e.subscriptionId}`);
  return app;
}

/** The AzureRM connection as the agent exposes it for scheme WorkloadIdentityFederation (an Azure Stack style custom cloud). */
function wifEndpoint(clientId: string, grant: AzurePipelinesRunGrant): AzdoEndpoint {
  const e = fx.emulator;
  return {
    url: e.armEndpoint,
    scheme: 'WorkloadIdentityFederation',
    parameters: {
      serviceprincipalid: clientId,
      tenantid: e.tenantId,
      workloadIdentityFederationIssuer: grant.issuer,
      workloadIdentityFederationSubject: grant.subject,
    },
    data: {
      subscriptionId: e.subscriptionId,
      environment: 'AzureStack',
      activeDirectoryAuthority: e.authorityHost,
      activeDirectoryServiceEndpointResourceId: e.armAudience,
    },
  };
}

function expectNoToken(run: AzdoRunResult, token: string): void {
  // run.log is stdout minus the ##vso[task.setsecret] commands, which the agent consumes.
  for (const channel of [run.log, run.stderr, run.resultMessage ?? '', JSON.stringify(run.variables), ...run.summaries]) expect(channel).not.toContain(token);
}

describe('publish task with a workload identity federation service connection', () => {
  it('signs in with the job access token from SYSTEMVSSCONNECTION, as the agent provides it, and publishes', async () => {
    const e = fx.emulator;
    const grant = grantJob('azure-prod');
    const app = federatedApp(grant.issuer);
    const source = await fx.managedImage('img-wif');
    const run = await runAzdoTask(
      'publish',
      { azureSubscription: CONNECTION_ID, config: imageYaml(), source, version: '2.0.0' },
      {
        env: { NODE_EXTRA_CA_CERTS: e.caCertFile },
        endpoints: {
          [CONNECTION_ID]: wifEndpoint(app.clientId, grant),
          SYSTEMVSSCONNECTION: { url: `https://dev.azure.com/${ORGANIZATION}/`, scheme: 'OAuth', parameters: { AccessToken: grant.systemAccessToken } },
        },
        variables: { 'System.OidcRequestUri': grant.oidcRequestUri, 'System.TeamProject': PROJECT },
      },
    );
    expect(run.resultMessage).toBe('');
    expect(run.result).toBe('Succeeded');
    expect(run.outputs).toMatchObject({ version: '2.0.0', created: 'true' });
    const version = await fx.ctx().azure.compute().galleryImageVersions.get(RG, GALLERY, DEFINITION, '2.0.0');
    expect(version.provisioningState).toBe('Succeeded');
    expect(e.requestLog.entries().some((x) => x.path.endsWith('/oidctoken') && x.status === 200)).toBe(true);
    expect(run.masks).toContain(grant.systemAccessToken);
    expectNoToken(run, grant.systemAccessToken);
  });

  it('also takes System.AccessToken mapped into the environment (env: SYSTEM_ACCESSTOKEN)', async () => {
    const e = fx.emulator;
    const grant = grantJob('azure-prod');
    const app = federatedApp(grant.issuer);
    const source = await fx.managedImage('img-wif-env');
    const run = await runAzdoTask(
      'publish',
      { azureSubscription: CONNECTION_ID, config: imageYaml(), source, version: '2.0.1' },
      {
        env: { NODE_EXTRA_CA_CERTS: e.caCertFile, SYSTEM_ACCESSTOKEN: grant.systemAccessToken },
        endpoints: { [CONNECTION_ID]: wifEndpoint(app.clientId, grant) },
        variables: { 'System.OidcRequestUri': grant.oidcRequestUri, 'System.Debug': 'true' },
      },
    );
    expect(run.resultMessage).toBe('');
    expect(run.result).toBe('Succeeded');
    expect(run.outputs).toMatchObject({ version: '2.0.1', created: 'true' });
    expectNoToken(run, grant.systemAccessToken);
  });

  it('fails with AADSTS70021 naming the presented subject when the connection is not the trusted one, and changes nothing', async () => {
    const e = fx.emulator;
    const grant = grantJob('azure-dev');
    const app = federatedApp(grant.issuer);
    const source = await fx.managedImage('img-wif-denied');
    const before = e.requestLog.entries().length;
    const run = await runAzdoTask(
      'publish',
      { azureSubscription: CONNECTION_ID, config: imageYaml(), source, version: '2.0.2' },
      {
        env: { NODE_EXTRA_CA_CERTS: e.caCertFile },
        endpoints: {
          [CONNECTION_ID]: wifEndpoint(app.clientId, grant),
          SYSTEMVSSCONNECTION: { url: `https://dev.azure.com/${ORGANIZATION}/`, scheme: 'OAuth', parameters: { AccessToken: grant.systemAccessToken } },
        },
        variables: { 'System.OidcRequestUri': grant.oidcRequestUri },
      },
    );
    expect(run.result).toBe('Failed');
    expect(run.resultMessage).toContain('E_AUTH_FAILED');
    expect(run.resultMessage).toContain('AADSTS70021');
    expect(run.resultMessage).toContain(`subject 'sc://${ORGANIZATION}/${PROJECT}/azure-dev'`);
    expect(run.resultMessage).toContain("'sc://org/project/service-connection-name'");
    expect(writesSince(e, before)).toEqual([]);
    expectNoToken(run, grant.systemAccessToken);
  });
});

describe('publish task with a managed identity service connection on a self-hosted agent', () => {
  it("signs in as the agent VM's identity through IDENTITY_ENDPOINT / IDENTITY_HEADER and publishes", async () => {
    const e = fx.emulator;
    const host = e.identity.grantManagedIdentityHost({ systemAssigned: { displayName: 'agent-vm-01' } });
    e.authz.assign(host.systemAssigned?.objectId ?? '', 'Contributor', `/subscriptions/${e.subscriptionId}`);
    const source = await fx.managedImage('img-msi');
    const run = await runAzdoTask(
      'publish',
      { azureSubscription: CONNECTION_ID, config: imageYaml(), source, version: '2.1.0' },
      {
        env: { NODE_EXTRA_CA_CERTS: e.caCertFile, IDENTITY_ENDPOINT: host.identityEndpoint, IDENTITY_HEADER: host.identityHeader },
        endpoints: {
          [CONNECTION_ID]: {
            url: e.armEndpoint,
            scheme: 'ManagedServiceIdentity',
            parameters: { tenantid: e.tenantId },
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
    expect(run.outputs).toMatchObject({ version: '2.1.0', created: 'true' });
    expect(e.requestLog.entries().some((x) => x.path.endsWith('/msi/token') && x.status === 200)).toBe(true);
    expectNoToken(run, host.identityHeader);
  });
});
