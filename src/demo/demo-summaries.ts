/**
 * `npm run demo -- --summaries <dir>`: keeps each step's job summary as the markdown GitHub would show
 * (summary-<step>.md, written by the step's own CLI process through IMAGE_PUBLISH_SUMMARY_FILE) and adds the
 * lifecycle overview of the run (summary-lifecycle.md). scripts/screenshots.ts renders these for docs/summaries.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lifecycleOverview } from '../core/summary/lifecycle-overview.js';
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

const status = { ok: 'succeeded', failed: 'failed', skipped: 'skipped' } as const;

/**
 * The lifecycle overview of the demo run (the same one a CI job's overview step shows), with Azure's emulated time
 * as the duration: wall time of a demo step is mostly its process start-up.
 */
export function lifecycleSummary(records: readonly StepRecord[]): Summary {
  return lifecycleOverview(
    records.map((r) => ({
      name: r.name,
      status: status[r.status],
      ...(r.status === 'skipped' ? {} : { durationMs: r.emulatedMs, wallMs: r.wallMs }),
      detail: r.note ?? r.purpose,
    })),
    { title: 'Image lifecycle (demo run)', durationHeading: 'Azure time' },
  );
}

export async function writeLifecycleSummary(dir: string, records: readonly StepRecord[]): Promise<void> {
  await writeFile(join(dir, 'summary-lifecycle.md'), renderMarkdown(lifecycleSummary(records)));
}
