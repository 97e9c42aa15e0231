/**
 * Follows README "Run it yourself" literally, in fresh processes with a clean environment: the installed CLI
 * (bin/image-publish.mjs on PATH as `image-publish`, which is what `npm link` / `npm install -g` give), terminal 1's
 * command, then terminal 2's commands after the `export` lines terminal 1 printed. The one change: terminal 1 gets
 * `--port 0 --azurite-port 0`, since the README's fixed ports may be taken by a parallel test or another checkout.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** The bash blocks of the README section, in order. */
function readmeBlocks(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Run it yourself');
  expect(start, 'README has a "Run it yourself" section').toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 3);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

let work = '';
let emulator: ChildProcess | undefined;
let banner = '';
let env: Record<string, string> = {};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'run-it-yourself-'));
  const bin = join(work, 'bin');
  spawnSync('mkdir', [bin]);
  symlinkSync(join(root, 'bin/image-publish.mjs'), join(bin, 'image-publish'));
  // A fresh shell: nothing from the test process (not its CA, not its Azure variables) leaks in.
  env = { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: work };
  const [terminal1] = readmeBlocks();
  expect(terminal1?.trim()).toBe('image-publish emulator');
  emulator = spawn('bash', ['-c', `exec ${terminal1?.trim()} --port 0 --azurite-port 0 --quiet`], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  emulator.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((ready, fail) => {
    emulator?.stdout?.on('data', (d: Buffer) => {
      banner += d.toString();
      if (banner.includes('Press Ctrl+C to stop.')) ready();
    });
    emulator?.once('exit', (code) => fail(new Error(`image-publish emulator exited (${code}) before it was ready: ${stderr}`)));
  });
}, 180_000);

afterAll(async () => {
  if (emulator && emulator.exitCode === null) {
    const exited = new Promise((done) => emulator?.once('exit', done));
    emulator.kill('SIGTERM');
    await exited;
  }
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('README "Run it yourself"', () => {
  it('bake → publish → replicate by hand from what the emulator printed', async () => {
    const exports = banner.split('\n').filter((l) => l.startsWith('export '));
    expect(exports.map((l) => l.split('=')[0])).toEqual(expect.arrayContaining([
      'export NODE_EXTRA_CA_CERTS', 'export IMAGE_PUBLISH_ARM_ENDPOINT', 'export AZURE_TENANT_ID', 'export AZURE_CLIENT_ID',
      'export AZURE_CLIENT_SECRET', 'export AZURE_SUBSCRIPTION_ID', 'export AZURITE_CONTAINER_URL', 'export AZURITE_ACCOUNT_KEY',
    ]));
    const terminal2 = readmeBlocks()[1] ?? '';
    const run = spawn('bash', ['-euo', 'pipefail', '-c', `${exports.join('\n')}\n${terminal2}`], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    run.stdout.on('data', (d: Buffer) => (out += d.toString()));
    run.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((done) => run.once('exit', done));
    expect(code, out).toBe(0);
    const dir = join(work, 'try-image-publish');
    const bake = JSON.parse(readFileSync(join(dir, 'bake.json'), 'utf8')) as Record<string, string>;
    expect(bake['image-id']).toMatch(/\/resourceGroups\/rg-images\/providers\/Microsoft\.Compute\/images\/my-image$/);
    const publish = JSON.parse(readFileSync(join(dir, 'publish.json'), 'utf8')) as Record<string, string>;
    expect(publish['image-version-id']).toMatch(/\/galleries\/my_gallery\/images\/ubuntu-24\/versions\/\d+\.\d+\.\d+$/);
    expect(out).toMatch(/replicated-regions=westeurope,northeurope/);
    expect(out).toContain('Completed in 2 regions');
    const secret = /AZURE_CLIENT_SECRET='([^']+)'/.exec(banner)?.[1] ?? '';
    expect(secret).not.toBe('');
    expect(out).not.toContain(secret);
  }, 600_000);
});
