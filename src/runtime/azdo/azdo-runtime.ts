import * as tl from 'azure-pipelines-task-lib/task.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyStepSpec, StepOutputs } from '../../steps/step-spec.js';
import { executeStep } from '../shared/execute-step.js';
import { ConfigurationError, ErrorCodes } from '../../core/errors.js';
import { failureExitCode, failureStack, failureText } from '../shared/failure.js';
import { azdoOutputName, inputSpeller } from '../shared/input-names.js';
import { azdoRunInfo } from '../shared/run-info.js';
import { lifecycleFile, recordLifecycle } from '../shared/lifecycle-record.js';
import { SecretScrubber } from '../shared/secret-scrubber.js';
import { renderMarkdown } from '../shared/summary-render.js';
import { azdoCloud, azdoCredential, azdoSubscriptionId } from './azdo-credential.js';
import { AzdoLogger } from './azdo-logger.js';
import { readSecretInput } from './azdo-secret-read.js';

/** Entry of every Azure DevOps task (tasks/<Task>V1). */
export async function runAzdoStep(stepName: string, list: readonly AnyStepSpec[]): Promise<void> {
  const step = list.find((s) => s.name === stepName);
  if (step === undefined) {
    const error = new ConfigurationError(ErrorCodes.inputInvalid, `no step named '${stepName}'. Rebuild the extension.`);
    tl.setResult(tl.TaskResult.Failed, failureText(error));
    process.exitCode = failureExitCode(error);
    return;
  }
  const scrubber = new SecretScrubber();
  const logger = new AzdoLogger(scrubber);
  const workRoot = process.env.AGENT_TEMPDIRECTORY ?? tmpdir();
  const journal = lifecycleFile(process.env);
  const startedAt = Date.now();
  const outcome = await executeStep(step, {
    platform: 'azdo',
    logger,
    readInput: (inputName, spec) =>
      spec.secret
        ? readSecretInput(inputName)
        : spec.type === 'path'
          ? // An empty filePath input arrives as the sources folder; filePathSupplied tells it from a real path.
            tl.filePathSupplied(inputName)
            ? tl.getPathInput(inputName, false)
            : undefined
          : tl.getInput(inputName, false),
    run: azdoRunInfo(process.env),
    workDir: await mkdtemp(join(workRoot, `image-publish-${step.name}-`)),
    credential: (parsed, cloud) => azdoCredential(parsed, cloud, (s) => logger.mask(s)),
    defaultSubscriptionId: azdoSubscriptionId,
    defaultCloud: azdoCloud,
    ...(journal === undefined ? {} : { lifecycleFile: journal }),
  });

  // Output variables and the summary are written on failure too, so a re-run or a later job can resume.
  writeOutputs(outcome.outputs, step, logger);
  const failure = outcome.status === 'failed' ? scrubber.scrub(failureText(outcome.error, inputSpeller(step, 'azdo'))) : undefined;
  await recordLifecycle({ file: journal, step, outcome, startedAt, endedAt: Date.now(), failure, scrub: (t) => scrubber.scrub(t), warn: (m) => logger.warn(m) });
  const summary = outcome.summary ?? (failure === undefined ? undefined : { title: step.title, sections: [] });
  if (summary !== undefined) {
    const file = join(workRoot, `image-publish-${step.name}-summary.md`);
    await writeFile(file, scrubber.scrub(renderMarkdown(summary, failure, { mermaid: false })));
    // The attachment's name is the summary tab's title (uploadsummary would title it with the file name).
    tl.addAttachment('Distributedtask.Core.Summary', summaryTabTitle(summary.title), file);
  }
  if (outcome.status === 'failed') {
    const stack = failureStack(outcome.error);
    if (isDebug() && stack !== undefined) tl.debug(scrubber.scrub(stack));
    tl.setResult(tl.TaskResult.Failed, failure ?? 'unexpected error');
    // task-lib only sends task.complete; a non-zero exit (2 user error, 1 otherwise) also fails the step under wrappers that ignore it.
    process.exitCode = failureExitCode(outcome.error);
    return;
  }
  for (const warning of outcome.warnings) logger.warn(warning);
  if (outcome.status === 'succeeded-with-issues') {
    // Each warning is its own issue above; the result message only counts them, so none is reported twice.
    const count = outcome.warnings.length;
    tl.setResult(tl.TaskResult.SucceededWithIssues, `Finished with ${count} warning${count === 1 ? '' : 's'}.`);
  } else {
    tl.setResult(tl.TaskResult.Succeeded, '');
  }
}

function isDebug(): boolean {
  return (tl.getVariable('System.Debug') ?? '').toLowerCase() === 'true';
}

function writeOutputs(outputs: StepOutputs, step: AnyStepSpec, logger: AzdoLogger): void {
  for (const [name, value] of Object.entries(outputs)) {
    const secret = step.outputs[name]?.secret === true;
    const text = String(value);
    if (secret && text !== '') logger.mask(text);
    tl.setVariable(azdoOutputName(name), text, secret, true);
  }
}

/** "image-publish: Publish image version": readable, and says which extension wrote the tab. */
export function summaryTabTitle(title: string): string {
  // The agent ends a command property at ';' and a line at a newline: keep the title to one clean line.
  return `image-publish: ${title}`.replace(/[;\r\n]+/g, ' ').trim();
}
