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

/** Provenance for a local CLI run: whatever the shell tells us. */
export function cliRunInfo(env: Env): RunInfo {
  return compact({ platform: 'cli', actor: env.USER ?? env.USERNAME });
}
