import { randomUUID } from 'node:crypto';
import type { GalleryImageVersion } from '@azure/arm-compute';
import type { AzureContext } from '../azure/azure-context.js';
import { toImagePublishError as translate } from '../azure/azure-errors.js';
import { AzureError, ConfigurationError, ErrorCodes, ImagePublishError } from '../errors.js';
import { reportProgress, type Logger } from '../logger.js';
import { ProvenanceTagKeys } from '../tags/provenance-tags.js';
import { type Bump, bumpVersion, formatVersion, highestVersion } from '../versioning/gallery-version.js';
import { type VersionRequest, candidateVersion } from '../versioning/version-request.js';
import { waitForPoller, waitUntil } from '../wait/wait-for-poller.js';
import type { WaitOptions } from '../wait/wait-options.js';
import { azureCall, azureGetOrUndefined, isConflict } from '../azure/azure-call.js';
import type { GalleryTarget } from './gallery-setup.js';
import { VersionIntents } from './version-intent.js';
import { claimValue, claimedByRun, classifyExisting } from './version-state.js';

/** Everything needed to create or find the version. */
export interface VersionJob {
  azure: AzureContext;
  logger: Logger;
  target: GalleryTarget;
  request: VersionRequest;
  /** The source id or VHD URI, compared with existing versions' sources. */
  sourceIdentity: string;
  body: GalleryImageVersion;
  runId: string | undefined;
  replaceFailed: boolean;
  wait: Omit<WaitOptions, 'label'>;
  /** Poll interval for re-reading a version whose poller was lost; default 10 s. */
  pollIntervalMs?: number;
  /** Tells the SDK poller how often to poll when ARM sends no Retry-After. */
  updateIntervalInMs?: number;
}

/** The read-only decision about the version, taken before anything is written. */
export type VersionPlan =
  | { action: 'reuse'; name: string; existing: GalleryImageVersion; notice?: string }
  | { action: 'replace-failed'; name: string; existing: GalleryImageVersion }
  | { action: 'create'; name: string }
  | { action: 'claim-next'; existingNames: string[] };

/**
 * Reads the definition's versions and decides, before any change: reuse (same source), replace (Failed,
 * with replace-failed), create a fixed name, or claim the next free `auto` number. Throws E_VERSION_EXISTS
 * when the name holds another source, and a clear error for a Failed version without replace-failed.
 */
export async function planVersion(
  job: Pick<VersionJob, 'azure' | 'target' | 'request' | 'sourceIdentity' | 'runId' | 'replaceFailed'>,
  definitionExists: boolean,
  now: Date,
  runNumber: number | undefined,
): Promise<VersionPlan> {
  const { resourceGroup, gallery, image } = job.target;
  const versions: GalleryImageVersion[] = [];
  if (definitionExists) {
    await azureCall(`listing versions of image definition '${gallery}/${image}'`, async () => {
      for await (const v of job.azure.compute().galleryImageVersions.listByGalleryImage(resourceGroup, gallery, image)) versions.push(v);
    });
  }
  if (job.request.kind === 'auto') {
    // A re-run of the same CI run (e.g. after the runner died) resumes its own version instead of taking a new number.
    const mine = versions.find((v) => claimedByRun(v, job.runId) && classifyExisting(v, job.sourceIdentity) !== 'other-source');
    if (mine?.name) return decideExisting(mine.name, mine, job);
    // Without a run identity a re-run cannot recognise its own version; a recent one of this source is the best evidence.
    const recent = job.runId === undefined ? newestRecentOfSource(versions, job.sourceIdentity, now) : undefined;
    if (recent?.name) {
      const plan = decideExisting(recent.name, recent, job);
      if (plan.action !== 'reuse') return plan;
      return {
        ...plan,
        notice:
          `This run has no run identity (set --run-id, or run in a CI system), and version ${recent.name} of the same source was ` +
          `published ${recent.publishingProfile?.publishedDate?.toISOString() ?? 'recently'}: reusing it instead of publishing a duplicate. ` +
          `Give a different --run-id to publish a new version.`,
      };
    }
    // replace-failed: a Failed version of this source is recreated under its own number rather than left behind.
    const failed = job.replaceFailed ? newestFailedOfSource(versions, job.sourceIdentity) : undefined;
    if (failed?.name) return { action: 'replace-failed', name: failed.name, existing: failed };
    return { action: 'claim-next', existingNames: versions.map((v) => v.name ?? '') };
  }
  const name = formatVersion(candidateVersion(job.request, [], now, runNumber));
  const existing = versions.find((v) => v.name === name);
  return existing ? decideExisting(name, existing, job) : { action: 'create', name };
}

/** How far back a run without identity looks for a version of its source (a crashed run's re-run comes within hours). */
export const RECENT_SAME_SOURCE_MS = 12 * 60 * 60 * 1000;

function newestRecentOfSource(versions: GalleryImageVersion[], sourceIdentity: string, now: Date): GalleryImageVersion | undefined {
  const recent = versions.filter((v) => {
    const published = v.publishingProfile?.publishedDate?.getTime();
    return v.name !== undefined && classifyExisting(v, sourceIdentity) !== 'other-source' && published !== undefined && now.getTime() - published < RECENT_SAME_SOURCE_MS;
  });
  const highest = highestVersion(recent.map((v) => v.name ?? ''));
  return highest ? recent.find((v) => v.name === formatVersion(highest)) : undefined;
}

function newestFailedOfSource(versions: GalleryImageVersion[], sourceIdentity: string): GalleryImageVersion | undefined {
  const failed = versions.filter((v) => v.name !== undefined && classifyExisting(v, sourceIdentity) === 'same-source-failed');
  const highest = highestVersion(failed.map((v) => v.name ?? ''));
  return highest ? failed.find((v) => v.name === formatVersion(highest)) : undefined;
}

function decideExisting(name: string, existing: GalleryImageVersion, job: Pick<VersionJob, 'target' | 'sourceIdentity' | 'replaceFailed'>): VersionPlan {
  const where = `${job.target.gallery}/${job.target.image}/${name}`;
  switch (classifyExisting(existing, job.sourceIdentity)) {
    case 'other-source':
      throw new ConfigurationError(
        ErrorCodes.versionExists,
        `Image version ${where} already exists from another source (${existingSource(existing)}); this run publishes ` +
          `'${job.sourceIdentity}'. Versions are immutable: choose another version (or 'version: auto'). Nothing was changed.`,
      );
    case 'same-source-failed':
      if (!job.replaceFailed) {
        throw new AzureError(
          ErrorCodes.operationFailed,
          `Image version ${where} exists from this source but is in state Failed. Set 'replace-failed: true' to delete ` +
            `and recreate it, or delete it yourself. Nothing was changed.`,
        );
      }
      return { action: 'replace-failed', name, existing };
    default:
      return { action: 'reuse', name, existing };
  }
}

function existingSource(version: GalleryImageVersion): string {
  return (
    version.storageProfile?.source?.id ??
    version.storageProfile?.source?.virtualMachineId ??
    version.storageProfile?.osDiskImage?.source?.id ??
    version.storageProfile?.osDiskImage?.source?.uri ??
    'unknown source'
  );
}

/** Carries out the plan: waits for or reuses an existing version, replaces a Failed one, or creates a new one. */
export async function applyVersionPlan(job: VersionJob, plan: VersionPlan): Promise<{ version: GalleryImageVersion; created: boolean }> {
  if (plan.action === 'reuse') {
    if (plan.notice) job.logger.warn(plan.notice);
    return { version: await waitForExisting(job, plan.name, plan.existing), created: false };
  }
  const intents = new VersionIntents(job.azure, job.target, job.body.location ?? '', claimValue(job.runId, randomUUID()), job.wait.clock);
  try {
    switch (plan.action) {
      case 'replace-failed':
        await deleteFailed(job, plan.name);
        return await createFixed(job, plan.name, intents);
      case 'create':
        return await createFixed(job, plan.name, intents);
      case 'claim-next':
        return await claimNext(job, plan.existingNames, intents);
    }
  } finally {
    await intents.withdraw();
  }
}

async function waitForExisting(job: VersionJob, name: string, existing: GalleryImageVersion): Promise<GalleryImageVersion> {
  if (classifyExisting(existing, job.sourceIdentity) !== 'same-source-in-progress') {
    job.logger.info(`Image version ${name} already exists from this source (${existing.provisioningState ?? 'Succeeded'}); nothing to do.`);
    return existing;
  }
  job.logger.info(`Image version ${name} is already being created from this source (an earlier run?); waiting for it.`);
  const { resourceGroup, gallery, image } = job.target;
  const done = await waitUntil(
    (signal) =>
      azureCall(`reading image version ${name}`, () =>
        job.azure.compute().galleryImageVersions.get(resourceGroup, gallery, image, name, { abortSignal: signal }),
      ),
    (v) => classifyExisting(v, job.sourceIdentity) !== 'same-source-in-progress',
    (v) => v?.provisioningState ?? 'Creating',
    { ...job.wait, label: `publishing ${name}`, intervalMs: job.pollIntervalMs ?? 10_000 },
  );
  if (classifyExisting(done, job.sourceIdentity) === 'same-source-failed') {
    throw failedError(job, name, undefined);
  }
  return done;
}

async function deleteFailed(job: VersionJob, name: string): Promise<void> {
  const { resourceGroup, gallery, image } = job.target;
  job.logger.warn(`Image version ${name} is Failed; deleting it to recreate (replace-failed: true).`);
  await azureCall(`deleting the Failed image version ${name}`, () =>
    waitForPoller(job.azure.compute().galleryImageVersions.delete(resourceGroup, gallery, image, name, pollOptions(job)), {
      ...job.wait,
      label: `deleting ${name}`,
    }),
  );
}

/**
 * A fixed name (explicit or date): create it; if another run got there first with our source, share its result.
 * While another run has declared the name but not created it yet, wait for it (or for it to give the name up).
 */
async function createFixed(job: VersionJob, name: string, intents: VersionIntents): Promise<{ version: GalleryImageVersion; created: boolean }> {
  let outcome = await tryCreate(job, name, intents);
  for (let attempt = 1; outcome.kind === 'lost' && !outcome.current && attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
    job.logger.info(`Version ${name} is being claimed by another run; waiting for it.`);
    await pause(job, attempt);
    outcome = await tryCreate(job, name, intents);
  }
  if (outcome.kind === 'created') return { version: outcome.version, created: true };
  const current = outcome.current;
  if (!current) {
    throw new ConfigurationError(ErrorCodes.versionExists, `Image version ${name} was taken by another run while this one created it; re-run to see its state.`);
  }
  const plan = decideExisting(name, current, job);
  if (plan.action !== 'reuse') throw new AzureError(ErrorCodes.operationFailed, `Image version ${name} changed while publishing; re-run.`);
  return { version: await waitForExisting(job, name, current), created: false };
}

/**
 * `auto`: take the next number above the highest existing version that no other run has declared (see
 * version-intent.ts). A lost race costs a retry, never a write: the run steps back from its intent, pauses a
 * random moment (so racing runs spread out), lists versions and intents again and takes the next free number.
 */
async function claimNext(job: VersionJob, existingNames: string[], intents: VersionIntents): Promise<{ version: GalleryImageVersion; created: boolean }> {
  let versions = existingNames;
  let declared = await intents.declaredByOthers();
  for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
    const name = nextFreeNumber(versions, declared, attempt === 0 && job.request.kind === 'auto' ? job.request.bump : 'patch');
    const outcome = await tryCreate(job, name, intents);
    if (outcome.kind === 'created') return { version: outcome.version, created: true };
    job.logger.info(`Version ${name} was claimed by another run; trying the next number.`);
    // Stepping back keeps numbers dense: a number two runs both gave up is free again for the next one.
    await intents.stepBack();
    await pause(job, attempt);
    versions = await listVersionNames(job);
    declared = await intents.declaredByOthers();
  }
  throw new ConfigurationError(
    ErrorCodes.versionExists,
    `Could not claim a free version number in ${job.target.gallery}/${job.target.image} after ${MAX_CLAIM_ATTEMPTS} attempts: ` +
      `other runs keep taking them. Re-run, or give an explicit 'version'.`,
  );
}

/** The bump of the highest existing version, moved up past numbers other runs are creating right now. */
export function nextFreeNumber(versions: Iterable<string>, declaredByOthers: ReadonlySet<string>, bump: Bump): string {
  let next = bumpVersion(highestVersion(versions), bump);
  while (declaredByOthers.has(formatVersion(next))) next = bumpVersion(next, 'patch');
  return formatVersion(next);
}

/** Enough for dozens of pipelines racing for one definition; each attempt is a handful of requests. */
const MAX_CLAIM_ATTEMPTS = 60;

/** A random pause, growing with the attempt, so racing runs spread out instead of retrying in step. */
function pause(job: VersionJob, attempt: number): Promise<void> {
  return job.wait.clock.sleep(Math.floor(Math.random() * (job.pollIntervalMs ?? 10_000) * Math.min(attempt + 1, 4)), job.wait.signal);
}

async function listVersionNames(job: VersionJob): Promise<string[]> {
  const { resourceGroup, gallery, image } = job.target;
  const names: string[] = [];
  await azureCall(`listing versions of image definition '${gallery}/${image}'`, async () => {
    for await (const v of job.azure.compute().galleryImageVersions.listByGalleryImage(resourceGroup, gallery, image)) names.push(v.name ?? '');
  });
  return names;
}

type CreateOutcome =
  | { kind: 'created'; version: GalleryImageVersion }
  | { kind: 'lost'; current: GalleryImageVersion | undefined; declaredByOthers: ReadonlySet<string> };

/**
 * Creates `name` only when no other run declared it and it does not exist (the intent protocol in
 * version-intent.ts: declare, list the other runs' intents, read the version, then PUT), so the PUT is a
 * create and never an update of another run's version. The claim tag is read back after submit and after
 * completion as a second line against writers outside the protocol (a manual PUT, an older image-publish).
 */
async function tryCreate(job: VersionJob, name: string, intents: VersionIntents): Promise<CreateOutcome> {
  const { resourceGroup, gallery, image } = job.target;
  const compute = job.azure.compute();
  const claim = claimValue(job.runId, randomUUID());
  const body: GalleryImageVersion = { ...job.body, tags: { ...job.body.tags, [ProvenanceTagKeys.claim]: claim } };
  const readBack = () =>
    azureGetOrUndefined(`reading image version ${name}`, () => compute.galleryImageVersions.get(resourceGroup, gallery, image, name));

  // The order is the protocol: intent written, then other intents listed, then the version read.
  await intents.declare(name);
  const declaredByOthers = await intents.declaredByOthers();
  const before = await readBack();
  if (before || declaredByOthers.has(name)) return { kind: 'lost', current: before, declaredByOthers };

  job.logger.info(`Creating image version ${name} in ${gallery}/${image}`);
  const poller = compute.galleryImageVersions.createOrUpdate(resourceGroup, gallery, image, name, body, pollOptions(job));
  try {
    await poller.submitted();
  } catch (err) {
    if (isConflict(err)) return { kind: 'lost', current: await readBack(), declaredByOthers };
    throw translate(err, `creating image version ${name}`);
  }
  // From here ARM has accepted the PUT: an outage is reported as one (state unknown, a re-run resumes), never as
  // a plain read failure or a Failed version.
  const readBackAfterPut = async (): Promise<GalleryImageVersion | undefined> => {
    try {
      return await readBack();
    } catch (readErr) {
      throw outageError(job, name, readErr, readErr);
    }
  };
  const afterSubmit = await readBackAfterPut();
  if (afterSubmit?.tags?.[ProvenanceTagKeys.claim] !== claim) return { kind: 'lost', current: afterSubmit, declaredByOthers };

  // Azure gives no percentage for a version being created: say the phase (submitted, then created) instead.
  reportProgress(job.wait.logger, 50, `publishing ${name}: accepted by Azure, creating`);
  let result: GalleryImageVersion;
  try {
    result = await waitForPoller(poller, { ...job.wait, label: `publishing ${name}` }, (state) =>
      state === undefined || state.status === 'running' || state.status === 'notStarted' ? 'Creating' : state.status,
    );
  } catch (err) {
    if (err instanceof ImagePublishError) throw err;
    return settleAfterPollError(job, name, claim, err);
  }
  const final = (await readBackAfterPut()) ?? result;
  if (final.tags?.[ProvenanceTagKeys.claim] !== claim) return { kind: 'lost', current: final, declaredByOthers: new Set() };
  reportProgress(job.wait.logger, 100, `publishing ${name}: created`);
  return { kind: 'created', version: final };
}

/**
 * The poller gave up: either ARM reported the operation Failed or polling itself broke (503, dropped
 * connection), and the SDK marks both `failed`. Only the version's own state can tell them apart, so it is
 * read again; Failed is said only when the version says so, an outage is reported as an outage.
 */
async function settleAfterPollError(job: VersionJob, name: string, claim: string, err: unknown): Promise<CreateOutcome> {
  const { resourceGroup, gallery, image } = job.target;
  let current: GalleryImageVersion | undefined;
  try {
    current = await azureGetOrUndefined(`reading image version ${name}`, () => job.azure.compute().galleryImageVersions.get(resourceGroup, gallery, image, name));
  } catch (readErr) {
    throw outageError(job, name, err, readErr);
  }
  if (!current) throw outageError(job, name, err, undefined);
  if (current.tags?.[ProvenanceTagKeys.claim] !== claim) return { kind: 'lost', current, declaredByOthers: new Set() };
  job.logger.warn(`Polling the creation of ${name} failed (${firstLine(err)}); the version itself is ${current.provisioningState ?? 'Succeeded'}.`);
  const done = classifyExisting(current, job.sourceIdentity) === 'same-source-in-progress' ? await waitForExisting(job, name, current) : current;
  if (classifyExisting(done, job.sourceIdentity) === 'same-source-failed') throw failedError(job, name, err);
  return { kind: 'created', version: done };
}

function outageError(job: VersionJob, name: string, pollErr: unknown, readErr: unknown): ImagePublishError {
  const translated = translate(readErr ?? pollErr, `waiting for image version ${name}`);
  return new AzureError(
    // The version may exist by now, so this is never a user error (exit 2 promises nothing changed).
    translated.kind === 'service' && translated.code !== ErrorCodes.operationFailed ? translated.code : ErrorCodes.azureUnavailable,
    `Azure stopped answering while image version ${job.target.gallery}/${job.target.image}/${name} was being created ` +
      `(${firstLine(pollErr)}), so its final state is unknown; it was not reported Failed. Re-run the same step: it finds the ` +
      `version and waits for it or reuses it.`,
    { cause: pollErr },
  );
}

function firstLine(err: unknown): string {
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
}

function pollOptions(job: VersionJob): { updateIntervalInMs?: number } {
  return job.updateIntervalInMs === undefined ? {} : { updateIntervalInMs: job.updateIntervalInMs };
}

function failedError(job: VersionJob, name: string, cause: unknown): ImagePublishError {
  const reason = cause instanceof Error ? `: ${cause.message.split('\n')[0]}` : '';
  return new AzureError(
    ErrorCodes.operationFailed,
    `Image version ${job.target.gallery}/${job.target.image}/${name} ended in state Failed${reason}. ` +
      `Fix the cause, then re-run with 'replace-failed: true' to delete and recreate it.`,
    { cause },
  );
}
