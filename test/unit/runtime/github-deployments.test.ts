/** The GitHub runtime's deployments port: when it exists, where its token comes from, and the REST calls it makes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubDeploymentPort } from '../../../src/runtime/github/github-deployments.js';
import { startGithubApi, type GithubApiStandIn } from '../../helpers/github-api.js';

const TOKEN = 'ghs_unitDeploymentsToken0123456789';
let api: GithubApiStandIn;
beforeAll(async () => {
  api = await startGithubApi(TOKEN);
});
afterAll(async () => {
  await api.close();
});

const env = () => ({ GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'abc123', GITHUB_API_URL: api.url });

describe('githubDeploymentPort', () => {
  it('is absent when off, without a token, for an unexpanded ${{ github.token }}, or without repository and commit', () => {
    const masked: string[] = [];
    const mask = (s: string) => masked.push(s);
    expect(githubDeploymentPort({ 'github-deployments': 'false', 'github-token': TOKEN }, env(), mask)).toBeUndefined();
    expect(githubDeploymentPort({ 'github-token': TOKEN }, env(), mask)).toBeUndefined();
    expect(githubDeploymentPort({ 'github-deployments': 'auto' }, env(), mask)).toBeUndefined();
    expect(githubDeploymentPort({ 'github-deployments': 'auto', 'github-token': '${{ github.token }}' }, env(), mask)).toBeUndefined();
    expect(githubDeploymentPort({ 'github-deployments': 'true', 'github-token': TOKEN }, { GITHUB_API_URL: api.url }, mask)).toBeUndefined();
    expect(masked).toEqual([]);
  });

  it('falls back to GITHUB_TOKEN (masked) and posts the deployment and its status as GitHub documents them', async () => {
    const masked: string[] = [];
    const port = githubDeploymentPort({ 'github-deployments': 'auto' }, { ...env(), GITHUB_TOKEN: TOKEN }, (s) => masked.push(s));
    expect(masked).toEqual([TOKEN]);
    const created = await port?.create({ environment: 'canary', description: 'Image 1.0.0 to ring canary', payload: { imageVersion: '1.0.0' } });
    expect(created?.id).toBe(api.deployments.at(-1)?.id);
    await port?.setStatus(created?.id ?? 0, { state: 'success', description: 'live', environment: 'canary', logUrl: 'https://github.com/o/r/actions/runs/1' });
    expect(api.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ['POST', '/repos/o/r/deployments', `token ${TOKEN}`],
      ['POST', `/repos/o/r/deployments/${created?.id}/statuses`, `token ${TOKEN}`],
    ]);
    expect(api.requests[0]?.body).toEqual({ ref: 'abc123', environment: 'canary', description: 'Image 1.0.0 to ring canary', payload: { imageVersion: '1.0.0' }, auto_merge: false, required_contexts: [], transient_environment: false });
    expect(api.requests[1]?.body).toEqual({ state: 'success', description: 'live', environment: 'canary', log_url: 'https://github.com/o/r/actions/runs/1' });
  });

  it('throws the HTTP status GitHub answered, for the caller to warn about', async () => {
    const port = githubDeploymentPort({ 'github-deployments': 'true', 'github-token': TOKEN }, env(), () => {});
    api.refuse = true;
    try {
      await expect(port?.create({ environment: 'prod', description: 'x', payload: {} })).rejects.toMatchObject({ status: 403, message: expect.stringContaining('Resource not accessible by integration') });
    } finally {
      api.refuse = false;
    }
  });
});
