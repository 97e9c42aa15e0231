// `image-publish completion bash|zsh` tested in the shells themselves: bash sources the script and runs its
// completion function with COMP_WORDS/COMP_CWORD as readline sets them; zsh loads it with compinit in a
// pseudo-terminal and completes on Tab (test/fixtures/completion/zsh-complete.zsh). Every step's flags are
// checked against the step definitions, so a new input that does not complete fails here.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/runtime/cli/cli-args.js';
import { runCli, type CliIo } from '../../../src/runtime/cli/cli-runtime.js';
import { emulatorFlags } from '../../../src/runtime/cli/emulator-args.js';
import { stepInputs } from '../../../src/steps/common-inputs.js';
import { steps } from '../../../src/steps/registry.js';
import { requireTool } from '../../helpers/require-tool.js';

const zshDriver = resolve(import.meta.dirname, '../../fixtures/completion/zsh-complete.zsh');

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {} };
  const code = await runCli(argv, steps, io);
  return { code, out, err };
}

/** Each input of the step as a flag, `--no-<input>` for booleans, and the options every step takes. */
function expectedStepFlags(name: string): string[] {
  const step = steps.find((s) => s.name === name);
  if (step === undefined) throw new Error(name);
  const inputs = stepInputs(step, 'cli').flatMap(([input, spec]) => (spec.type === 'boolean' ? [`--${input}`, `--no-${input}`] : [`--${input}`]));
  return [...inputs, '--json', '--debug', '--run-id', '--help'].sort();
}

let dir: string;
let bashScript: string;
let zshScript: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'completion-'));
  const bash = await cli(['completion', 'bash']);
  const zsh = await cli(['completion', 'zsh']);
  expect([bash.code, zsh.code]).toEqual([0, 0]);
  bashScript = join(dir, 'completion.bash');
  zshScript = join(dir, '_image-publish');
  await writeFile(bashScript, bash.out);
  await writeFile(zshScript, zsh.out);
  // A work folder with files, for path completion.
  await writeFile(join(dir, 'image.yaml'), 'definition: {}\n');
  await writeFile(join(dir, 'image-notes.txt'), '');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('image-publish completion (the command)', () => {
  it('says how to load the scripts in --help, and refuses a missing or unknown shell with a suggestion (exit 2)', async () => {
    const help = await cli(['completion', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('source <(image-publish completion bash)');
    expect((await cli(['--help'])).out).toMatch(/image-publish completion bash\|zsh/);
    const missing = await cli(['completion']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("'completion' needs the shell: bash or zsh.");
    const typo = await cli(['completion', 'zhs']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("No completion for shell 'zhs': did you mean 'zsh'?");
    expect((await cli(['completoin'])).err).toContain("did you mean 'completion'?");
  });

  it('offers only flags the CLI parses: every --no-<flag> sets its boolean input to false', () => {
    for (const step of steps) {
      for (const [input, spec] of stepInputs(step, 'cli')) {
        if (spec.type !== 'boolean') continue;
        const parsed = parseCliArgs([step.name, `--no-${input}`], steps);
        expect(parsed.kind === 'run' ? parsed.values.get(input) : parsed.kind, `${step.name} --no-${input}`).toBe('false');
      }
    }
  });
});

describe('bash', () => {
  /** The words bash's completion function offers for the command line `words` (the last one being completed). */
  function complete(...words: string[]): string[] {
    const run = spawnSync(
      'bash',
      ['--norc', '--noprofile', '-c', 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _image_publish; printf "%s\\n" "${COMPREPLY[@]}"', 'bash', bashScript, ...words],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    return run.stdout.split('\n').filter((w) => w !== '').sort();
  }

  it('registers the function for image-publish', () => {
    const run = spawnSync('bash', ['--norc', '--noprofile', '-c', 'source "$1" && complete -p image-publish', 'bash', bashScript], { encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('complete -F _image_publish image-publish');
  });

  it('completes the steps and commands, then each step\'s flags from its definition', () => {
    expect(complete('image-publish', '')).toEqual([...steps.map((s) => s.name), 'completion', 'emulator', '--help', '--version'].sort());
    expect(complete('image-publish', 'pub')).toEqual(['publish']);
    expect(complete('image-publish', 'pin')).toEqual(['pin-rollout']);
    for (const step of steps) expect(complete('image-publish', step.name, '--'), step.name).toEqual(expectedStepFlags(step.name));
    expect(complete('image-publish', 'bake', '--no-cr')).toEqual(['--no-create-managed-image']);
    expect(complete('image-publish', 'bake', '--cl')).toEqual(['--cleanup', '--client-id', '--cloud']);
  });

  it('completes enum values, file names for paths, and nothing for free text', () => {
    expect(complete('image-publish', 'bake', '--cloud', 'Az')).toEqual(['AzureChinaCloud', 'AzureCloud', 'AzureUSGovernment']);
    // bash splits `--cloud=Azure` at '=' (COMP_WORDBREAKS).
    expect(complete('image-publish', 'bake', '--cloud', '=', 'AzureU')).toEqual(['AzureUSGovernment']);
    expect(complete('image-publish', 'bake', '--cloud', '=')).toEqual(['AzureChinaCloud', 'AzureCloud', 'AzureUSGovernment', 'Custom']);
    expect(complete('image-publish', 'scan', '--fail-on', '')).toEqual(['critical', 'high', 'info', 'low', 'medium', 'none', 'unknown']);
    expect(complete('image-publish', 'publish', '--config', 'ima')).toEqual(['image-notes.txt', 'image.yaml']);
    expect(complete('image-publish', 'publish', '--version', '')).toEqual([]);
    // After a boolean switch the next word is a flag again.
    expect(complete('image-publish', 'bake', '--create-managed-image', '--no-cl')).toEqual(['--no-cleanup']);
  });

  it('completes the emulator\'s options and the completion shells', () => {
    const emulator = Object.entries(emulatorFlags).flatMap(([name, spec]) => (spec.type === 'boolean' ? [`--${name}`, `--no-${name}`] : [`--${name}`]));
    expect(complete('image-publish', 'emulator', '--')).toEqual([...emulator, '--help'].sort());
    expect(complete('image-publish', 'emulator', '--state-file', 'image.')).toEqual(['image.yaml']);
    expect(complete('image-publish', 'completion', '')).toEqual(['bash', 'zsh']);
    expect(complete('image-publish', 'completion', 'bash', '')).toEqual([]);
  });
});

describe.runIf(requireTool('zsh'))('zsh', () => {
  let attempt = 0;
  /** The matches zsh offers when Tab is pressed after `line`. */
  async function complete(line: string): Promise<string[]> {
    const out = join(dir, `zsh-${++attempt}.out`);
    const run = spawnSync('zsh', ['-f', zshDriver, zshScript, out, line], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: dir, TERM: 'xterm' } });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    const text = await readFile(out, 'utf8').catch(() => '');
    return [...new Set(text.split('\n').filter((w) => w !== ''))].sort();
  }

  it('completes steps, flags, enum values, --no-<flag>, file names and the shells', async () => {
    expect(await complete('image-publish pub')).toEqual(['publish']);
    expect(await complete('image-publish bake --cl')).toEqual(['--cleanup', '--client-id', '--cloud']);
    expect(await complete('image-publish bake --no-cr')).toEqual(['--no-create-managed-image']);
    expect(await complete('image-publish bake --cloud Az')).toEqual(['AzureChinaCloud', 'AzureCloud', 'AzureUSGovernment']);
    expect(await complete('image-publish publish --config ima')).toEqual(['image-notes.txt', 'image.yaml']);
    expect(await complete('image-publish emulator --no-a')).toEqual(['--no-azurite']);
    expect(await complete('image-publish completion ')).toEqual(['bash', 'zsh']);
  }, 120_000);

  it('offers every flag of a step from its definition', async () => {
    expect(await complete('image-publish replicate --')).toEqual(expectedStepFlags('replicate'));
  }, 60_000);
});
