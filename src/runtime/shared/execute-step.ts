import type { TokenCredential } from '@azure/core-auth';
import type { CloudEndpoints, ResolveCloudOptions } from '../../core/azure/clouds.js';
import { resolveCloudWithDiscovery } from '../../core/azure/cloud-metadata.js';
import { createAzureContext } from '../../core/azure/create-azure-context.js';
import { systemClock } from '../../core/clock.js';
import { AzureError, ConfigurationError, ErrorCodes, ImagePublishError } from '../../core/errors.js';
import { inputError } from '../../core/input-error.js';
import type { Logger } from '../../core/logger.js';
import type { DeploymentPort } from '../../core/rollout/ring-deployments.js';
import type { RunInfo } from '../../core/run-info.js';
import type { Summary } from '../../core/summary/summary.js';
import type { ImageConfig } from '../../core/config/image-config.js';
import { stepInputs } from '../../steps/common-inputs.js';
import type { AnyStepSpec, ParsedInputs, Platform, StepOutputs } from '../../steps/step-spec.js';
import { StepFailure } from '../../steps/step-failure.js';
import { lazyAzureContext } from './lazy-azure-context.js';
import { platformInputName } from './input-names.js';
import { parseInputs, type InputEnvironment, type RawInputReader } from './parse-inputs.js';
import { inputString } from '../../core/config/input-values.js';
import { fileJournal } from '../../core/lifecycle/lifecycle-journal.js';

const SAFETY_NET_MINUTES = 360;

/** What a runtime supplies to run a step on its platform. */
export interface StepHost {
  platform: Platform;
  logger: Logger;
  readInput: RawInputReader;
  /** Environment variables inputs may fall back to (GitHub and CLI); Azure DevOps has its service connection. */
  env?: InputEnvironment;
  run: RunInfo;
  workDir: string;
  /** Platform sign-in (OIDC, service connection, env); called only when the step first talks to Azure. */
  credential(parsed: ParsedInputs, cloud: CloudEndpoints): TokenCredential;
  /** Subscription when no input gives one (service connection data, AZURE_SUBSCRIPTION_ID). */
  defaultSubscriptionId?(parsed: ParsedInputs): string | undefined;
  /** Cloud when no cloud input is given (the service connection's environment). */
  defaultCloud?(parsed: ParsedInputs): ResolveCloudOptions | undefined;
  /** This job's lifecycle journal (runtime/shared/lifecycle-record.ts), handed to steps that report on the run. */
  lifecycleFile?: string;
  /** The platform's deployment records (GitHub Deployments), when it has them and a token to write them. */
  deployments?(parsed: ParsedInputs): DeploymentPort | undefined;
}

export type StepOutcome =
  | { status: 'succeeded' | 'succeeded-with-issues'; outputs: StepOutputs; summary?: Summary; warnings: readonly string[] }
  | { status: 'failed'; error: unknown; outputs: StepOutputs; summary?: Summary };

/**
 * The one flow every runtime shares: read inputs once, load image.yaml, resolve, build the StepContext, run.
 * Never throws: failures come back as an outcome so the runtime can still write outputs and the summary.
 */
export async function executeStep(step: AnyStepSpec, host: StepHost): Promise<StepOutcome> {
  const timer = new AbortController();
  let timeout: NodeJS.Timeout | undefined;
  try {
    const inputs = stepInputs(step, host.platform);
    const parsed = parseInputs(inputs, host.platform, host.readInput, (s) => host.logger.mask(s), host.env);
    const config = step.configScope === 'file' ? undefined : await loadConfig(parsed);
    const typed: unknown = step.resolve(parsed, config);
    const cloud = await resolveCloudWithDiscovery(cloudOptions(parsed, host));
    const azure = lazyAzureContext(() => {
      const subscriptionId = inputString(parsed['subscription-id']) ?? subscriptionFromConfig(config) ?? host.defaultSubscriptionId?.(parsed);
      if (subscriptionId === undefined) throw noSubscription(host.platform);
      return createAzureContext({
        credential: host.credential(parsed, cloud),
        cloud,
        subscriptionId,
        userAgentPrefix: `${host.platform}/${step.name}`,
      });
    });
    // Steps apply their own (image.yaml-aware) timeouts; without an explicit input this is only a safety net
    // at GitHub's 6-hour job limit, so a hung step still ends cleanly.
    const minutes = typeof parsed['timeout-minutes'] === 'number' ? parsed['timeout-minutes'] : SAFETY_NET_MINUTES;
    timeout = setTimeout(() => {
      timer.abort(new AzureError(ErrorCodes.timeout, `Step '${step.name}' did not finish within ${minutes} minutes (timeout-minutes). Re-run to resume, or raise timeout-minutes.`));
    }, minutes * 60_000);
    // The timer must not keep the process alive once the step is done.
    timeout.unref();
    const deployments = host.deployments?.(parsed);
    const result = await step.run(typed, {
      azure,
      logger: host.logger,
      clock: systemClock,
      signal: timer.signal,
      run: host.run,
      workDir: host.workDir,
      ...(host.lifecycleFile === undefined ? {} : { lifecycle: fileJournal(host.lifecycleFile) }),
      ...(deployments ? { deployments } : {}),
    });
    const warnings = result.warnings ?? [];
    return {
      status: warnings.length > 0 ? 'succeeded-with-issues' : 'succeeded',
      outputs: result.outputs,
      ...(result.summary === undefined ? {} : { summary: result.summary }),
      warnings,
    };
  } catch (error) {
    const reason: unknown = timer.signal.aborted && !(error instanceof ImagePublishError) ? timer.signal.reason : error;
    const partial = error instanceof StepFailure ? error : undefined;
    return {
      status: 'failed',
      error: partial?.cause ?? reason,
      outputs: partial?.outputs ?? {},
      ...(partial?.summary === undefined ? {} : { summary: partial.summary }),
    };
  } finally {
    clearTimeout(timeout);
  }
}

/**
 * Explicit cloud inputs win field by field over the platform's default (e.g. an Azure DevOps connection to a
 * custom cloud), so an `arm-audience` input alone still applies; a different named cloud replaces it whole.
 */
function cloudOptions(parsed: ParsedInputs, host: StepHost): ResolveCloudOptions {
  const explicit: ResolveCloudOptions = {
    cloud: inputString(parsed.cloud),
    armEndpoint: inputString(parsed['arm-endpoint']),
    authorityHost: inputString(parsed['authority-host']),
    armAudience: inputString(parsed['arm-audience']),
  };
  const fallback = explicit.cloud !== undefined || explicit.armEndpoint !== undefined ? {} : (host.defaultCloud?.(parsed) ?? {});
  const merged: ResolveCloudOptions = { ...fallback };
  for (const [key, value] of Object.entries(explicit) as [keyof ResolveCloudOptions, string | undefined][]) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

async function loadConfig(parsed: ParsedInputs): Promise<ImageConfig | undefined> {
  const path = inputString(parsed.config);
  const image = inputString(parsed.image);
  if (path === undefined && image !== undefined) {
    throw inputError(ErrorCodes.inputMissing, 'image', "picks one image of an image.yaml, but no input 'config' names the file. Set config, or remove image.");
  }
  if (path === undefined) return undefined;
  // Imported only when there is an image.yaml: its YAML parser and schemas are not on the path to Azure otherwise.
  const { loadImageConfig } = await import('../../core/config/load-image-config.js');
  return loadImageConfig(path, image);
}

function subscriptionFromConfig(config: ImageConfig | undefined): string | undefined {
  return config?.gallery?.subscriptionId;
}

/** Names every place a subscription can come from, spelled as on the platform the step runs on. */
function noSubscription(platform: Platform): ConfigurationError {
  const input = platformInputName('subscription-id', { type: 'string', description: '' }, platform);
  const ambient =
    platform === 'azdo'
      ? 'or use a service connection scoped to a subscription'
      : platform === 'github'
        ? "or set AZURE_SUBSCRIPTION_ID once in the job's env (azure/login's session also gives one)"
        : 'or export AZURE_SUBSCRIPTION_ID (an az login session also gives one)';
  return new ConfigurationError(
    ErrorCodes.inputMissing,
    `No Azure subscription: set the '${input}' input, 'gallery.subscriptionId' in image.yaml, ${ambient}.`,
  );
}
