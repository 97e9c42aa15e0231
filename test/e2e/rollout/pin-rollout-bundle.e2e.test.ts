/**
 * The bundled pin-rollout (dist/) run through actions/pin-rollout/action.yml and tasks/PinRolloutV1/task.json as
 * separate processes, as the GitHub runner and the Azure DevOps agent start them, against an in-process emulator.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';
import { runAzdoTask, runGithubAction } from '../../helpers/runner.js';
import { createGallery, instanceVersions, seedScaleSets } from '../../integration/rollout/rollout-fixture.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const emulator = useEmulator();
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/;

function everything(run: { log: string; stderr: string; summary?: string; summaries?: string[]; outputs: Record<string, string> }): string {
  return [run.log, run.stderr, run.summary ?? '', ...(run.summaries ?? []), JSON.stringify(run.outputs)].join('\n');
}

function rings(names: string[][]): string {
  return JSON.stringify(names.map((sets, i) => ({
    name: ['canary', 'prod'][i], scaleSets: sets.map((name) => ({ name, resourceGroup: 'rg-apps' })), batchPercent: 50, bakeTime: '1s',
  })));
}

describe('pin-rollout as a GitHub Action', () => {
  it('rolls a version through two rings, sets outputs, the channel and a summary, and never prints the secret', async () => {
    const e = emulator.current;
    const g = await createGallery(e, { resourceGroup: 'rg-e2e-roll', image: 'web', versions: ['1.0.0', '1.1.0'] });
    seedScaleSets(e, g.versionId('1.0.0'), [{ name: 'gh-canary', capacity: 2, instanceUpgradeMs: 0 }, { name: 'gh-prod', capacity: 2, instanceUpgradeMs: 0, upgradePolicy: { mode: 'Automatic' } }]);
    const run = await runGithubAction(join(repoRoot, 'actions/pin-rollout'), {
      'image-version-id': g.versionId('1.1.0'),
      rings: rings([['gh-canary'], ['gh-prod']]),
      channel: 'prod',
      'poll-interval-seconds': '1',
      'arm-endpoint': e.armEndpoint, 'authority-host': e.authorityHost, 'arm-audience': e.armAudience, 'subscription-id': e.subscriptionId,
    }, { env: { AZURE_CLIENT_ID: e.defaultPrincipal.clientId, AZURE_TENANT_ID: e.tenantId, AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret } });
    expect(run.exitCode, run.log + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ 'pinned-version': '1.1.0', 'rolled-back': 'false', 'rings-completed': '2' });
    expect(JSON.parse(run.outputs['previous-versions']!)).toEqual({
      [`/subscriptions/${e.subscriptionId}/resourceGroups/rg-apps/providers/Microsoft.Compute/virtualMachineScaleSets/gh-canary`]: g.versionId('1.0.0'),
      [`/subscriptions/${e.subscriptionId}/resourceGroups/rg-apps/providers/Microsoft.Compute/virtualMachineScaleSets/gh-prod`]: g.versionId('1.0.0'),
    });
    expect(run.groups).toEqual(expect.arrayContaining(['Ring canary (1 scale set)', 'Ring prod (1 scale set)']));
    expect(run.summary).toContain('Ring canary');
    expect(run.summary).toContain('channel.prod = 1.1.0');
    expect(instanceVersions(e, 'gh-prod')).toEqual(['1.1.0', '1.1.0']);
    expect(everything(run)).not.toContain(e.defaultPrincipal.clientSecret);
    expect(everything(run)).not.toMatch(JWT);
  });

  it('an unhealthy canary fails the job with exit 1, rolls back, and still writes the outputs', async () => {
    const e = emulator.current;
    const g = await createGallery(e, { resourceGroup: 'rg-e2e-roll', image: 'api', versions: ['1.0.0', '9.0.0'] });
    seedScaleSets(e, g.versionId('1.0.0'), [{ name: 'gh-bad', capacity: 2, instanceUpgradeMs: 0 }]);
    e.scaleSets.setUnhealthyImageVersions([g.versionId('9.0.0')]);
    try {
      const run = await runGithubAction(join(repoRoot, 'actions/pin-rollout'), {
        'image-version-id': g.versionId('9.0.0'),
        rings: rings([['gh-bad']]),
        'poll-interval-seconds': '1',
        'arm-endpoint': e.armEndpoint, 'authority-host': e.authorityHost, 'arm-audience': e.armAudience, 'subscription-id': e.subscriptionId,
      }, { env: { AZURE_CLIENT_ID: e.defaultPrincipal.clientId, AZURE_TENANT_ID: e.tenantId, AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret } });
      expect(run.exitCode).toBe(1);
      expect(run.outputs).toMatchObject({ 'rolled-back': 'true', 'rings-completed': '0' });
      expect(run.annotations.map((a) => a.message).join('\n')).toMatch(/E_ROLLOUT_UNHEALTHY: Scale set gh-bad: 1 of 2 instances unhealthy/);
      expect(instanceVersions(e, 'gh-bad')).toEqual(['1.0.0', '1.0.0']);
      expect(everything(run)).not.toContain(e.defaultPrincipal.clientSecret);
    } finally {
      e.scaleSets.setUnhealthyImageVersions([]);
    }
  });
});

describe('pin-rollout as an Azure DevOps task', () => {
  it('rolls out with a service principal connection and sets output variables', async () => {
    const e = emulator.current;
    const g = await createGallery(e, { resourceGroup: 'rg-e2e-roll', image: 'worker', versions: ['2.0.0', '2.0.1'] });
    seedScaleSets(e, g.versionId('2.0.0'), [{ name: 'ado-canary', capacity: 2, instanceUpgradeMs: 0, ephemeral: true }]);
    const run = await runAzdoTask(join(repoRoot, 'tasks/PinRolloutV1'), {
      azureSubscription: 'conn-e2e',
      imageVersionId: g.versionId('2.0.1'),
      rings: rings([['ado-canary']]),
      pollIntervalSeconds: '1',
      armEndpoint: e.armEndpoint, authorityHost: e.authorityHost, armAudience: e.armAudience,
    }, {
      endpoints: {
        'conn-e2e': {
          url: e.armEndpoint,
          scheme: 'ServicePrincipal',
          parameters: { serviceprincipalid: e.defaultPrincipal.clientId, serviceprincipalkey: e.defaultPrincipal.clientSecret, tenantid: e.tenantId, authenticationType: 'spnKey' },
          data: { subscriptionId: e.subscriptionId, environment: 'AzureStack', activeDirectoryAuthority: e.authorityHost },
        },
      },
      variables: { 'Build.BuildId': '78', 'Build.BuildNumber': '20261126.4' },
    });
    expect(run.result, run.log + run.stderr).toBe('Succeeded');
    expect(run.outputs).toMatchObject({ pinnedVersion: '2.0.1', rolledBack: 'false', ringsCompleted: '1' });
    // The same per-ring deployment record as on GitHub, for a pipeline's later jobs (no GitHub deployment id here).
    expect(JSON.parse(run.outputs.ringDeployments ?? '[]')).toEqual([{ ring: 'canary', environment: 'canary', version: '2.0.1', state: 'success', targets: ['ado-canary'] }]);
    expect(run.progress).toContainEqual({ value: 0, operation: 'Ring canary (1 of 1)' });
    expect(instanceVersions(e, 'ado-canary')).toEqual(['2.0.1', '2.0.1']);
    expect(everything(run)).not.toContain(e.defaultPrincipal.clientSecret);
    expect(everything(run)).not.toMatch(JWT);
  });
});
