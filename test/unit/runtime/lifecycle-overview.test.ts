import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLifecycleRecords } from '../../../src/core/lifecycle/lifecycle-journal.js';
import { lifecycleOverview } from '../../../src/core/summary/lifecycle-overview.js';
import { runCli, type CliIo } from '../../../src/runtime/cli/cli-runtime.js';
import { lifecycleFile } from '../../../src/runtime/shared/lifecycle-record.js';
import { renderMarkdown } from '../../../src/runtime/shared/summary-render.js';
import { overviewStep } from '../../../src/steps/overview.js';
import { echoStep } from '../../fixtures/runtime/echo-step.js';

const SECRET = 'lifecycle-secret-0815';
const steps = [echoStep, overviewStep];

function io(env: Record<string, string>): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text), env };
}

describe('lifecycle journal and the overview step', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lifecycle-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('records every step that ran (result, time, detail, outputs; secrets masked) and the overview shows them with the failed one and the one that never ran', async () => {
    const env = { IMAGE_PUBLISH_LIFECYCLE_FILE: join(dir, 'run1', 'lifecycle.jsonl') };
    expect(await runCli(['echo', '--message', 'hi', '--token', SECRET], steps, io(env))).toBe(0);
    expect(await runCli(['echo', '--message', 'warn', '--fail-with', 'warning'], steps, io(env))).toBe(0);
    expect(await runCli(['echo', '--message', 'bad', '--token', SECRET, '--fail-with', 'config'], steps, io(env))).toBe(2);

    const records = await readLifecycleRecords(env.IMAGE_PUBLISH_LIFECYCLE_FILE);
    expect(records.map((r) => r.status)).toEqual(['succeeded', 'succeeded-with-issues', 'failed']);
    expect(records[0]).toMatchObject({ step: 'echo', detail: 'Echoed 2 times', outputs: { echoed: 'hi hi', count: '2', 'tag-count': '0' } });
    expect(records[2]?.detail).toMatch(/^E_INPUT_INVALID: Input '--message' cannot be used with token \*\*\*/);
    for (const r of records) {
      expect(Date.parse(r.startedAt)).not.toBeNaN();
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(await readFile(env.IMAGE_PUBLISH_LIFECYCLE_FILE, 'utf8')).not.toContain(SECRET);

    const summaryFile = join(dir, 'overview.md');
    const run = io({ ...env, IMAGE_PUBLISH_SUMMARY_FILE: summaryFile });
    expect(await runCli(['overview', '--steps', 'echo,publish', '--json'], steps, run)).toBe(0);
    expect(JSON.parse(run.out.join(''))).toEqual({ result: 'failed', 'failed-steps': 'echo' });
    const markdown = await readFile(summaryFile, 'utf8');
    expect(markdown).toMatch(/^## Image lifecycle\n\n2 of 4 steps succeeded; failed: echo\n/);
    expect(markdown).toContain('```mermaid\nflowchart LR');
    expect(markdown).toMatch(/s0\["echo succeeded, \d+\.\d s"\]:::ok/);
    expect(markdown).toMatch(/s1\["echo succeeded-with-issues, \d+\.\d s"\]:::running/);
    expect(markdown).toMatch(/s2\["echo failed, \d+\.\d s"\]:::failed/);
    expect(markdown).toContain('s3["publish not run"]:::skipped');
    expect(markdown).toMatch(/\| echo \| failed \| \d+\.\d s \| E\\_INPUT\\_INVALID: Input '--message' cannot be used with token \\\*\\\*\\\*/);
    expect(markdown).toMatch(/\| publish \| not run \| – \| no result recorded in this job/);
    expect(markdown).toContain('echo.echoed = hi hi');
    expect(markdown).not.toContain(SECRET);
    // The overview reports on the run; it adds no record of itself.
    expect(await readLifecycleRecords(env.IMAGE_PUBLISH_LIFECYCLE_FILE)).toHaveLength(3);
  });

  it('without a journal, or with an empty one, the overview warns and says the run is incomplete', async () => {
    const none = io({});
    expect(await runCli(['overview', '--json'], steps, none)).toBe(0);
    expect(JSON.parse(none.out.join(''))).toEqual({ result: 'incomplete', 'failed-steps': '' });
    expect(none.err.join('')).toContain('warning: No lifecycle journal in this run');

    const empty = io({ RUNNER_TEMP: join(dir, 'runner-temp') });
    expect(await runCli(['overview', '--steps', 'bake'], steps, empty)).toBe(0);
    expect(empty.err.join('')).toContain(`No image-publish step recorded a result in this job (${join(dir, 'runner-temp', 'image-publish', 'lifecycle.jsonl')})`);
  });

  it('warns about a recorded step the list does not name (a misspelt list), and still shows it', async () => {
    const env = { IMAGE_PUBLISH_LIFECYCLE_FILE: join(dir, 'run2.jsonl') };
    expect(await runCli(['echo', '--message', 'hi'], steps, io(env))).toBe(0);
    const run = io(env);
    expect(await runCli(['overview', '--steps', 'ecoh'], steps, run)).toBe(0);
    expect(run.err.join('')).toContain("warning: echo ran but input 'steps' does not list it");
    expect(run.out.join('')).toContain('result=incomplete');
  });

  it('refuses a step list entry that cannot be a step name, naming the input as a flag', async () => {
    const run = io({});
    expect(await runCli(['overview', '--steps', 'bake,Publish Image'], steps, run)).toBe(2);
    expect(run.err.join('')).toContain("Input '--steps' names 'Publish Image'");
  });

  it('skips journal lines that are not records (a truncated write) instead of failing the overview', async () => {
    const file = join(dir, 'torn.jsonl');
    await writeFile(file, '{"step":"bake","status":"succeeded","startedAt":"2026-01-01T00:00:00Z","durationMs":5}\n{"step":"sca\nnot json\n');
    expect(await readLifecycleRecords(file)).toEqual([{ step: 'bake', status: 'succeeded', startedAt: '2026-01-01T00:00:00Z', durationMs: 5 }]);
  });

  it('keeps the journal in the runner\'s per-job temp folder unless IMAGE_PUBLISH_LIFECYCLE_FILE names one', () => {
    expect(lifecycleFile({ RUNNER_TEMP: '/r' })).toBe(join('/r', 'image-publish', 'lifecycle.jsonl'));
    expect(lifecycleFile({ AGENT_TEMPDIRECTORY: '/a' })).toBe(join('/a', 'image-publish', 'lifecycle.jsonl'));
    expect(lifecycleFile({ RUNNER_TEMP: '/r', IMAGE_PUBLISH_LIFECYCLE_FILE: '/x.jsonl' })).toBe('/x.jsonl');
    expect(lifecycleFile({})).toBeUndefined();
  });

  it('renders the table alone where Mermaid does not render (Azure DevOps), every step with its result', () => {
    const summary = lifecycleOverview(
      [
        { name: 'bake', status: 'succeeded', durationMs: 61_000, detail: 'Baked' },
        { name: 'scan', status: 'failed', durationMs: 2_000, detail: 'E_SCAN_GATE' },
        { name: 'sign', status: 'not run' },
      ],
      { title: 'Image lifecycle' },
    );
    const markdown = renderMarkdown(summary, undefined, { mermaid: false });
    expect(markdown).not.toContain('mermaid');
    expect(markdown).toContain('| bake | succeeded | 1.0 min | Baked |');
    expect(markdown).toContain('| scan | failed | 2.0 s | E\\_SCAN\\_GATE |');
    expect(markdown).toContain('| sign | not run | – |  |');
  });
});
