import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { parseCliArgs } from '../../../src/runtime/cli/cli-args.js';
import { renderStepHelp } from '../../../src/runtime/cli/cli-help.js';
import { runCli } from '../../../src/runtime/cli/cli-runtime.js';
import { echoStep } from '../../fixtures/runtime/echo-step.js';

const steps = [echoStep];

describe('parseCliArgs', () => {
  it('parses --name value, --name=value, repeated list flags and bare booleans', () => {
    const command = parseCliArgs(['echo', '--message', 'hi', '--count=3', '--tags', 'a', '--tags', 'b', '--loud', '--json'], steps);
    expect(command.kind).toBe('run');
    if (command.kind !== 'run') return;
    expect(Object.fromEntries(command.values)).toEqual({ message: 'hi', count: '3', tags: 'a\nb', loud: 'true' });
    expect(command.json).toBe(true);
    expect(command.debug).toBe(false);
  });

  it.each([
    [[], 'usage'],
    [['--help'], 'help'],
    [['echo', '--help'], 'step-help'],
    [['emulator', '--port', '1'], 'emulator'],
  ])('%j -> %s', (argv, kind) => expect(parseCliArgs(argv, steps).kind).toBe(kind));

  it.each([
    [['nope'], "'nope' is not a step. Steps: echo."],
    [['ecoh'], "'ecoh' is not a step: did you mean 'echo'?"],
    [['emualtor'], "did you mean 'emulator'?"],
    [['echo', '--nope'], "Unknown option '--nope' for 'echo'. Run 'image-publish echo --help' for usage."],
    [['echo', '--mesage', 'x'], "Unknown option '--mesage' for 'echo': did you mean '--message'?"],
    [['echo', '--no-message'], "Unknown option '--no-message'"],
    [['echo', '--no-loud=true'], "Option '--no-loud' takes no value."],
    [['echo', '--message'], "Option '--message' needs a value."],
    [['echo', 'stray'], "Unexpected argument 'stray'"],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv, steps)).toThrow(ConfigurationError);
    expect(() => parseCliArgs(argv, steps)).toThrow(message);
  });

  it('accepts --no-<flag> for boolean inputs', () => {
    const command = parseCliArgs(['echo', '--message', 'hi', '--no-loud'], steps);
    expect(command.kind === 'run' && command.values.get('loud')).toBe('false');
  });

  it('does not offer Azure DevOps-only inputs', () => {
    expect(() => parseCliArgs(['echo', '--azure-subscription', 'x'], steps)).toThrow('Unknown option');
  });
});

describe('CLI help and exit codes (in process)', () => {
  it('generates step help from the spec', () => {
    const help = renderStepHelp(echoStep);
    expect(help).toContain('--message <string>');
    expect(help).toMatch(/--count <integer> +How many times\. \(default: 2\)/);
    expect(help).toContain('one of: none, config, azure, unexpected, warning');
    expect(help).not.toContain('--azure-subscription');
  });

  it('returns 0/1/2 and keeps stdout for outputs', async () => {
    const io = () => {
      const out = { stdout: '', stderr: '' };
      return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env: {} } };
    };
    const ok = io();
    expect(await runCli(['echo', '--message', 'm'], steps, ok.io)).toBe(0);
    expect(ok.out.stdout).toBe('echoed=m m\ncount=2\ntag-count=0\n');
    const usage = io();
    expect(await runCli(['echo'], steps, usage.io)).toBe(2);
    expect(usage.out.stderr).toContain("E_INPUT_MISSING: Input '--message' is required");
    const failed = io();
    expect(await runCli(['echo', '--message', 'm', '--fail-with', 'unexpected'], steps, failed.io)).toBe(1);
    expect(failed.out.stderr).toContain('error: unexpected error: boom');
    expect(failed.out.stderr).not.toContain('    at ');
    const bare = io();
    expect(await runCli([], steps, bare.io)).toBe(2);
    expect(bare.out.stdout).toBe('');
    expect(bare.out.stderr).toContain('Usage: image-publish <step>');
    const help = io();
    expect(await runCli(['--help'], steps, help.io)).toBe(0);
    expect(help.out.stdout).toContain('Usage: image-publish <step>');
    const debug = io();
    expect(await runCli(['echo', '--message', 'm', '--fail-with', 'unexpected', '--debug'], steps, debug.io)).toBe(1);
    expect(debug.out.stderr).toMatch(/TypeError: boom\n\s+at /);
  });
});

describe('--json failures', () => {
  const capture = () => {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env: {} } };
  };

  it('prints ok:false with the code, message and input for a usage error', async () => {
    const c = capture();
    expect(await runCli(['echo', '--mesage', 'x', '--json'], steps, c.io)).toBe(2);
    const doc = JSON.parse(c.out.stdout) as { ok: boolean; error: { code: string; message: string; input?: string }; outputs: object };
    expect(doc).toMatchObject({ ok: false, error: { code: 'E_INPUT_INVALID', input: 'mesage' }, outputs: {} });
    expect(doc.error.message).toContain("did you mean '--message'?");
  });

  it('prints ok:false for a missing input and for an unexpected failure', async () => {
    const missing = capture();
    expect(await runCli(['echo', '--json'], steps, missing.io)).toBe(2);
    expect(JSON.parse(missing.out.stdout)).toMatchObject({ ok: false, error: { code: 'E_INPUT_MISSING', input: '--message' }, outputs: {} });
    const boom = capture();
    expect(await runCli(['echo', '--message', 'm', '--fail-with', 'unexpected', '--json'], steps, boom.io)).toBe(1);
    expect(JSON.parse(boom.out.stdout)).toMatchObject({ ok: false, error: { code: 'E_UNEXPECTED', message: 'boom' } });
  });
});
