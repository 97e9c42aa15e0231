/**
 * The bundled pin-rollout run as the GitHub runner runs it (a separate process, action.yml defaults applied) records
 * each ring as a GitHub Deployment through a local stand-in of GitHub's REST API (GITHUB_API_URL points at it):
 * one deployment per ring to an environment named after it, statuses in_progress → success / failure, rolled-back
 * rings inactive, the image version in the payload; a refused token (403) warns and the rollout goes on.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubApi, type GithubApiStandIn } from '../../helpers/github-api.js';
import { useEmulator } from '../../helpers/emulator.js';
import { runGithubAction } from '../../helpers/runner.js';
import { createGallery, instanceVersions, seedScaleSets } from '../../integration/rollout/rollout-fixture.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const emulator = useEmulator();
const TOKEN = 'ghs_e2eDeploymentsToken0123456789abcdef';
const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
let api: GithubApiStandIn;

beforeAll(async () => {
  api = await startGithubApi(TOKEN);
});
afterAll(async () => {
  await api.close();
});

function ring(name: string, sets: string[], gate?: string[]): Record<string, unknown> {
  return { name, scaleSets: sets.map((s) => ({ name: s, resourceGroup: 'rg-apps' })), batchPercent: 50, bakeTime: '1s', ...(gate ? { gate: { command: gate } } : {}) };
}

async function roll(versionId: string, rings: Record<string, unknown>[], extraEnv: Record<string, string> = {}) {
  const e = emulator.current;
  return runGithubAction(join(repoRoot, 'actions/pin-rollout'), {
    'image-version-id': versionId,
    rings: JSON.stringify(rings),
    'poll-interval-seconds': '1',
    // What `${{ github.token }}` expands to on a runner.
    'github-token': TOKEN,
    'arm-endpoint': e.armEndpoint, 'authority-host': e.authorityHost, 'arm-audience': e.armAudience, 'subscription-id': e.subscriptionId,
  }, {
    env: {
      AZURE_CLIENT_ID: e.defaultPrincipal.clientId, AZURE_TENANT_ID: e.tenantId, AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret,
      GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'octo-org/web-images', GITHUB_SHA: SHA, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '4242',
      ...extraEnv,
    },
  });
}

/** The statuses of the deployment to `environment`, in the order they were posted. */
function statesOf(environment: string): string[] {
  const d = api.deployments.filter((x) => x.environment === environment).at(-1);
  return api.statuses.filter((s) => s.deployment_id === Number(d?.id)).map((s) => s.state);
}

describe('pin-rollout records its rings as GitHub Deployments', () => {
  it('creates one deployment per ring, named after it, with the version in the payload and in_progress → success', async () => {
    const e = emulator.current;
    const g = await createGallery(e, { resourceGroup: 'rg-e2e-dep', image: 'web', versions: ['1.0.0', '1.1.0'] });
    seedScaleSets(e, g.versionId('1.0.0'), [{ name: 'dep-canary', capacity: 2, instanceUpgradeMs: 0 }, { name: 'dep-prod', capacity: 2, instanceUpgradeMs: 0 }]);
    api.requests.length = 0;
    const run = await roll(g.versionId('1.1.0'), [ring('canary', ['dep-canary']), ring('prod', ['dep-prod'])]);
    expect(run.exitCode, run.log + run.stderr).toBe(0);

    const creates = api.requests.filter((r) => r.method === 'POST' && r.path === '/repos/octo-org/web-images/deployments');
    expect(creates.map((r) => r.body)).toEqual([
      expect.objectContaining({ ref: SHA, environment: 'canary', auto_merge: false, required_contexts: [], payload: { imageVersion: '1.1.0', imageVersionId: g.versionId('1.1.0'), ring: 'canary', targets: ['dep-canary'] } }),
      expect.objectContaining({ ref: SHA, environment: 'prod', payload: expect.objectContaining({ imageVersion: '1.1.0', ring: 'prod', targets: ['dep-prod'] }) }),
    ]);
    expect(api.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    expect(statesOf('canary')).toEqual(['in_progress', 'success']);
    expect(statesOf('prod')).toEqual(['in_progress', 'success']);
    const statusBodies = api.requests.filter((r) => r.path.endsWith('/statuses')).map((r) => r.body as Record<string, unknown>);
    expect(statusBodies.every((b) => b.log_url === 'https://github.com/octo-org/web-images/actions/runs/4242')).toBe(true);

    const recorded = JSON.parse(run.outputs['ring-deployments'] ?? '[]') as Record<string, unknown>[];
    expect(recorded).toEqual([
      { ring: 'canary', environment: 'canary', version: '1.1.0', state: 'success', targets: ['dep-canary'], deploymentId: Number(api.deployments.at(-2)?.id) },
      { ring: 'prod', environment: 'prod', version: '1.1.0', state: 'success', targets: ['dep-prod'], deploymentId: Number(api.deployments.at(-1)?.id) },
    ]);
    expect(run.summary).toContain('| canary | 1.1.0 | success | dep-canary |');
    expect(run.summary).toContain('| prod | 1.1.0 | success | dep-prod |');
    expect(run.masks).toContain(TOKEN);
    expect([run.log, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n')).not.toContain(TOKEN);
  });

  it('marks the failing ring failure and the rolled-back earlier ring inactive', async () => {
    const e = emulator.current;
    const g = await createGallery(e, { resourceGroup: 'rg-e2e-dep', image: 'api', versions: ['2.0.0', '2.1.0'] });
    seedScaleSets(e, g.versionId('2.0.0'), [{ name: 'depf-canary', capacity: 2, instanceUpgradeMs: 0 }, { name: 'depf-prod', capacity: 2, instanceUpgradeMs: 0 }]);
    api.requests.length = 0;
    const run = await roll(g.versionId('2.1.0'), [ring('canary', ['depf-canary']), ring('prod', ['depf-prod'], ['sh', '-c', 'echo smoke test failed >&2; exit 3'])]);
    expect(run.exitCode).toBe(1);
    expect(run.outputs['rolled-back']).toBe('true');
    expect(instanceVersions(e, 'depf-canary')).toEqual(['2.0.0', '2.0.0']);
    expect(statesOf('canary')).toEqual(['in_progress', 'success', 'inactive']);
    expect(statesOf('prod')).toEqual(['in_progress', 'failure']);
    expect(JSON.parse(run.outputs['ring-deployments'] ?? '[]')).toMatchObject([{ ring: 'canary', state: 'inactive' }, { ring: 'prod', state: 'failure' }]);
  });

  it('warns when GitHub refuses (403) and still completes the rollout', async () => {
    const e = emulator.current;
    const g = await createGallery(e, { resourceGroup: 'rg-e2e-dep', image: 'worker', versions: ['3.0.0', '3.0.1'] });
    seedScaleSets(e, g.versionId('3.0.0'), [{ name: 'depr-canary', capacity: 2, instanceUpgradeMs: 0 }]);
    api.requests.length = 0;
    api.refuse = true;
    try {
      const run = await roll(g.versionId('3.0.1'), [ring('canary', ['depr-canary'])]);
      expect(run.exitCode, run.log + run.stderr).toBe(0);
      expect(instanceVersions(e, 'depr-canary')).toEqual(['3.0.1', '3.0.1']);
      // One refused create, then no more calls for the rest of the rollout.
      expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /repos/octo-org/web-images/deployments']);
      const warning = run.annotations.find((a) => a.level === 'warning' && a.message.includes('GitHub deployments of octo-org/web-images'));
      expect(warning?.message).toMatch(/HTTP 403.*Resource not accessible by integration.*deployments: write/);
      expect(JSON.parse(run.outputs['ring-deployments'] ?? '[]')).toEqual([{ ring: 'canary', environment: 'canary', version: '3.0.1', state: 'success', targets: ['depr-canary'] }]);
    } finally {
      api.refuse = false;
    }
  });

  it('records nothing with github-deployments false, and fails before any change with true and no token', async () => {
    const e = emulator.current;
    const g = await createGallery(e, { resourceGroup: 'rg-e2e-dep', image: 'batch', versions: ['4.0.0', '4.0.1'] });
    seedScaleSets(e, g.versionId('4.0.0'), [{ name: 'depo-canary', capacity: 2, instanceUpgradeMs: 0 }]);
    api.requests.length = 0;
    const off = await roll(g.versionId('4.0.1'), [ring('canary', ['depo-canary'])], { 'INPUT_GITHUB-DEPLOYMENTS': 'false' });
    expect(off.exitCode, off.log + off.stderr).toBe(0);
    expect(api.requests).toEqual([]);

    const g2 = await createGallery(e, { resourceGroup: 'rg-e2e-dep', image: 'queue', versions: ['5.0.0', '5.0.1'] });
    seedScaleSets(e, g2.versionId('5.0.0'), [{ name: 'depn-canary', capacity: 2, instanceUpgradeMs: 0 }]);
    const none = await roll(g2.versionId('5.0.1'), [ring('canary', ['depn-canary'])], { 'INPUT_GITHUB-DEPLOYMENTS': 'true', 'INPUT_GITHUB-TOKEN': '' });
    expect(none.exitCode).toBe(2);
    expect(none.annotations.map((a) => a.message).join('\n')).toMatch(/Input 'github-deployments' is true but there is no token/);
    expect(instanceVersions(e, 'depn-canary')).toEqual(['5.0.0', '5.0.0']);
    expect(api.requests).toEqual([]);
  });
});
