/** Long demo phases print a line at least every few seconds, so a slow machine never looks hung. */

export const HEARTBEAT_MS = 5000;

/**
 * Runs `work`; while it runs, prints `label: N s` with the latest detail (e.g. the step's last log line) every
 * `intervalMs`, unless something else was printed in that interval (`touch()`).
 */
export async function withHeartbeat<T>(
  label: string,
  work: (progress: { detail(text: string): void; touch(): void }) => Promise<T>,
  print: (line: string) => void,
  intervalMs = HEARTBEAT_MS,
): Promise<T> {
  const started = Date.now();
  let lastPrinted = started;
  let detail = '';
  const timer = setInterval(() => {
    if (Date.now() - lastPrinted < intervalMs - 50) return;
    const seconds = Math.round((Date.now() - started) / 1000);
    print(`    ${label}: ${seconds} s${detail ? ` (${detail})` : ''}`);
    lastPrinted = Date.now();
  }, Math.max(250, Math.floor(intervalMs / 5)));
  try {
    return await work({
      detail: (text) => {
        detail = text.trim().slice(0, 120);
      },
      touch: () => {
        lastPrinted = Date.now();
      },
    });
  } finally {
    clearInterval(timer);
  }
}
