/**
 * Workload evidence (issue 20): a ring's benchmark — a command (run without a shell) or an HTTPS URL, like the
 * external gates — prints JSON metrics `[{"name","value","unit","better":"lower"|"higher"}]`. It runs against the
 * canary instances once on the previous version (before the ring changes them) and once on the new version.
 * Output that is not exactly that shape is an error, never zero metrics or a pass.
 */
import { execFile } from 'node:child_process';
import { z } from 'zod';
import type { ExternalGate } from './rollout-types.js';

export type Benchmark = ExternalGate & { tolerance: number };

export interface BenchmarkMetric {
  name: string;
  value: number;
  unit: string;
  better: 'lower' | 'higher';
}

const metric = z.strictObject({
  name: z.string().min(1).max(64),
  value: z.number().finite(),
  unit: z.string().max(16),
  better: z.enum(['lower', 'higher']),
});

/** What the benchmark is told about the run, as environment variables (command) or query parameters (URL). */
export interface BenchmarkTarget {
  side: 'previous' | 'new';
  ring: string;
  version: string;
  /** Scale set ids of the ring. */
  scaleSets: readonly string[];
}

export class BenchmarkError extends Error {}

/** Parses benchmark output: a JSON array of metrics (or one metric object); anything else throws BenchmarkError. */
export function parseBenchmarkOutput(text: string, source: string): BenchmarkMetric[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BenchmarkError(`The benchmark ${source} printed no JSON (${(e as Error).message}); it must print a JSON array of {"name","value","unit","better":"lower"|"higher"}.`);
  }
  const result = z.array(metric).min(1).safeParse(Array.isArray(raw) ? raw : [raw]);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BenchmarkError(`The benchmark ${source} printed malformed metrics at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}; each metric is {"name","value","unit","better":"lower"|"higher"} and at least one is required.`);
  }
  const names = result.data.map((m) => m.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new BenchmarkError(`The benchmark ${source} printed metric '${dup}' twice; metric names must be unique.`);
  return result.data;
}

/** Runs the benchmark once; throws BenchmarkError when it fails or prints malformed output. */
export async function runBenchmark(b: Benchmark, target: BenchmarkTarget, signal: AbortSignal): Promise<BenchmarkMetric[]> {
  if (b.kind === 'url') {
    const u = new URL(b.url);
    u.searchParams.set('side', target.side);
    u.searchParams.set('ring', target.ring);
    u.searchParams.set('version', target.version);
    const where = `${u.origin}${u.pathname}`;
    let res: Response;
    try {
      res = await fetch(u, { signal: AbortSignal.any([signal, AbortSignal.timeout(b.timeoutMs)]) });
    } catch (e) {
      throw new BenchmarkError(`The benchmark ${where} failed: ${(e as Error).message}.`);
    }
    const body = await res.text();
    if (res.status < 200 || res.status > 299) throw new BenchmarkError(`The benchmark ${where} answered ${res.status}.`);
    return parseBenchmarkOutput(body, where);
  }
  const [file, ...args] = b.command;
  const env = {
    ...process.env,
    IMAGE_PUBLISH_BENCHMARK_SIDE: target.side,
    IMAGE_PUBLISH_RING: target.ring,
    IMAGE_PUBLISH_VERSION: target.version,
    IMAGE_PUBLISH_SCALE_SETS: JSON.stringify(target.scaleSets),
  };
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(file ?? '', args, { timeout: b.timeoutMs, signal, maxBuffer: 1024 * 1024, env }, (err, out, stderr) => {
      if (!err) return resolve(String(out));
      const last = String(stderr).trim().split('\n').pop() ?? '';
      reject(new BenchmarkError(`The benchmark ${file ?? ''} failed (${err.message.split('\n')[0] ?? ''})${last ? `: ${last}` : ''}.`));
    });
  });
  return parseBenchmarkOutput(stdout, file ?? '');
}
