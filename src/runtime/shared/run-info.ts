import type { RunInfo } from '../../core/run-info.js';

type Env = Readonly<Record<string, string | undefined>>;

function int(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** Drops undefined fields so RunInfo stays compact in tags and attestations. */
function compact(info: RunInfo): RunInfo {
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined && v !== '')) as unknown as RunInfo;
}

/** Provenance from the GitHub Actions runner's default environment variables. */
export function githubRunInfo(env: Env): RunInfo {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const runUrl =
    env.GITHUB_REPOSITORY !== undefined && env.GITHUB_RUN_ID !== undefined
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  return compact({
    platform: 'github',
    repository: env.GITHUB_REPOSITORY,
    commit: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    runUrl,
    runId: env.GITHUB_RUN_ID,
    runNumber: int(env.GITHUB_RUN_NUMBER),
    runAttempt: int(env.GITHUB_RUN_ATTEMPT),
    actor: env.GITHUB_ACTOR,
    workflowRef: env.GITHUB_WORKFLOW_REF,
  });
}

/** Provenance from the Azure DevOps agent's predefined variables (exposed to tasks as environment variables). */
export function azdoRunInfo(env: Env): RunInfo {
  const collection = env.SYSTEM_COLLECTIONURI;
  const project = env.SYSTEM_TEAMPROJECT;
  const buildId = env.BUILD_BUILDID;
  const base = collection === undefined ? undefined : collection.endsWith('/') ? collection : `${collection}/`;
  const runUrl =
    base !== undefined && project !== undefined && buildId !== undefined
      ? `${base}${encodeURIComponent(project)}/_build/results?buildId=${buildId}`
      : undefined;
  const repository = env.BUILD_REPOSITORY_NAME;
  return compact({
    platform: 'azdo',
    repository,
    commit: env.BUILD_SOURCEVERSION,
    ref: env.BUILD_SOURCEBRANCH,
    runUrl,
    runId: buildId,
    // BUILD_BUILDNUMBER is often a formatted string (20261126.3); BUILD_BUILDID is the monotonic counter.
    runNumber: int(env.BUILD_BUILDID),
    runAttempt: int(env.SYSTEM_JOBATTEMPT),
    actor: env.BUILD_REQUESTEDFOR,
    workflowRef:
      base !== undefined && project !== undefined && env.SYSTEM_DEFINITIONID !== undefined
        ? `${base}${encodeURIComponent(project)}/_build?definitionId=${env.SYSTEM_DEFINITIONID}`
        : undefined,
  });
}

/**
 * The run identity other CI systems give every job, so the CLI run there resumes its own work on a re-run.
 * Each id is prefixed with its system: ids of two systems never meet in one gallery as the same run.
 */
const otherCiSystems: { system: string; runId: (env: Env) => string | undefined; commit?: string; repository?: string; runUrl?: string }[] = [
  { system: 'github', runId: (env) => env.GITHUB_RUN_ID, commit: 'GITHUB_SHA', repository: 'GITHUB_REPOSITORY' },
  { system: 'azdo', runId: (env) => env.BUILD_BUILDID, commit: 'BUILD_SOURCEVERSION', repository: 'BUILD_REPOSITORY_NAME' },
  { system: 'gitlab', runId: (env) => env.CI_PIPELINE_ID, commit: 'CI_COMMIT_SHA', repository: 'CI_PROJECT_PATH', runUrl: 'CI_PIPELINE_URL' },
  { system: 'jenkins', runId: (env) => env.BUILD_TAG, commit: 'GIT_COMMIT', runUrl: 'BUILD_URL' },
  { system: 'circleci', runId: (env) => env.CIRCLE_WORKFLOW_ID, commit: 'CIRCLE_SHA1', runUrl: 'CIRCLE_BUILD_URL' },
  { system: 'buildkite', runId: (env) => env.BUILDKITE_BUILD_ID, commit: 'BUILDKITE_COMMIT', repository: 'BUILDKITE_REPO', runUrl: 'BUILDKITE_BUILD_URL' },
  { system: 'bitbucket', runId: (env) => env.BITBUCKET_PIPELINE_UUID, commit: 'BITBUCKET_COMMIT', repository: 'BITBUCKET_REPO_FULL_NAME' },
  { system: 'teamcity', runId: (env) => (env.TEAMCITY_VERSION ? env.BUILD_NUMBER : undefined) },
];

/**
 * Provenance for a CLI run: `--run-id` when given, else the run id of the CI system it runs in. Without
 * either the run has no identity, and publish falls back to finding a recent version of the same source.
 */
export function cliRunInfo(env: Env, runIdFlag?: string): RunInfo {
  const ci = otherCiSystems.find((c) => (c.runId(env) ?? '') !== '');
  const pick = (name: string | undefined) => (name === undefined ? undefined : env[name]);
  return compact({
    platform: 'cli',
    runId: runIdFlag ?? (ci ? `${ci.system}:${ci.runId(env)}` : undefined),
    repository: pick(ci?.repository),
    commit: pick(ci?.commit),
    runUrl: pick(ci?.runUrl),
    actor: env.USER ?? env.USERNAME,
  });
}
