import { describe, expect, it } from 'vitest';
import { findStep } from '../../../src/steps/registry.js';
import { AZURITE_KEY } from '../../helpers/azurite.js';
import { runNode } from '../../helpers/runner.js';
import { repoRoot } from './example-env.js';

// `npm run demo` as a user runs it (Node 24, tsx, its own emulator, CA and Azurite), checked on what it prints.
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/;
/** The shape of an Entra client secret (the emulator issues the same shape): the demo's own is unknown to the test. */
const CLIENT_SECRET = /[\w-]{3}8Q~[\w.~-]{30,}/;
const lifecycle = ['bake', 'scan', 'sign', 'publish', 'replicate', 'pin-rollout', 'verify'];

describe('npm run demo', () => {
  it('runs every available step through the CLI, reports what was created where and how long it took, and prints no secret', async () => {
    // runNode spawns `node <file> ...args`; with '--import' as the "file" that is `node --import tsx src/demo/main.ts`.
    const run = await runNode('--import', ['tsx', 'src/demo/main.ts'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, cwd: repoRoot });
    const output = run.stdout + run.stderr;
    expect(run.exitCode, output).toBe(0);
    for (const step of lifecycle) {
      const row = new RegExp(`^${step}\\s+${findStep(step) ? 'ok' : 'skipped'}\\s`, 'm');
      expect(output, step).toMatch(row);
    }
    expect(output).toMatch(/^total\s+\d+\.\d s\s+\d+\.\d (s|min)$/m);
    expect(output).toMatch(/\[bake\] Microsoft\.Compute\/images \(westeurope\)/);
    expect(output).toMatch(/\[publish\] Microsoft\.Compute\/galleries\/images\/versions \(westeurope\)\n\s+\/subscriptions\/[0-9a-f-]+\/resourceGroups\/rg-demo-images\/providers\/Microsoft\.Compute\/galleries\/demo_gallery\/images\/ubuntu-demo\/versions\/1\.0\.0/);
    expect(output).toMatch(/regions: West Europe x1, North Europe x1, East US 2 x1/);
    if (findStep('pin-rollout')) {
      for (const vmss of ['vmss-demo-canary (westeurope)', 'vmss-demo-ne (northeurope)', 'vmss-demo-us (eastus2)']) expect(output).toContain(`scale set ${vmss}: pinned to this version`);
      expect(output).toContain('channel.prod on the image definition: 1.0.0');
    }
    expect(output).toContain('every available step succeeded');
    expect(output).not.toContain(AZURITE_KEY);
    expect(output).not.toMatch(JWT);
    expect(output).not.toMatch(/client secret/i);
    expect(output).not.toMatch(CLIENT_SECRET);
  }, 120_000);

  it('stops at a failed gate: exit 1, the scan error shown, later steps skipped, nothing published', async () => {
    const run = await runNode('--import', ['tsx', 'src/demo/main.ts', '--fail-on', 'medium'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, cwd: repoRoot });
    const output = run.stdout + run.stderr;
    expect(run.exitCode, output).toBe(1);
    expect(output).toMatch(/^bake\s+ok\s/m);
    expect(output).toMatch(/^scan\s+failed\s.*FAILED: error: E_\w+: Image scan failed the policy/m);
    for (const step of ['sign', 'publish', 'replicate', 'pin-rollout', 'verify']) expect(output).toMatch(new RegExp(`^${step}\\s+skipped\\s.*an earlier step failed`, 'm'));
    expect(output).not.toContain('Microsoft.Compute/galleries');
    expect(output).toContain('FAILED');
    expect(output).not.toContain(AZURITE_KEY);
    expect(output).not.toMatch(CLIENT_SECRET);
  });

  it('exits non-zero with a clear message on a bad flag, before starting anything', async () => {
    const run = await runNode('--import', ['tsx', 'src/demo/main.ts', '--speed', 'fast'], { env: { PATH: process.env.PATH ?? '' }, cwd: repoRoot });
    // A bad flag is a usage error: exit 2, like every other user error.
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--speed fast: expected a positive number');
  });
});
