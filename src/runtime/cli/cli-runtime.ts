import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyStepSpec, StepOutputs } from '../../steps/step-spec.js';
import { failureExitCode, failureStack, failureText } from '../shared/failure.js';
import { cliRunInfo } from '../shared/run-info.js';
import { SecretScrubber } from '../shared/secret-scrubber.js';
import { renderText } from '../shared/summary-render.js';
import { parseCliArgs } from './cli-args.js';
import { renderMainHelp, renderStepHelp } from './cli-help.js';
import { CliLogger } from './cli-logger.js';

/** Where the CLI writes; injectable so tests can capture both streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** `image-publish ...`: returns the exit code (0 ok, 1 step failed, 2 usage or configuration error). */
export async function runCli(argv: readonly string[], list: readonly AnyStepSpec[], io: CliIo = processIo): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv, list);
  } catch (error) {
    io.stderr(`${failureText(error)}\n`);
    return failureExitCode(error);
  }
  switch (command.kind) {
    case 'help':
      io.stdout(renderMainHelp(list));
      return 0;
    case 'version':
      io.stdout('image-publish 0.1.0\n');
      return 0;
    case 'step-help':
      io.stdout(renderStepHelp(command.step));
      return 0;
    case 'emulator':
      return runEmulator(command.argv, io);
    case 'run':
      break;
  }
  const { step, values, json, debug } = command;
  // Imported once the command is a run, so --help and --version load no SDK (src/runtime/bundle-entry.ts).
  const [{ executeStep }, { cliCredential }] = await Promise.all([import('../shared/execute-step.js'), import('./cli-credential.js')]);
  const scrubber = new SecretScrubber();
  const logger = new CliLogger(scrubber, debug, (line) => io.stderr(`${line}\n`));
  const outcome = await executeStep(step, {
    platform: 'cli',
    logger,
    readInput: (label) => values.get(label.replace(/^--/, '')),
    run: cliRunInfo(io.env),
    workDir: await mkdtemp(join(tmpdir(), `image-publish-${step.name}-`)),
    credential: (parsed, cloud) => cliCredential(parsed, cloud, io.env, (s) => logger.mask(s)),
    defaultSubscriptionId: () => io.env.AZURE_SUBSCRIPTION_ID || undefined,
  });
  printOutputs(outcome.outputs, step, json, io, scrubber);
  const failure = outcome.status === 'failed' ? scrubber.scrub(failureText(outcome.error)) : undefined;
  if (outcome.summary !== undefined) io.stderr(`\n${scrubber.scrub(renderText(outcome.summary))}`);
  if (outcome.status === 'failed') {
    const stack = failureStack(outcome.error);
    if (debug && stack !== undefined) io.stderr(`${scrubber.scrub(stack)}\n`);
    io.stderr(`error: ${failure ?? 'unexpected error'}\n`);
    return failureExitCode(outcome.error);
  }
  for (const warning of outcome.warnings) logger.warn(warning);
  return 0;
}

function printOutputs(outputs: StepOutputs, step: AnyStepSpec, json: boolean, io: CliIo, scrubber: SecretScrubber): void {
  // Secret outputs are redacted even on stdout: the CLI has no masked channel to hand them over safely.
  const shown = Object.fromEntries(
    Object.entries(outputs).map(([name, value]) => [name, step.outputs[name]?.secret ? '***' : value]),
  );
  if (json) {
    io.stdout(`${scrubber.scrub(JSON.stringify(shown, null, 2))}\n`);
    return;
  }
  for (const [name, value] of Object.entries(shown)) io.stdout(`${name}=${scrubber.scrub(String(value))}\n`);
}

async function runEmulator(argv: string[], _io: CliIo): Promise<number> {
  // Imported only for this sub-command (ncc puts it in its own chunk), so steps never load emulator code.
  const { runEmulatorCli } = await import('../../emulator/emulator-cli.js');
  return runEmulatorCli(argv);
}
