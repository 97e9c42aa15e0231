import { describe, expect, it } from 'vitest';
import { runNode } from '../../helpers/runner.js';
import { repoRoot } from '../examples/example-env.js';

// `npm run demo -- --real-image` on a machine without the tools: it says which ones and how to install them,
// before starting anything. (With the tools, the same flow runs in real-image.e2e.test.ts through the bundles.)
describe('npm run demo -- --real-image without the tools', () => {
  it('exits 1 naming each missing tool and its Debian package, and starts nothing', async () => {
    const run = await runNode('--import', ['tsx', 'src/demo/main.ts', '--real-image'], { env: { PATH: '/nonexistent', HOME: process.env.HOME ?? '/tmp' }, cwd: repoRoot });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('--real-image needs mmdebstrap (Debian package mmdebstrap), mke2fs (Debian package e2fsprogs), debugfs (Debian package e2fsprogs), oscap (Debian package openscap-scanner)');
    expect(run.stderr).toMatch(/sudo apt-get install -y mmdebstrap e2fsprogs openscap-scanner/);
    expect(run.stderr).toContain("plain 'npm run demo' needs Node alone");
    expect(run.stdout).not.toContain('starting the Azure emulator');
  });
});
