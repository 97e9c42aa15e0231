import type { ImageBuilderClient, ImageTemplate, ImageTemplateLastRunStatus } from '@azure/arm-imagebuilder';
import { toImagePublishError } from '../azure/azure-errors.js';
import type { Clock } from '../clock.js';
import { AzureError, ErrorCodes, type ImagePublishError } from '../errors.js';
import type { Logger } from '../logger.js';
import { waitUntil } from '../wait/wait-for-poller.js';

/** Drops the query string (a SAS) from every URL in `text`: AIB's messages carry signed log URLs. */
export function stripSas(text: string): string {
  return text.replace(/(https?:\/\/[^\s?'"<>()]+)\?[^\s'"<>()]*/g, '$1');
}

/** The customization.log URL in an AIB failure message, without its SAS. */
export function customizationLogUri(message: string | undefined): string | undefined {
  const m = /https?:\/\/[^\s'"<>()]*customization[^\s'"<>()?]*\.log/i.exec(message ?? '');
  return m?.[0];
}

/** "Running/Customizing", "Succeeded": how a run status reads in a progress line. */
export function describeRun(status: ImageTemplateLastRunStatus | undefined): string {
  if (!status?.runState) return 'queued';
  return status.runSubState && status.runState === 'Running' ? `${status.runState}/${status.runSubState}` : status.runState;
}

export function isRunning(status: ImageTemplateLastRunStatus | undefined): boolean {
  return status?.runState === 'Running' || status?.runState === 'Canceling';
}

export interface RunWaitOptions {
  resourceGroup: string;
  templateName: string;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
  timeoutMs: number;
  pollIntervalMs: number;
  progressEveryMs: number;
  /** Receives each new phase line (the engine keeps them as the local build log). */
  onPhase?: (line: string) => void;
}

/**
 * Polls the template's lastRunStatus until the run leaves Running, logging one line per phase change plus
 * the steady progress ticker of withWaitScope. Returns the final status; never throws on a failed run.
 */
export async function waitForRun(client: ImageBuilderClient, o: RunWaitOptions): Promise<ImageTemplateLastRunStatus> {
  let lastPhase = '';
  const templates = client.virtualMachineImageTemplates;
  const final = await waitUntil<ImageTemplate>(
    async (signal) => {
      let template: ImageTemplate;
      try {
        template = await templates.get(o.resourceGroup, o.templateName, { abortSignal: signal });
      } catch (error) {
        throw toImagePublishError(error, `reading the status of image template ${o.templateName}`);
      }
      const phase = describeRun(template.lastRunStatus);
      if (phase !== lastPhase) {
        lastPhase = phase;
        const line = `Image Builder ${o.templateName}: ${phase}`;
        o.logger.info(line);
        o.onPhase?.(line);
      }
      return template;
    },
    (t) => !isRunning(t.lastRunStatus),
    (t) => describeRun(t?.lastRunStatus),
    {
      label: `building ${o.templateName}`,
      logger: o.logger,
      clock: o.clock,
      signal: o.signal,
      timeoutMs: o.timeoutMs,
      progressEveryMs: o.progressEveryMs,
      intervalMs: o.pollIntervalMs,
      resumeHint: 're-run the step to keep waiting (it attaches to the running build)',
    },
  );
  return final.lastRunStatus ?? {};
}

/** E_BAKE_FAILED for a run that ended Failed or Canceled, naming the customization log (SAS stripped). */
export function runFailure(templateName: string, resourceGroup: string, status: ImageTemplateLastRunStatus): ImagePublishError {
  const message = stripSas(status.message ?? '').trim();
  const log = customizationLogUri(message);
  if (status.runState === 'Canceled') {
    return new AzureError(
      ErrorCodes.bakeFailed,
      `Azure Image Builder build of template ${templateName} (resource group ${resourceGroup}) was canceled. Re-run the step to build again.`,
    );
  }
  return new AzureError(
    ErrorCodes.bakeFailed,
    `Azure Image Builder build of template ${templateName} (resource group ${resourceGroup}) failed` +
      `${status.runSubState ? ` while ${status.runSubState.toLowerCase()}` : ''}: ${message || 'no message'}. ` +
      (log
        ? `Customization log: ${log} (in the staging resource group's storage account; read it with your Azure sign-in). `
        : '') +
      'The template is kept for diagnosis; fix the customizer in image.yaml and re-run (a changed template replaces this one).',
  );
}
