import * as core from '@actions/core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyStepSpec, StepOutputs } from '../../steps/step-spec.js';
import { ambientSubscriptionId } from '../shared/ambient-subscription.js';
import { executeStep } from '../shared/execute-step.js';
import { ConfigurationError, ErrorCodes } from '../../core/errors.js';
import { failureExitCode, failureStack, failureText } from '../shared/failure.js';
import { inputSpeller } from '../shared/input-names.js';
import { githubRunInfo } from '../shared/run-info.js';
import { lifecycleFile, recordLifecycle } from '../shared/lifecycle-record.js';
import { SecretScrubber } from '../shared/secret-scrubber.js';
import { renderMarkdown } from '../shared/summary-render.js';
import { githubCredential, githubCredentialSpec } from './github-credential.js';
import { githubDeploymentPort } from './github-deployments.js';
import { foreignRootInputs } from './root-action-inputs.js';
import { GithubLogger } from './github-logger.js';

/** The root action's `step` input. */
export function stepInput(): string {
  return core.getInput('step');
}

/**
 * Entry of every GitHub Action: runs the step called `name` out of `list` (src/runtime/bundle-entry.ts loads it).
 * For the root action (`root`), `list` holds every step, so an input meant for another step can be named.
 */
export async function runGithubStep(name: string, list: readonly AnyStepSpec[], options: { root?: boolean } = {}): Promise<void> {
  const step = list.find((s) => s.name === name);
  if (step === undefined) {
    const error = new ConfigurationError(ErrorCodes.inputInvalid, `Input 'step' value '${name}' is not a step. Use one of: ${list.map((s) => s.name).join(', ')}.`);
    core.setFailed(failureText(error));
    process.exitCode = failureExitCode(error);
    return;
  }
  if (options.root === true) {
    // The root action declares every step's inputs; one meant for another step would otherwise be ignored silently.
    const foreign = foreignRootInputs(step, list, process.env);
    if (foreign !== undefined) {
      core.setFailed(foreign);
      // A user error that changed nothing, like every other one (2, not 1).
      process.exitCode = 2;
      return;
    }
  }
  const scrubber = new SecretScrubber();
  const logger = new GithubLogger(scrubber);
  const mask = (secret: string): void => logger.mask(secret);
  const journal = lifecycleFile(process.env);
  const startedAt = Date.now();
  const outcome = await executeStep(step, {
    platform: 'github',
    logger,
    // getInput reads INPUT_<NAME> with the runner's naming rules and trims whitespace.
    readInput: (inputName, spec) => core.getInput(inputName, { trimWhitespace: !spec.secret }),
    env: process.env,
    run: githubRunInfo(process.env),
    workDir: await mkdtemp(join(process.env.RUNNER_TEMP ?? tmpdir(), `image-publish-${step.name}-`)),
    credential: (parsed, cloud) => githubCredential(parsed, cloud, process.env, mask),
    // After azure/login, DefaultAzureCredential signs in through the az session: its subscription is the one meant.
    defaultSubscriptionId: (parsed) => ambientSubscriptionId(process.env, () => githubCredentialSpec(parsed, process.env, mask).kind === 'default'),
    ...(journal === undefined ? {} : { lifecycleFile: journal }),
    deployments: (parsed) => githubDeploymentPort(parsed, process.env, mask),
  });

  // Outputs and summary are written on failure too, so a re-run or a later step can see how far it got.
  writeOutputs(outcome.outputs, step, logger);
  const failure = outcome.status === 'failed' ? scrubber.scrub(failureText(outcome.error, inputSpeller(step, 'github'))) : undefined;
  await recordLifecycle({ file: journal, step, outcome, startedAt, endedAt: Date.now(), failure, scrub: (t) => scrubber.scrub(t), warn: (m) => logger.warn(m) });
  const summary = outcome.summary ?? (failure === undefined ? undefined : { title: step.title, sections: [] });
  if (summary !== undefined && process.env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(scrubber.scrub(renderMarkdown(summary, failure))).write();
  }
  if (outcome.status === 'failed') {
    const stack = failureStack(outcome.error);
    if ((core.isDebug() || process.env.ACTIONS_STEP_DEBUG === 'true') && stack !== undefined) core.debug(scrubber.scrub(stack));
    core.setFailed(failure ?? 'unexpected error');
    // After the failure line, so the first error annotation stays the E_CODE one that tools and users look for.
    await annotateConfigIssues(outcome.error, scrubber);
    // Exit 2 for a user error (nothing changed in Azure), 1 for any other failure, as the CLI does.
    process.exitCode = failureExitCode(outcome.error);
    return;
  }
  for (const warning of outcome.warnings) logger.warn(warning);
}

function writeOutputs(outputs: StepOutputs, step: AnyStepSpec, logger: GithubLogger): void {
  for (const [name, value] of Object.entries(outputs)) {
    const text = String(value);
    if (step.outputs[name]?.secret && text !== '') logger.mask(text);
    core.setOutput(name, text);
  }
}

/** image.yaml problems with a known position become file annotations, so GitHub marks the line in the diff. */
async function annotateConfigIssues(error: unknown, scrubber: SecretScrubber): Promise<void> {
  // Imported on failure only: image.yaml's parser and schemas are not on a step's path unless it reads image.yaml.
  const { ImageConfigError } = await import('../../core/config/config-issues.js');
  if (!(error instanceof ImageConfigError)) return;
  for (const issue of error.issues) {
    const message = `${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
    core.error(scrubber.scrub(message), { title: 'image.yaml', file: issue.file, startLine: issue.line, startColumn: issue.column });
  }
}
