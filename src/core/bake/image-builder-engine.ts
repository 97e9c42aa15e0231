import { createHash } from 'node:crypto';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageBuilderClient, ImageTemplate } from '@azure/arm-imagebuilder';
import type { AzureContext } from '../azure/azure-context.js';
import { toImagePublishError } from '../azure/azure-errors.js';
import type { Clock } from '../clock.js';
import { AzureError, ConfigurationError, ErrorCodes } from '../errors.js';
import type { Logger } from '../logger.js';
import { TAG_PREFIX } from '../tags/provenance-tags.js';
import { waitForPoller } from '../wait/wait-for-poller.js';
import type { ImageBuilderBakeInputs } from './bake-config.js';
import { writeBakeManifest, type BakeManifest } from './bake-manifest.js';
import { describeRun, isRunning, runFailure, waitForRun } from './image-builder-run.js';
import { buildImageTemplate, CONTENT_TAG, OWNER_TAG, OWNER_VALUE, RUN_OUTPUT_NAME, stableJson } from './image-builder-template.js';

export interface ImageBuilderBakeResult {
  manifest: BakeManifest;
  manifestPath: string;
  buildLog: string;
  templateId: string;
  /** The run output's artifact: a managed image id or a gallery image version id. */
  artifactId: string;
  imageId?: string;
  galleryVersionId?: string;
  /** False when a finished build of the same template was reused. */
  built: boolean;
  cleanedUp: boolean;
}

export interface ImageBuilderDeps {
  azure: AzureContext;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
  workDir: string;
  /** How often lastRunStatus is read (default 30 s: AIB builds take tens of minutes). */
  pollIntervalMs?: number;
  /** Tests pass a client with test-sized retries; default: built from `azure`. */
  client?: ImageBuilderClient;
}

const DEFAULT_POLL_MS = 30_000;

/**
 * Bakes with Azure Image Builder: creates the template (or reuses the one of this version), runs it, follows
 * lastRunStatus, and reads the run output's artifact. Idempotent: a re-run attaches to a running build, reuses a
 * finished one, and replaces a failed or changed template only when image-publish created it.
 */
export async function bakeWithImageBuilder(inputs: ImageBuilderBakeInputs, deps: ImageBuilderDeps): Promise<ImageBuilderBakeResult> {
  const { logger, clock, signal } = deps;
  // Imported here: bake's module (and so `--help`, and a disk bake) loads @azure/arm-imagebuilder only for this engine.
  const client = deps.client ?? (await import('./image-builder-client.js')).imageBuilderClient(deps.azure);
  const templates = client.virtualMachineImageTemplates;
  const { resourceGroup, templateName: name } = inputs;
  const where = `image template ${name} in resource group ${resourceGroup}`;
  await mkdir(deps.workDir, { recursive: true });
  const buildLog = join(deps.workDir, `image-builder-${name}.log`);
  await writeFile(buildLog, '');
  const record = (line: string) => appendFile(buildLog, `${new Date(clock.now()).toISOString()} ${line}\n`);

  const artifactTags: Record<string, string> = inputs.imageVersion ? { [`${TAG_PREFIX}version`]: inputs.imageVersion } : {};
  const desired = buildImageTemplate(inputs, deps.azure.subscriptionId, artifactTags);
  const contentHash = createHash('sha256').update(stableJson(desired)).digest('hex');
  desired.tags = { [OWNER_TAG]: OWNER_VALUE, [CONTENT_TAG]: contentHash };
  const waitBase = { logger, clock, signal, timeoutMs: inputs.timeoutMs, progressEveryMs: inputs.progressIntervalSeconds * 1000 };

  let existing = await azureGet(() => templates.get(resourceGroup, name, { abortSignal: signal }), `reading ${where}`);
  let attach = false;
  if (existing) {
    const owned = existing.tags?.[OWNER_TAG] === OWNER_VALUE;
    const same = existing.tags?.[CONTENT_TAG] === contentHash;
    const state = existing.lastRunStatus?.runState;
    if (same && isRunning(existing.lastRunStatus)) {
      logger.info(`The ${where} is already building (${describeRun(existing.lastRunStatus)}); following that build`);
      attach = true;
    } else if (same && (state === 'Succeeded' || state === 'PartiallySucceeded')) {
      const artifact = await readArtifact(client, inputs, signal);
      if (artifact) {
        logger.info(`The ${where} already built ${artifact}; reusing it`);
        await record(`reused finished build: ${artifact}`);
        return finish(inputs, deps, client, { artifact, built: false, buildLog, templateId: existing.id ?? '' });
      }
    } else if (!same) {
      if (!owned) {
        throw new ConfigurationError(
          ErrorCodes.templateConflict,
          `The ${where} exists with other settings and was not created by image-publish (no ${OWNER_TAG} tag). Nothing was changed. ` +
            'Choose another bake.templateName or image version, or delete that template.',
        );
      }
      if (isRunning(existing.lastRunStatus)) {
        throw new ConfigurationError(
          ErrorCodes.templateConflict,
          `The ${where} was created from other settings and is still building (${describeRun(existing.lastRunStatus)}). Nothing was changed. ` +
            `Wait for it, or cancel it (az image builder cancel -g ${resourceGroup} -n ${name}), then re-run.`,
        );
      }
      // AIB cannot update a template's content in place: replace our own outdated template.
      logger.info(`The ${where} was created from other settings; deleting it to recreate it`);
      await waitForPoller(templates.delete(resourceGroup, name, { abortSignal: signal }), { ...waitBase, label: `deleting ${name}` }).catch((e: unknown) => {
        throw toImagePublishError(e, `deleting ${where}`);
      });
      existing = undefined;
    }
  }

  if (!existing) {
    logger.info(`Creating ${where} (${inputs.source.kind} source, ${inputs.customizers.length} customizers)`);
    existing = await waitForPoller(templates.createOrUpdate(resourceGroup, name, desired, { abortSignal: signal }), { ...waitBase, label: `creating ${name}` }).catch(
      (e: unknown) => {
        throw toImagePublishError(e, `creating ${where}`);
      },
    );
  }
  const templateId = existing.id ?? '';
  if (!attach) {
    logger.info(`Starting the build of ${where}`);
    await record('run started');
    try {
      await templates.run(resourceGroup, name, { abortSignal: signal }).submitted();
    } catch (e) {
      throw toImagePublishError(e, `starting the build of ${where}`);
    }
  }
  const status = await waitForRun(client, {
    ...waitBase,
    resourceGroup,
    templateName: name,
    pollIntervalMs: deps.pollIntervalMs ?? DEFAULT_POLL_MS,
    onPhase: (line) => void record(line),
  });
  if (status.runState !== 'Succeeded' && status.runState !== 'PartiallySucceeded') {
    const failure = runFailure(name, resourceGroup, status);
    await record(failure.message);
    throw failure;
  }
  const artifact = await readArtifact(client, inputs, signal);
  if (!artifact) {
    throw new AzureError(
      ErrorCodes.bakeFailed,
      `The build of ${where} succeeded but its run output '${RUN_OUTPUT_NAME}' carries no artifact id. Check the template's distribute settings.`,
    );
  }
  await record(`artifact: ${artifact}`);
  return finish(inputs, deps, client, { artifact, built: true, buildLog, templateId });
}

async function azureGet<T>(read: () => Promise<T>, doing: string): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw toImagePublishError(error, doing);
  }
}

async function readArtifact(client: ImageBuilderClient, inputs: ImageBuilderBakeInputs, signal: AbortSignal): Promise<string | undefined> {
  const output = await azureGet(
    () => client.virtualMachineImageTemplates.getRunOutput(inputs.resourceGroup, inputs.templateName, RUN_OUTPUT_NAME, { abortSignal: signal }),
    `reading run output ${RUN_OUTPUT_NAME} of image template ${inputs.templateName}`,
  );
  return output?.artifactId || undefined;
}

async function finish(
  inputs: ImageBuilderBakeInputs,
  deps: ImageBuilderDeps,
  client: ImageBuilderClient,
  r: { artifact: string; built: boolean; buildLog: string; templateId: string },
): Promise<ImageBuilderBakeResult> {
  const isGallery = /\/providers\/Microsoft\.Compute\/galleries\/[^/]+\/images\/[^/]+\/versions\//i.test(r.artifact);
  let cleanedUp = false;
  if (inputs.cleanup) {
    deps.logger.info(`Deleting image template ${inputs.templateName} (cleanup)`);
    await waitForPoller(client.virtualMachineImageTemplates.delete(inputs.resourceGroup, inputs.templateName, { abortSignal: deps.signal }), {
      label: `deleting ${inputs.templateName}`, logger: deps.logger, clock: deps.clock, signal: deps.signal, timeoutMs: inputs.timeoutMs,
    }).catch((e: unknown) => {
      throw toImagePublishError(e, `deleting image template ${inputs.templateName} (cleanup)`);
    });
    cleanedUp = true;
  }
  const manifest: BakeManifest = {
    schemaVersion: 1,
    engine: 'image-builder',
    ...(isGallery ? { galleryVersionId: r.artifact } : { imageId: r.artifact }),
    artifacts: [r.artifact],
    buildLog: r.buildLog,
    createdAt: new Date(deps.clock.now()).toISOString(),
  };
  const manifestPath = await writeBakeManifest(inputs.manifestPath ?? join(deps.workDir, 'bake-manifest.json'), manifest);
  return {
    manifest, manifestPath, buildLog: r.buildLog, templateId: r.templateId, artifactId: r.artifact, built: r.built, cleanedUp,
    ...(isGallery ? { galleryVersionId: r.artifact } : { imageId: r.artifact }),
  };
}
