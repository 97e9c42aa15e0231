import { appendFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_VERSION } from '../../core/product-version.js';
import type { AnyStepSpec, StepOutputs } from '../../steps/step-spec.js';
import { failureExitCode, failureJson, failureStack, failureText } from '../shared/failure.js';
import { inputSpeller } from '../shared/input-names.js';
import { cliRunInfo } from '../shared/run-info.js';
import { lifecycleFile, recordLifecycle } from '../shared/lifecycle-record.js';
import { SecretScrubber } from '../shared/secret-scrubber.js';
import { renderMarkdown, renderText } from '../shared/summary-render.js';
import { parseCliArgs } from './cli-args.js';
import { ambientSubscriptionId } from '../shared/ambient-subscription.js';
import { renderCompletionHelp, renderMainHelp, renderStepHelp } from './cli-help.js';
import { completionScript } from './completion.js';
import { runEmulator } from './emulator-command.js';
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
    if (argv.includes('--json')) io.stdout(`${JSON.stringify(failureJson(error, {}), null, 2)}\n`);
    io.stderr(`error: ${failureText(error)}\n`);
    return failureExitCode(error);
  }
  switch (command.kind) {
    case 'usage':
      io.stderr(renderMainHelp(list));
      return 2;
    case 'help':
      io.stdout(renderMainHelp(list));
      return 0;
    case 'version':
      io.stdout(`image-publish ${PRODUCT_VERSION}\n`);
      return 0;
    case 'step-help':
      io.stdout(renderStepHelp(command.step));
      return 0;
    case 'emulator':
      return runEmulator(command.argv, io);
    case 'completion':
      io.stdout(completionScript(command.shell, list));
      return 0;
    case 'completion-help':
      io.stdout(renderCompletionHelp());
      return 0;
    case 'run':
      break;
  }
  const { step, values, json, debug, runId } = command;
  // Imported once the command is a run, so --help and --version load no SDK (src/runtime/bundle-entry.ts).
  const [{ executeStep }, { cliCredential, cliSignInKind }] = await Promise.all([import('../shared/execute-step.js'), import('./cli-credential.js')]);
  const scrubber = new SecretScrubber();
  const logger = new CliLogger(scrubber, debug, (line) => io.stderr(`${line}\n`));
  const journal = lifecycleFile(io.env);
  const startedAt = Date.now();
  const outcome = await executeStep(step, {
    platform: 'cli',
    logger,
    readInput: (label) => values.get(label.replace(/^--/, '')),
    env: io.env,
    run: cliRunInfo(io.env, runId),
    workDir: await mkdtemp(join(tmpdir(), `image-publish-${step.name}-`)),
    credential: (parsed, cloud) => cliCredential(parsed, cloud, io.env, (s) => logger.mask(s)),
    // Signed in through `az login` (DefaultAzureCredential): the session's subscription is the one meant.
    defaultSubscriptionId: (parsed) => ambientSubscriptionId(io.env, () => cliSignInKind(parsed, io.env) === 'default'),
    ...(journal === undefined ? {} : { lifecycleFile: journal }),
  });
  // Errors name inputs as flags (--regions), the way they are written on this command line.
  const spell = inputSpeller(step, 'cli');
  if (json && outcome.status === 'failed') io.stdout(`${scrubber.scrub(JSON.stringify(failureJson(outcome.error, shownOutputs(outcome.outputs, step), spell), null, 2))}\n`);
  else printOutputs(outcome.outputs, step, json, io, scrubber);
  const failure = outcome.status === 'failed' ? scrubber.scrub(failureText(outcome.error, spell)) : undefined;
  await recordLifecycle({ file: journal, step, outcome, startedAt, endedAt: Date.now(), failure, scrub: (t) => scrubber.scrub(t), warn: (m) => logger.warn(m) });
  if (outcome.summary !== undefined) io.stderr(`\n${scrubber.scrub(renderText(outcome.summary))}`);
  // The markdown a GitHub job would show, for docs tooling (the demo's --summaries, scripts/screenshots.ts).
  const markdownFile = io.env.IMAGE_PUBLISH_SUMMARY_FILE;
  if (outcome.summary !== undefined && markdownFile) await appendFile(markdownFile, scrubber.scrub(renderMarkdown(outcome.summary, failure)));
  if (outcome.status === 'failed') {
    const stack = failureStack(outcome.error);
    if (debug && stack !== undefined) io.stderr(`${scrubber.scrub(stack)}\n`);
    io.stderr(`error: ${failure ?? 'unexpected error'}\n`);
    return failureExitCode(outcome.error);
  }
  for (const warning of outcome.warnings) logger.warn(warning);
  return 0;
}

/** Secret outputs are redacted even on stdout: the CLI has no masked channel to hand them over safely. */
function shownOutputs(outputs: StepOutputs, step: AnyStepSpec): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, step.outputs[name]?.secret ? '***' : value]));
}

function printOutputs(outputs: StepOutputs, step: AnyStepSpec, json: boolean, io: CliIo, scrubber: SecretScrubber): void {
  const shown = shownOutputs(outputs, step);
  if (json) {
    io.stdout(`${scrubber.scrub(JSON.stringify(shown, null, 2))}\n`);
    return;
  }
  for (const [name, value] of Object.entries(shown)) io.stdout(`${name}=${scrubber.scrub(String(value))}\n`);
}
