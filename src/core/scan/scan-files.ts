import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from './finding.js';

const FLUSH_BYTES = 1 << 16;

/** Writes text produced piece by piece, flushing about every MiB, so a large output never exists as one string. */
export async function writeChunks<R>(file: string, chunks: Generator<string, R>): Promise<R> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, 'w');
  try {
    let pending: string[] = [];
    let size = 0;
    let step = chunks.next();
    while (step.done !== true) {
      pending.push(step.value);
      size += step.value.length;
      if (size >= FLUSH_BYTES) {
        await handle.write(pending.join(''));
        pending = [];
        size = 0;
      }
      step = chunks.next();
    }
    if (pending.length > 0) await handle.write(pending.join(''));
    return step.value;
  } finally {
    await handle.close();
  }
}

/**
 * The JSON report: the verdict and small fields as one object, with `findings` and `suppressed` written one
 * entry at a time after them, so the report never needs a second copy of every finding.
 */
export function* jsonReportText(
  head: Record<string, unknown>,
  findings: readonly Finding[],
  suppressed: readonly { finding: Finding; reason: string }[],
): Generator<string, void> {
  const open = JSON.stringify(head);
  yield `${open.slice(0, -1)}${open.length > 2 ? ',' : ''}"findings":[`;
  for (let i = 0; i < findings.length; i++) yield (i === 0 ? '' : ',') + JSON.stringify(findings[i]);
  yield '],"suppressed":[';
  for (let i = 0; i < suppressed.length; i++) {
    const s = suppressed[i];
    if (s === undefined) continue;
    yield (i === 0 ? '' : ',') + JSON.stringify({ id: s.finding.id, package: s.finding.packageName, severity: s.finding.severity, reason: s.reason });
  }
  yield ']}';
}
