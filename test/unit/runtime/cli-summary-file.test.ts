import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src/runtime/cli/cli-runtime.js';
import { echoStep } from '../../fixtures/runtime/echo-step.js';

const SECRET = 'summary-file-secret-4711';

function io(env: Record<string, string>): CliIo & { err: string[] } {
  const err: string[] = [];
  return { err, stdout: () => undefined, stderr: (text) => err.push(text), env };
}

describe('CLI IMAGE_PUBLISH_SUMMARY_FILE (the demo\'s --summaries)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-summary-file-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('appends the job summary as GitHub markdown, secrets masked', async () => {
    const file = join(dir, 'summary-echo.md');
    const run = io({ IMAGE_PUBLISH_SUMMARY_FILE: file });
    expect(await runCli(['echo', '--message', 'hi', '--token', SECRET, '--tags', `tag-${SECRET}`, '--tags', 'plain'], [echoStep], run)).toBe(0);
    const markdown = await readFile(file, 'utf8');
    expect(markdown).toMatch(/^## Echo/);
    expect(markdown).toContain('| --- |');
    expect(markdown).toContain('| plain |');
    expect(markdown).toContain('| tag-*** |');
    expect(markdown).not.toContain(SECRET);
    expect(run.err.join('')).not.toContain('## Echo');
  });

  it('appends, so a file can collect several summaries', async () => {
    const file = join(dir, 'two.md');
    for (const message of ['one', 'two']) expect(await runCli(['echo', '--message', message], [echoStep], io({ IMAGE_PUBLISH_SUMMARY_FILE: file }))).toBe(0);
    expect((await readFile(file, 'utf8')).match(/^## Echo/gm)).toHaveLength(2);
  });
});
