/**
 * The lifecycle overview: every step of a run with its result and duration, as a Mermaid picture (GitHub) and a
 * table (every renderer). The demo's report and the overview step of a CI job both build it here.
 */
import { flowchart } from './mermaid.js';
import type { Summary, SummarySection } from './summary.js';

/** 'not run': listed as part of the run but no record of it (skipped after a failure, or it never started). */
export type LifecycleStatus = 'succeeded' | 'succeeded-with-issues' | 'failed' | 'skipped' | 'not run';

/** One step of a run as the overview shows it. */
export interface LifecycleStep {
  name: string;
  status: LifecycleStatus;
  /** Absent for a step that did not run. */
  durationMs?: number;
  /** Wall-clock time, when it differs from durationMs (the demo measures Azure's emulated time as the duration). */
  wallMs?: number;
  /** One line: what the step did (its summary's status line), or why it failed or did not run. */
  detail?: string;
  /** The step's outputs (secret ones left out), shown folded under the table. */
  outputs?: Readonly<Record<string, string>>;
}

export interface LifecycleOverviewOptions {
  title: string;
  /** Heading of the duration column (default 'Duration'). */
  durationHeading?: string;
}

/** `42.0 s`, `3.5 min`. */
export function formatDuration(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`;
}

/** "5 of 7 steps succeeded; publish failed": the overview's status line. */
function statusLine(steps: readonly LifecycleStep[]): string {
  const ok = steps.filter((s) => s.status === 'succeeded' || s.status === 'succeeded-with-issues').length;
  const failed = steps.filter((s) => s.status === 'failed').map((s) => s.name);
  return `${ok} of ${steps.length} step${steps.length === 1 ? '' : 's'} succeeded${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}`;
}

/** Builds the overview summary. */
export function lifecycleOverview(steps: readonly LifecycleStep[], options: LifecycleOverviewOptions): Summary {
  const time = (ms: number | undefined): string => (ms === undefined ? '–' : formatDuration(ms));
  const hasWall = steps.some((s) => s.wallMs !== undefined);
  const sections: SummarySection[] = [
    {
      kind: 'mermaid',
      heading: 'Lifecycle',
      source: flowchart(steps.map((s) => ({ name: s.name, detail: s.durationMs === undefined ? s.status : `${s.status}, ${formatDuration(s.durationMs)}`, state: s.status }))),
    },
    {
      kind: 'table',
      heading: 'Steps',
      columns: ['Step', 'Result', options.durationHeading ?? 'Duration', ...(hasWall ? ['Wall time'] : []), 'Details'],
      rows: steps.map((s) => [s.name, s.status, time(s.durationMs), ...(hasWall ? [time(s.wallMs)] : []), s.detail ?? '']),
    },
  ];
  const outputs = steps.flatMap((s) => Object.entries(s.outputs ?? {}).map(([name, value]) => `${s.name}.${name} = ${value}`));
  if (outputs.length > 0) sections.push({ kind: 'details', summary: 'Step outputs', text: outputs.join('\n') });
  return { title: options.title, status: statusLine(steps), sections };
}
