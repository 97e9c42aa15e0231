/**
 * The optional check after each ring: an HTTPS URL that must answer 2xx, or a command (run without a shell, so
 * no quoting surprises) that must exit 0. A failing gate stops the rollout like an unhealthy ring does.
 */
import { execFile } from 'node:child_process';
import type { ExternalGate } from './rollout-types.js';
import { defined } from '../defined.js';

export interface GateResult {
  ok: boolean;
  detail: string;
}

/** Runs the gate; never throws (a gate that cannot run has failed). */
export async function runExternalGate(gate: ExternalGate, signal: AbortSignal): Promise<GateResult> {
  if (gate.kind === 'url') {
    try {
      const res = await fetch(gate.url, { signal: AbortSignal.any([signal, AbortSignal.timeout(gate.timeoutMs)]) });
      await res.body?.cancel();
      return { ok: res.status >= 200 && res.status < 300, detail: `${redactUrl(gate.url)} answered ${res.status}` };
    } catch (e) {
      return { ok: false, detail: `${redactUrl(gate.url)} failed: ${(e as Error).message}` };
    }
  }
  const [file, ...args] = gate.command;
  return new Promise((resolve) => {
    execFile(defined(file, 'gate command'), args, { timeout: gate.timeoutMs, signal, maxBuffer: 1024 * 1024 }, (err, _stdout, stderr) => {
      if (!err) return resolve({ ok: true, detail: `${file} exited 0` });
      const code = (err as NodeJS.ErrnoException & { code?: unknown }).code;
      const last = String(stderr).trim().split('\n').pop() ?? '';
      resolve({ ok: false, detail: `${file} failed (${typeof code === 'number' ? `exit ${code}` : String(code ?? err.message)})${last ? `: ${last}` : ''}` });
    });
  });
}

/** Query strings may carry tokens; the log names the endpoint only. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
