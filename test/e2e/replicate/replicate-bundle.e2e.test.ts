/**
 * The committed bundle run through actions/replicate/action.yml and tasks/ReplicateImageV1/task.json as separate
 * processes, exactly as the runners start them, against an in-process emulator on a MANUAL clock: replication only
 * advances when the test moves emulated time, so a run can be left mid-replication and resumed by another process.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { armFetch, useEmulator } from '../../helpers/emulator.js';
import { runAzdoTask, runGithubAction } from '../../helpers/runner.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const RG = 'rg-rep-e2e';
const GV = '?api-version=2025-12-03';
const REPLICA_MS = 60_000;
const emulator = useEmulator({ clockSpeed: 0, timing: { lroDurationMs: 1000, retryAfterSeconds: 0, replicationMsPerReplica: REPLICA_MS } });
/** A bearer token (JWT) anywhere in the output would be a leak. */
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/;

const rgPath = () => `/subscriptions/${emulator.current.subscriptionId}/resourceGroups/${RG}`;
const versionPath = (v: string) => `${rgPath()}/providers/Microsoft.Compute/galleries/gal_e2e/images/img/versions/${v}`;

async function publish(version: string): Promise<string> {
  const e = emulator.current;
  if ((await armFetch(e, 'GET', `${rgPath()}?api-version=2025-04-01`)).status === 404) {
    await armFetch(e, 'PUT', `${rgPath()}?api-version=2025-04-01`, { location: 'westeurope' });
    await armFetch(e, 'PUT', `${rgPath()}/providers/Microsoft.Compute/galleries/gal_e2e${GV}`, { location: 'westeurope' });
    await armFetch(e, 'PUT', `${rgPath()}/providers/Microsoft.Compute/galleries/gal_e2e/images/img${GV}`, {
      location: 'westeurope',
      properties: { osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', identifier: { publisher: 'p', offer: 'o', sku: 's' } },
    });
    await armFetch(e, 'PUT', `${rgPath()}/providers/Microsoft.Compute/snapshots/os?api-version=2026-03-02`, { location: 'westeurope', properties: { creationData: { createOption: 'Empty' } } });
  }
  const res = await armFetch(e, 'PUT', `${versionPath(version)}${GV}`, {
    location: 'westeurope',
    properties: {
      storageProfile: { osDiskImage: { source: { id: `${rgPath()}/providers/Microsoft.Compute/snapshots/os` } } },
      publishingProfile: { targetRegions: [{ name: 'westeurope' }] },
    },
  });
  expect(res.status).toBe(201);
  e.clock.advance(REPLICA_MS + 1000);
  return versionPath(version);
}

function cloudInputs(): Record<string, string> {
  const e = emulator.current;
  return { 'arm-endpoint': e.armEndpoint, 'authority-host': e.authorityHost, 'arm-audience': e.armAudience, 'subscription-id': e.subscriptionId };
}

function spEnv(): Record<string, string> {
  const e = emulator.current;
  return { AZURE_CLIENT_ID: e.defaultPrincipal.clientId, AZURE_TENANT_ID: e.tenantId, AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret };
}

function patches(from: number): number {
  return emulator.current.requestLog.entries().slice(from).filter((x) => x.method === 'PATCH').length;
}

describe('replicate as a GitHub Action', () => {
  it('a first process returns InProgress (wait: false); a second process resumes and finishes without a second update', async () => {
    const e = emulator.current;
    const id = await publish('1.0.0');
    const from = e.requestLog.entries().length;
    const first = await runGithubAction(join(repoRoot, 'actions/replicate'), { ...cloudInputs(), 'image-version-id': id, regions: 'eastus, uksouth', wait: 'false' }, { env: spEnv() });
    expect(first.exitCode, first.log + first.stderr).toBe(0);
    expect(first.outputs).toMatchObject({ 'aggregated-state': 'InProgress', 'image-version-id': id });
    expect(patches(from)).toBe(1);

    // Emulated time passes beyond the slowest region while no step runs.
    e.clock.advance(REPLICA_MS + 1000);
    const second = await runGithubAction(
      join(repoRoot, 'actions/replicate'),
      { ...cloudInputs(), 'image-version-id': id, regions: 'eastus, uksouth', 'progress-interval-seconds': '1' },
      { env: spEnv() },
    );
    expect(second.exitCode, second.log + second.stderr).toBe(0);
    expect(second.outputs['aggregated-state']).toBe('Completed');
    expect(second.outputs['replicated-regions']).toBe('westeurope,eastus,uksouth');
    expect(second.outputs['failed-regions']).toBe('');
    expect(JSON.parse(second.outputs.regions ?? '[]')).toHaveLength(3);
    expect(second.log).toContain('without a new update');
    expect(second.summary).toContain('Replicate image version');
    expect(second.summary).toMatch(/uksouth/);
    expect(patches(from)).toBe(1);
    for (const run of [first, second]) {
      const all = [run.log, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');
      expect(all).not.toContain(e.defaultPrincipal.clientSecret);
      expect(all).not.toMatch(JWT);
    }
  });

  it('a region typo fails with the suggestion, exit code 2 (user error) and no change', async () => {
    const e = emulator.current;
    const id = await publish('1.1.0');
    const before = e.state.snapshot();
    const run = await runGithubAction(join(repoRoot, 'actions/replicate'), { ...cloudInputs(), 'image-version-id': id, regions: 'westeurpe' }, { env: spEnv() });
    expect(run.exitCode).toBe(2);
    expect(run.annotations.map((a) => a.message).join('\n')).toContain('westeurpe: did you mean westeurope?');
    expect(e.state.snapshot()).toEqual(before);
  });
});

describe('replicate as an Azure DevOps task', () => {
  it('a region failing beyond retries fails the task and still sets which regions succeeded', async () => {
    const e = emulator.current;
    const id = await publish('1.2.0');
    e.faults.failReplication('eastus', { details: 'Quota exceeded in eastus.', versionPath: '/versions/1\\.2\\.0$' });
    // The task polls every second of real time; emulated time moves 2 minutes per real second meanwhile.
    e.clock.setSpeed(120);
    try {
      const run = await runAzdoTask(
        join(repoRoot, 'tasks/ReplicateImageV1'),
        {
          azureSubscription: 'conn-e2e',
          imageVersionId: id,
          regions: 'eastus,northeurope',
          retries: '1',
          progressIntervalSeconds: '1',
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
          variables: { 'Build.BuildId': '78' },
        },
      );
      expect(run.result, run.log + run.stderr).toBe('Failed');
      expect(run.resultMessage).toMatch(/replication failed in eastus after 1 resubmit.*Quota exceeded in eastus/);
      expect(run.outputs).toMatchObject({ aggregatedState: 'Failed', failedRegions: 'eastus', replicatedRegions: 'westeurope,northeurope' });
      expect([run.log, run.stderr].join('\n')).not.toContain(e.defaultPrincipal.clientSecret);
    } finally {
      e.clock.setSpeed(0);
      e.faults.clear();
    }
  });
});
