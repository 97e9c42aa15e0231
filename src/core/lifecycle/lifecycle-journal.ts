/**
 * The run's lifecycle journal: one JSON line per step that ran in this job (result, time, one-line detail,
 * outputs), appended by the runtime after each step and read by the overview step. A file under the job's temp
 * folder is job-scoped on both runners and survives a failed step, which step outputs read through expressions
 * would not show uniformly on GitHub and Azure DevOps.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface LifecycleRecord {
  step: string;
  status: 'succeeded' | 'succeeded-with-issues' | 'failed';
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  /** The step summary's status line, or the failure (code and message). */
  detail?: string;
  /** Non-secret outputs as the step set them. */
  outputs?: Record<string, string>;
}

/** What a step that reports on the run (overview) reads; runtimes hand it over in the StepContext. */
export interface LifecycleJournal {
  /** Where the records are kept, for messages. */
  location: string;
  read(): Promise<LifecycleRecord[]>;
}

const STATUSES: readonly string[] = ['succeeded', 'succeeded-with-issues', 'failed'];

/** Appends one record (creating the file and its folder). */
export async function appendLifecycleRecord(file: string, record: LifecycleRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

function isRecord(value: unknown): value is LifecycleRecord {
  const r = value as Partial<LifecycleRecord> | null;
  return typeof r === 'object' && r !== null && typeof r.step === 'string' && STATUSES.includes(String(r.status)) && typeof r.startedAt === 'string' && typeof r.durationMs === 'number';
}

/** The records in the order the steps ran; none when the file does not exist. A line that is not a record is skipped. */
export async function readLifecycleRecords(file: string): Promise<LifecycleRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      const parsed: unknown = JSON.parse(line);
      return isRecord(parsed) ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

/** The journal kept in `file`. */
export function fileJournal(file: string): LifecycleJournal {
  return { location: file, read: () => readLifecycleRecords(file) };
}
