/**
 * GitHub Deployments for pin-rollout's rings (issue 20), through @actions/github's Octokit: POST
 * /repos/{owner}/{repo}/deployments and /deployments/{id}/statuses. The token and repository come from the runner
 * here, never in the step: the `github-token` input (default `${{ github.token }}`), else GITHUB_TOKEN.
 */
import type { DeploymentPort } from '../../core/rollout/ring-deployments.js';
import type { ParsedInputs } from '../../steps/step-spec.js';

type Env = Readonly<Record<string, string | undefined>>;

/** An unexpanded `${{ … }}`: the root action.yml gives no default to inputs not every step shares. */
function usable(token: unknown): string | undefined {
  return typeof token === 'string' && token.trim() !== '' && !token.includes('${{') ? token.trim() : undefined;
}

/**
 * The port, or undefined when the run cannot record deployments: github-deployments false (or absent: not
 * pin-rollout), no token, or no repository and commit to deploy.
 */
export function githubDeploymentPort(parsed: ParsedInputs, env: Env, mask: (secret: string) => void): DeploymentPort | undefined {
  const mode = parsed['github-deployments'];
  if (mode !== 'true' && mode !== 'auto') return undefined;
  const token = usable(parsed['github-token']) ?? usable(env.GITHUB_TOKEN);
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const ref = env.GITHUB_SHA;
  if (token === undefined || !owner || !repo || !ref) return undefined;
  mask(token);
  const baseUrl = env.GITHUB_API_URL ?? 'https://api.github.com';
  // Loaded on first use, so steps that record no deployment never load Octokit.
  const client = (async () => {
    const { getOctokit } = await import('@actions/github');
    return getOctokit(token, { baseUrl });
  })();
  return {
    label: `GitHub deployments of ${owner}/${repo}`,
    refusedHint: "Give the job 'permissions: deployments: write', or set github-deployments: false.",
    async create(request) {
      const octokit = await client;
      const response = await octokit.rest.repos.createDeployment({
        owner, repo, ref,
        environment: request.environment,
        description: request.description,
        payload: { ...request.payload },
        // A deployment of the exact commit that ran: no merge of the default branch, no wait on commit checks.
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
      });
      // 202 means GitHub merged the default branch first instead of creating one; auto_merge false rules it out.
      if (!('id' in response.data)) throw new Error(`GitHub created no deployment: ${response.data.message ?? `HTTP ${response.status}`}`);
      return { id: response.data.id, url: response.data.url };
    },
    async setStatus(id, status) {
      const octokit = await client;
      await octokit.rest.repos.createDeploymentStatus({
        owner, repo, deployment_id: id,
        state: status.state,
        description: status.description,
        environment: status.environment,
        ...(status.logUrl !== undefined ? { log_url: status.logUrl } : {}),
      });
    },
  };
}
