/**
 * External tools (qemu-img, packer, curl, az) some tests drive. On a developer machine without one the test may
 * skip, saying why; under CI=true (where .ci/run installs them through scripts/install-test-tools.sh) a missing
 * tool fails the test file instead, so CI never passes by skipping.
 */
import { execFileSync, spawnSync } from 'node:child_process';

/** True when `command probeArgs...` runs and exits 0; false (with a printed reason) or, under CI=true, throws. */
export function requireTool(command: string, probeArgs: readonly string[] = ['--version']): boolean {
  const probe = spawnSync(command, [...probeArgs], { stdio: 'ignore', timeout: 60_000 });
  if (probe.status === 0) return true;
  const why = probe.error ? (probe.error as NodeJS.ErrnoException).code ?? probe.error.message : `exit ${String(probe.status ?? probe.signal)}`;
  const reason = `'${command} ${probeArgs.join(' ')}' does not run (${why}); scripts/install-test-tools.sh installs it`;
  if (process.env.CI === 'true') throw new Error(`${reason}. Under CI=true a missing tool fails the tests that need it.`);
  console.warn(`Skipping the tests that need ${command}: ${reason}.`);
  return false;
}

/**
 * The same rule for several tools found on PATH (for tools without a harmless version flag, such as debugfs):
 * `ok` false with the reason printed on a developer machine; under CI=true a missing one throws.
 */
export function requireTools(tools: readonly string[]): { ok: boolean; reason: string } {
  const missing = tools.filter((tool) => {
    try {
      execFileSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return { ok: true, reason: '' };
  const reason = `missing ${missing.join(', ')} (scripts/install-test-tools.sh installs them)`;
  if (process.env.CI === 'true') throw new Error(`${reason}. Under CI=true a missing tool fails the tests that need it.`);
  console.warn(`Skipping the tests that need ${missing.join(', ')}: ${reason}.`);
  return { ok: false, reason };
}
