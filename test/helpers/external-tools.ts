import { execFileSync } from 'node:child_process';

/**
 * The external tools a test needs, and whether the test may run. Under CI=true a missing tool fails the test
 * (CI installs them with scripts/install-test-tools.sh); on a developer machine it skips with the reason printed.
 */
export function requireTools(tools: readonly string[]): { ok: boolean; reason: string } {
  const missing = tools.filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v "$1"`, 'sh', tool], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return { ok: true, reason: '' };
  const reason = `missing ${missing.join(', ')} (install with: sudo bash scripts/install-test-tools.sh)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}: the test cannot be skipped in CI`);
  console.warn(`skipping: ${reason}`);
  return { ok: false, reason };
}
