/** `--help` everywhere exits 0 with usage on stdout; a bad option exits 2 with a suggestion. Fresh processes from source. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/runtime/cli/cli-runtime.js';
import { steps } from '../../../src/steps/registry.js';
import { runNode } from '../../helpers/runner.js';

const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
const cli = (...args: string[]) => runNode('--import', ['tsx', 'src/demo/cli-entry.ts', ...args], { env });

describe('--help everywhere', () => {
  it('every step --help exits 0 (in process, one per step)', async () => {
    for (const step of steps) {
      let out = '';
      const code = await runCli([step.name, '--help'], steps, { stdout: (t) => void (out += t), stderr: () => undefined, env: {} });
      expect(code, step.name).toBe(0);
      expect(out).toMatch(new RegExp(`^Usage: image-publish ${step.name} `));
    }
  });

  it('image-publish --help, a step --help and emulator --help exit 0 as processes', async () => {
    for (const args of [['--help'], ['publish', '--help'], ['emulator', '--help'], ['overview', '--help'], ['completion', '--help']]) {
      const run = await cli(...args);
      expect(run.exitCode, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/^Usage: image-publish /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  }, 300_000);

  it('npm run demo -- --help exits 0 and documents every option; a typo exits 2 with a suggestion', async () => {
    const help = await runNode('--import', ['tsx', 'src/demo/main.ts', '--help'], { env });
    expect(help.exitCode, help.stderr).toBe(0);
    for (const flag of ['--[no-]bundle', '--[no-]verbose', '--[no-]keep', '--speed <n>', '--fail-on <severity>', '--summaries <dir>', '--[no-]real-image']) expect(help.stdout).toContain(flag);
    // Every option --help lists is in the README too.
    const readme = await readFile(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const options = [...help.stdout.matchAll(/^ {2}--(?:\[no-\])?([a-z][a-z-]*)/gm)].map((m) => m[1]).filter((o) => o !== 'help');
    expect(options.length).toBeGreaterThan(5);
    for (const option of options) expect(readme, `README.md does not mention the demo's --${option}`).toContain(`\`--${option}`);
    const typo = await runNode('--import', ['tsx', 'src/demo/main.ts', '--sped', '5'], { env });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain("did you mean '--speed'?");
    expect(typo.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('bare image-publish prints usage on stderr and exits 2', async () => {
    const run = await cli();
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: image-publish <step>');
  }, 60_000);
});
