/**
 * `npm run demo -- --summaries <dir>`: keeps each step's job summary as the markdown GitHub would show
 * (summary-<step>.md, written by the step's own CLI process through IMAGE_PUBLISH_SUMMARY_FILE) and adds the
 * lifecycle overview of the run (summary-lifecycle.md). scripts/screenshots.ts renders these for docs/summaries.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flowchart } from '../core/summary/mermaid.js';
import type { Summary } from '../core/summary/summary.js';
import { renderMarkdown } from '../runtime/shared/summary-render.js';
import type { StepRecord } from './demo-report.js';

/** The environment a step's process gets so that its CLI runtime appends its summary markdown to the step's file. */
export function summaryFileEnv(dir: string | undefined, step: string): Record<string, string> {
  return dir === undefined ? {} : { IMAGE_PUBLISH_SUMMARY_FILE: join(dir, `summary-${step}.md`) };
}

export async function prepareSummaryDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

function duration(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`;
}

/** The lifecycle overview: every step with its result and emulated (Azure) duration, as a picture and a table. */
export function lifecycleSummary(records: readonly StepRecord[]): Summary {
  const detail = (r: StepRecord): string => (r.status === 'skipped' ? 'skipped' : `${r.status}, ${duration(r.emulatedMs)}`);
  const ok = records.filter((r) => r.status === 'ok').length;
  return {
    title: 'Image lifecycle (demo run)',
    status: `${ok} of ${records.length} steps succeeded`,
    sections: [
      {
        kind: 'mermaid',
        heading: 'Lifecycle',
        source: flowchart(records.map((r) => ({ name: r.name, detail: detail(r), state: r.status }))),
      },
      {
        kind: 'table',
        heading: 'Steps',
        columns: ['Step', 'Result', 'Azure time', 'Wall time', 'What'],
        rows: records.map((r) => [r.name, r.status, duration(r.emulatedMs), duration(r.wallMs), r.note ?? r.purpose]),
      },
    ],
  };
}

export async function writeLifecycleSummary(dir: string, records: readonly StepRecord[]): Promise<void> {
  await writeFile(join(dir, 'summary-lifecycle.md'), renderMarkdown(lifecycleSummary(records)));
}
