import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/runtime/cli/cli-args.js';
import { azdoRunInfo, cliRunInfo, githubRunInfo } from '../../../src/runtime/shared/run-info.js';
import { steps } from '../../../src/steps/registry.js';

describe('run identity in every runtime', () => {
  it('GitHub: GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT', () => {
    expect(githubRunInfo({ GITHUB_RUN_ID: '9876', GITHUB_RUN_ATTEMPT: '2', GITHUB_REPOSITORY: 'o/r' })).toMatchObject({ runId: '9876', runAttempt: 2 });
  });

  it('Azure DevOps: BUILD_BUILDID and SYSTEM_JOBATTEMPT', () => {
    expect(azdoRunInfo({ BUILD_BUILDID: '4242', SYSTEM_JOBATTEMPT: '3' })).toMatchObject({ runId: '4242', runAttempt: 3 });
  });

  // Variable names as each system documents them for every job.
  it.each([
    [{ CI_PIPELINE_ID: '1234', CI_COMMIT_SHA: 'abc', CI_PROJECT_PATH: 'g/p' }, 'gitlab:1234', { commit: 'abc', repository: 'g/p' }],
    [{ BUILD_TAG: 'jenkins-images-publish-17', GIT_COMMIT: 'def' }, 'jenkins:jenkins-images-publish-17', { commit: 'def' }],
    [{ CIRCLE_WORKFLOW_ID: 'wf-1', CIRCLE_SHA1: 'fed' }, 'circleci:wf-1', { commit: 'fed' }],
    [{ BUILDKITE_BUILD_ID: 'bk-9', BUILDKITE_COMMIT: '999' }, 'buildkite:bk-9', { commit: '999' }],
    [{ BITBUCKET_PIPELINE_UUID: '{u-1}' }, 'bitbucket:{u-1}', {}],
    [{ GITHUB_RUN_ID: '55' }, 'github:55', {}],
    [{ BUILD_BUILDID: '66' }, 'azdo:66', {}],
  ])('CLI inside another CI system (%o) takes its run id', (env, runId, extra) => {
    expect(cliRunInfo(env)).toMatchObject({ platform: 'cli', runId, ...extra });
  });

  it('CLI: --run-id wins over the environment; without either there is no run id', () => {
    expect(cliRunInfo({ CI_PIPELINE_ID: '1' }, 'nightly-2026-12-04')).toMatchObject({ runId: 'nightly-2026-12-04' });
    expect(cliRunInfo({ USER: 'me' }).runId).toBeUndefined();
  });

  it('the CLI parses --run-id (both spellings) and refuses an empty or odd one naming the option', () => {
    const run = parseCliArgs(['publish', '--run-id', 'abc-1', '--version', 'auto'], steps);
    expect(run).toMatchObject({ kind: 'run', runId: 'abc-1' });
    expect(parseCliArgs(['publish', '--run-id=x.2'], steps)).toMatchObject({ runId: 'x.2' });
    for (const bad of [['--run-id'], ['--run-id='], ['--run-id', 'has space'], ['--run-id', 'a/b']]) {
      expect(() => parseCliArgs(['publish', ...bad], steps)).toThrow(/Option '--run-id' is/);
    }
  });
});
