import { canonicalRegions, loadLocations } from '../replication/region-names.js';
import type { AzureContext } from '../azure/azure-context.js';
import type { Clock } from '../clock.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RunInfo } from '../run-info.js';
import { assertRequiredTags, assertTagLimits } from '../tags/tag-limits.js';
import { ProvenanceTagKeys, provenanceTags } from '../tags/provenance-tags.js';
import { resolveEndOfLife } from '../versioning/end-of-life.js';
import { adoptVersion, decideAdoption } from './adopt-version.js';
import { readBakeManifest } from './bake-manifest.js';
import { applyGalleryPlan, planGallery } from './gallery-setup.js';
import { type ImageSource, detectSource, sourceIdentity } from './image-source.js';
import type { PublishInputs } from './publish-inputs.js';
import { applyVersionPlan, planVersion } from './publish-version.js';
import { galleryResourceId } from '../azure/resource-id.js';
import { verifySource } from './verify-source.js';
import { normalizeRegion, versionBody } from './version-body.js';

/** What a publish produced. */
export interface PublishResult {
  imageVersionId: string;
  version: string;
  imageDefinitionId: string;
  galleryId: string;
  created: boolean;
  /** True when the version bake (Packer) published in the target definition was adopted instead of created. */
  adopted?: boolean;
  source: ImageSource;
  location: string;
  provisioningState: string;
  targetRegions: string[];
  createdGallery: boolean;
  createdDefinition: boolean;
}

/** The parts of the step context publish uses (core never imports the step layer). */
export interface PublishContext {
  azure: AzureContext;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
  run: RunInfo;
}

/** Knobs tests turn to keep runs short; production uses the SDK defaults. */
export interface PublishTuning {
  updateIntervalInMs?: number;
  pollIntervalMs?: number;
}

/**
 * Publishes one image version: every check and read first (source, tags, gallery, definition, version),
 * then the writes (gallery, definition, version). Bad input therefore changes nothing in Azure.
 * Phases: source (and adoption), prepare (pure checks), check (reads), write.
 */
export async function publishImage(inputs: PublishInputs, ctx: PublishContext, tuning: PublishTuning = {}): Promise<PublishResult> {
  const now = new Date(ctx.clock.now());
  const origin = await sourceOrigin(inputs);
  if (origin.adoptCandidate.id !== undefined || inputs.adopt === true) {
    const adoption = decideAdoption(origin.adoptCandidate.id, origin.adoptCandidate.origin, inputs.adopt, inputs.target, ctx.azure.subscriptionId);
    if (adoption) return adoptVersion(inputs, ctx, tuning, adoption, origin.bakeEngine);
  }
  const prepared = prepareVersion(inputs, ctx, origin, now);
  const checks = await checkBeforeWriting(inputs, ctx, prepared, now);
  return writeVersion(inputs, ctx, tuning, prepared, checks);
}

/** Where the source came from: the input, or the manifest bake wrote (which may name a version to adopt). */
interface SourceOrigin {
  sourceText: string | undefined;
  storageAccountId: string | undefined;
  bakeEngine: string | undefined;
  adoptCandidate: { id: string | undefined; origin: string };
}

async function sourceOrigin(inputs: PublishInputs): Promise<SourceOrigin> {
  const origin: SourceOrigin = {
    sourceText: inputs.source.value,
    storageAccountId: inputs.source.storageAccountId,
    bakeEngine: undefined,
    adoptCandidate: { id: undefined, origin: "input 'source'" },
  };
  if (!origin.sourceText && inputs.source.bakeManifest) {
    const manifest = await readBakeManifest(inputs.source.bakeManifest);
    // A version Packer published is the final artifact: adopted when in the target definition, else copied.
    origin.sourceText = manifest.galleryVersionId ?? manifest.imageId ?? manifest.vhdUri;
    origin.storageAccountId ??= manifest.storageAccountId;
    origin.bakeEngine = manifest.engine;
    origin.adoptCandidate = { id: manifest.galleryVersionId, origin: `bake manifest '${inputs.source.bakeManifest}'` };
  } else if (inputs.adopt === true && origin.sourceText && detectSource(origin.sourceText, origin.storageAccountId).kind === 'gallery-version') {
    origin.adoptCandidate.id = origin.sourceText;
  }
  return origin;
}

/** The pure checks' results: what the version will be made from and carry. */
interface PreparedVersion {
  source: ImageSource;
  identity: string;
  tags: Record<string, string>;
  endOfLifeDate: Date | undefined;
}

/** Prepare phase, no Azure call: source shape, tags and their limits, end of life. */
function prepareVersion(inputs: PublishInputs, ctx: PublishContext, origin: SourceOrigin, now: Date): PreparedVersion {
  const source = detectSource(origin.sourceText ?? '', origin.storageAccountId);
  const identity = sourceIdentity(source);
  const tags = { ...inputs.userTags, ...provenanceTags(ctx.run, identity, origin.bakeEngine) };
  assertRequiredTags(tags, inputs.requiredTags);
  // The claim tag is added per attempt; count it now so the limit check holds for what is sent.
  assertTagLimits({ ...tags, [ProvenanceTagKeys.claim]: 'x' }, `image version in ${inputs.target.gallery}/${inputs.target.image}`);
  const endOfLifeDate = inputs.endOfLife ? resolveEndOfLife(inputs.endOfLife, now, 'end-of-life') : undefined;
  ctx.logger.debug(
    `publishImage: target=${inputs.target.resourceGroup}/${inputs.target.gallery}/${inputs.target.image} version=${JSON.stringify(inputs.version)} ` +
      `source=${source.kind}:${identity} createGallery=${inputs.createGallery} replaceFailed=${inputs.replaceFailed} ` +
      `excludeFromLatest=${inputs.profile.excludeFromLatest} endOfLife=${endOfLifeDate?.toISOString() ?? 'none'} tags=${Object.keys(tags).length}`,
  );
  return { source, identity, tags, endOfLifeDate };
}

type PublishChecks = Awaited<ReturnType<typeof checkBeforeWriting>>;

/** Check phase, reads only: nothing is written until every one of these passed. */
async function checkBeforeWriting(inputs: PublishInputs, ctx: PublishContext, prepared: PreparedVersion, now: Date) {
  const { logger } = ctx;
  const { source, identity } = prepared;
  return logger.group('Checks', async () => {
    const facts = await verifySource(ctx.azure, source, logger);
    logger.info(`Source: ${source.kind} ${identity}`);
    const regions = await checkRegions(ctx.azure, inputs.profile.regions);
    const galleryPlan = await planGallery(ctx.azure, inputs.target, inputs.definition, {
      createGallery: inputs.createGallery,
      homeRegion: inputs.location ?? facts.location ?? '',
    });
    if (!galleryPlan.location) {
      throw new ConfigurationError(
        ErrorCodes.inputMissing,
        `Gallery '${inputs.target.gallery}' has to be created but no region is known: set 'location' (or gallery.location in image.yaml).`,
      );
    }
    const versionPlan = await planVersion(
      { azure: ctx.azure, target: inputs.target, request: inputs.version, sourceIdentity: identity, runId: ctx.run.runId, replaceFailed: inputs.replaceFailed },
      galleryPlan.definition !== undefined,
      now,
      ctx.run.runNumber,
    );
    logger.info(
      `Gallery: ${galleryPlan.gallery ? 'exists' : 'will be created'}; definition: ${galleryPlan.definition ? 'exists, matches' : 'will be created'}; ` +
        `version: ${versionPlan.action === 'claim-next' ? 'next free number' : `${versionPlan.name} (${versionPlan.action})`}`,
    );
    return { galleryPlan, versionPlan, regions, homeRegion: galleryPlan.location };
  });
}

/** Write phase: gallery and definition when missing, then the version. */
async function writeVersion(inputs: PublishInputs, ctx: PublishContext, tuning: PublishTuning, prepared: PreparedVersion, checks: PublishChecks): Promise<PublishResult> {
  const { logger } = ctx;
  const { source, identity, tags, endOfLifeDate } = prepared;
  const wait = { logger, clock: ctx.clock, signal: ctx.signal, timeoutMs: inputs.timeoutMs, progressEveryMs: inputs.progressEveryMs };
  const homeRegion = checks.homeRegion;
  return logger.group('Publish', async () => {
    const setup = await applyGalleryPlan(ctx.azure, inputs.target, checks.galleryPlan, inputs.definition, inputs.userTags, wait, logger);
    const profile = { ...inputs.profile, homeRegion, ...(checks.regions ? { regions: checks.regions } : {}), ...(endOfLifeDate ? { endOfLifeDate } : {}) };
    const body = versionBody(source, profile, tags);
    const job = {
      azure: ctx.azure,
      logger,
      target: inputs.target,
      request: inputs.version,
      sourceIdentity: identity,
      body,
      runId: ctx.run.runId,
      replaceFailed: inputs.replaceFailed,
      wait,
      ...(tuning.pollIntervalMs !== undefined ? { pollIntervalMs: tuning.pollIntervalMs } : {}),
      ...(tuning.updateIntervalInMs !== undefined ? { updateIntervalInMs: tuning.updateIntervalInMs } : {}),
    };
    const { version, created } = await applyVersionPlan(job, checks.versionPlan);
    const name = version.name ?? '';
    const { resourceGroup, gallery, image } = inputs.target;
    logger.info(`${created ? 'Published' : 'Already published'} ${gallery}/${image}/${name} (${version.provisioningState ?? 'Succeeded'})`);
    return {
      imageVersionId: version.id ?? galleryResourceId(ctx.azure.subscriptionId, resourceGroup, gallery, image, name),
      version: name,
      imageDefinitionId: setup.definitionId || galleryResourceId(ctx.azure.subscriptionId, resourceGroup, gallery, image),
      galleryId: setup.galleryId || galleryResourceId(ctx.azure.subscriptionId, resourceGroup, gallery),
      created,
      source,
      location: homeRegion,
      provisioningState: version.provisioningState ?? 'Succeeded',
      targetRegions: (version.publishingProfile?.targetRegions ?? []).map((r) => normalizeRegion(r.name)),
      createdGallery: setup.createdGallery,
      createdDefinition: setup.createdDefinition,
    };
  });
}

/**
 * The `regions` input in programmatic form, checked against the subscription's locations before any write, with
 * replicate's suggestions ("westeuorpe: did you mean westeurope?"). Unchecked (ARM decides) when the identity may
 * not list locations.
 */
async function checkRegions(azure: PublishContext['azure'], regions: readonly string[] | undefined): Promise<string[] | undefined> {
  if (regions === undefined || regions.length === 0) return undefined;
  const catalog = await loadLocations(azure);
  return catalog === undefined ? [...regions] : canonicalRegions(regions, catalog, azure.subscriptionId);
}
