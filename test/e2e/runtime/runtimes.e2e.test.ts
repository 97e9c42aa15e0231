import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAzdoTask, runCliProcess, runGithubAction } from '../../helpers/runner.js';
import { buildFixtureBundle } from './fixture-bundle.js';

// One ncc bundle of the echo fixture, run as the GitHub runner, the Azure DevOps agent and a shell would.
const SECRET = 'tok-9f8e7d6c5b4a';
let root = '';

beforeAll(() => {
  root = buildFixtureBundle('e2e');
}, 600_000);

function expectNoSecret(...channels: string[]): void {
  for (const channel of channels) expect(channel).not.toContain(SECRET);
}

describe('GitHub Action runtime', () => {
  it('writes outputs and the summary, masks the secret and groups the log', async () => {
    const run = await runGithubAction(join(root, 'actions/echo'), { message: 'hi', tags: 'a, b\nc', token: SECRET, loud: 'true' }, {
      env: { GITHUB_SHA: 'abc123' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ echoed: 'HI HI', count: '2', 'tag-count': '3' });
    expect(run.masks).toContain(SECRET);
    expect(run.groups).toEqual(['Echo']);
    expect(run.log).toContain('token is ***');
    expect(run.summary).toContain('## Echo &lt;fixture&gt;');
    expect(run.summary).toContain('| c |');
    expectNoSecret(run.log, run.stderr, JSON.stringify(run.outputs), run.summary);
  });

  it('fails with the error code, message and request id, after writing outputs and summary', async () => {
    const run = await runGithubAction(join(root, 'actions/echo'), { message: 'hi', 'fail-with': 'azure', token: SECRET });
    expect(run.exitCode).toBe(1);
    expect(run.annotations).toContainEqual({ level: 'error', message: 'E_AZURE_THROTTLED: ARM kept throttling. (request id: req-123)', properties: {} });
    expect(run.summary).toContain(':x: **Failed**');
    expect(run.log).not.toContain('at '); // no stack trace without ACTIONS_STEP_DEBUG
  });

  it('scrubs a secret that reaches an error message and names a bad input as spelled in with:', async () => {
    const leak = await runGithubAction(join(root, 'actions/echo'), { message: 'hi', 'fail-with': 'config', token: SECRET });
    expect(leak.exitCode).toBe(2);
    expect(leak.annotations[0]?.message).toContain('E_INPUT_INVALID');
    expectNoSecret(leak.log, leak.stderr, leak.summary, ...leak.annotations.map((a) => a.message));

    const bad = await runGithubAction(join(root, 'actions/echo'), { message: 'hi', loud: 'yes' });
    expect(bad.annotations[0]?.message).toBe("E_INPUT_INVALID: Input 'loud' value 'yes' is not a boolean. Use true or false (also True/TRUE/False/FALSE).");
    const missing = await runGithubAction(join(root, 'actions/echo'), {});
    expect(missing.annotations[0]?.message).toMatch(/^E_INPUT_MISSING: Input 'message' is required/);
  });

  it('turns logger warnings with a file and line into annotations', async () => {
    const run = await runGithubAction(join(root, 'actions/echo'), { message: 'hi', 'fail-with': 'warning' });
    expect(run.exitCode).toBe(0);
    expect(run.annotations).toContainEqual({ level: 'warning', message: 'check this setting', properties: { title: 'Echo', file: 'image.yaml', line: '3' } });
    expect(run.annotations).toContainEqual({ level: 'warning', message: 'something to look at', properties: {} });
  });

  it('the root action dispatches on the step input', async () => {
    const run = await runGithubAction(root, { step: 'echo', message: 'root' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.echoed).toBe('root root');
  });
});

describe('Azure DevOps task runtime', () => {
  it('sets output variables, masks secrets, groups, uploads the summary and succeeds', async () => {
    const run = await runAzdoTask(join(root, 'tasks/EchoFixtureV1'), { message: 'hi', tags: 'x,y', token: SECRET, azureSubscription: 'conn-1' });
    expect(run.result).toBe('Succeeded');
    expect(run.outputs).toEqual({ echoed: 'hi hi', count: '2', tagCount: '2' });
    expect(run.masks).toContain(SECRET);
    expect(run.groups).toEqual(['Echo']);
    expect(run.summaries[0]).toContain('| y |');
    expectNoSecret(run.log, run.stderr, ...run.summaries);
  });

  it('maps warnings to SucceededWithIssues and failures to Failed with the error text', async () => {
    const warned = await runAzdoTask(join(root, 'tasks/EchoFixtureV1'), { message: 'hi', failWith: 'warning', azureSubscription: 'c' });
    expect(warned.result).toBe('SucceededWithIssues');
    expect(warned.resultMessage).toBe('Finished with 1 warning.');
    expect(warned.issues.filter((i) => i.message === 'something to look at')).toHaveLength(1);
    expect(warned.issues).toContainEqual({
      type: 'warning',
      message: 'Echo: check this setting',
      properties: expect.objectContaining({ sourcepath: 'image.yaml', linenumber: '3' }) as unknown,
    });

    const failed = await runAzdoTask(join(root, 'tasks/EchoFixtureV1'), { message: 'hi', failWith: 'unexpected', azureSubscription: 'c' });
    expect(failed.result).toBe('Failed');
    expect(failed.resultMessage).toBe('unexpected error: boom');
    expect(failed.exitCode).toBe(1);
    expect(failed.log).not.toContain('TypeError: boom\n    at'); // stack only with System.Debug
    expect(failed.outputs.echoed).toBeUndefined();
  });

  it('names a missing required input by its task.json name', async () => {
    const run = await runAzdoTask(join(root, 'tasks/EchoFixtureV1'), { message: 'hi' });
    expect(run.result).toBe('Failed');
    expect(run.resultMessage).toMatch(/^E_INPUT_MISSING: Input 'azureSubscription' is required/);
  });
});

describe('CLI runtime', () => {
  const bin = () => join(root, 'bin/image-publish.mjs');

  it('--json prints outputs on stdout and logs on stderr, secret scrubbed', async () => {
    const run = await runCliProcess(bin(), ['echo', '--message', 'hi', '--count=3', '--tags', 'a', '--tags', 'b', '--token', SECRET, '--json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ echoed: 'hi hi hi', count: 3, 'tag-count': 2 });
    expect(run.stderr).toContain('token is ***');
    expectNoSecret(run.stdout, run.stderr);
  });

  it('exit codes: 2 for usage and configuration errors, 1 for step failures, 0 for help', async () => {
    expect((await runCliProcess(bin(), ['echo', '--nope', 'x'])).exitCode).toBe(2);
    expect((await runCliProcess(bin(), ['echo', '--message', 'hi', '--fail-with', 'config'])).exitCode).toBe(2);
    const failed = await runCliProcess(bin(), ['echo', '--message', 'hi', '--fail-with', 'azure']);
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toContain('error: E_AZURE_THROTTLED: ARM kept throttling. (request id: req-123)');
    const help = await runCliProcess(bin(), ['echo', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--fail-with <enum>');
  });
});
