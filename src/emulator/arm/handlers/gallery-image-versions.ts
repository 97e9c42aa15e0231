/** Microsoft.Compute/galleries/images/versions, with publishing, replication and $expand=ReplicationStatus. */
import { armErrors } from '../arm-error.js';
import { findRegion } from '../data/regions.js';
import { type ArmHandler, type ArmRequest, type ArmResponse, type HandlerContext, type JsonObject, routeParam } from '../handler-types.js';
import { planReplication, replicationEnd, replicationFailureError, replicationStatus, type ReplicationTarget } from '../replication.js';
import { children, find, mergePatch, page, present, requireLocation, requireResourceGroup } from '../resources.js';
import { resolveVersionSource } from '../version-source.js';
import { optionalObject, requireEnum, requireObjectBody, validateTags, validateVersionName } from '../validation.js';
import { imageDefinitionId } from './gallery-images.js';
import { deleteTracked, upsert } from './tracked-resource.js';
import type { StoredResource } from '../../store/state-types.js';
import { defined } from '../../defined.js';

const type = 'Microsoft.Compute/galleries/images/versions';
const t = (p: string): string => `galleryImageVersion.properties.${p}`;
const storageTypes = ['Standard_LRS', 'Standard_ZRS', 'Premium_LRS', 'PremiumV2_LRS'];

function versionId(req: ArmRequest): string {
  return `${imageDefinitionId(req)}/versions/${req.params.galleryImageVersionName}`;
}

function notFound(req: ArmRequest) {
  return armErrors.resourceNotFound(type, `${req.params.galleryName}/${req.params.galleryImageName}/${req.params.galleryImageVersionName}`, routeParam(req, 'resourceGroupName'));
}

function regionName(value: unknown, target: string): string {
  const region = typeof value === 'string' ? findRegion(value) : undefined;
  if (!region) throw armErrors.invalidParameter(target, `The region '${String(value)}' is not a valid Azure region for gallery image version replication.`);
  return region.name;
}

/** Validates publishingProfile and returns it normalized, plus the replication targets. */
function publishing(pp: JsonObject, location: string, previous: JsonObject | undefined, now: number): { profile: JsonObject; targets: ReplicationTarget[]; mode: 'Full' | 'Shallow' } {
  const replicaCount = pp.replicaCount === undefined ? 1 : Number(pp.replicaCount);
  if (!Number.isInteger(replicaCount) || replicaCount < 1 || replicaCount > 100) throw armErrors.invalidParameter(t('publishingProfile.replicaCount'), 'replicaCount must be an integer from 1 to 100.');
  const storageAccountType = requireEnum(pp.storageAccountType, storageTypes, t('publishingProfile.storageAccountType'), false) ?? 'Standard_LRS';
  const mode = (requireEnum(pp.replicationMode, ['Full', 'Shallow'], t('publishingProfile.replicationMode'), false) ?? 'Full') as 'Full' | 'Shallow';
  const rawTargets = pp.targetRegions === undefined ? [{ name: location }] : pp.targetRegions;
  if (!Array.isArray(rawTargets)) throw armErrors.invalidRequestContent(`The property '${t('publishingProfile.targetRegions')}' must be an array.`);
  const seen = new Set<string>();
  const targetRegions = rawTargets.map((raw: unknown, i: number) => {
    const tr = (raw ?? {}) as JsonObject;
    const target = t(`publishingProfile.targetRegions[${i}]`);
    const name = regionName(tr.name, `${target}.name`);
    if (seen.has(name)) throw armErrors.invalidParameter(`${target}.name`, `The region '${name}' is listed more than once in targetRegions.`);
    seen.add(name);
    const regional = tr.regionalReplicaCount === undefined ? replicaCount : Number(tr.regionalReplicaCount);
    if (!Number.isInteger(regional) || regional < 1 || regional > 100) throw armErrors.invalidParameter(`${target}.regionalReplicaCount`, 'regionalReplicaCount must be an integer from 1 to 100.');
    const out: JsonObject = {
      ...tr,
      name: defined(findRegion(name), `region ${name}`).displayName,
      regionalReplicaCount: regional,
      storageAccountType: requireEnum(tr.storageAccountType, storageTypes, `${target}.storageAccountType`, false) ?? storageAccountType,
    };
    if (tr.excludeFromLatest !== undefined && typeof tr.excludeFromLatest !== 'boolean') throw armErrors.invalidParameter(`${target}.excludeFromLatest`, 'excludeFromLatest must be a boolean.');
    return { out, target: { region: name, replicas: regional } };
  });
  if (!seen.has(location)) {
    throw armErrors.invalidParameter(
      t('publishingProfile.targetRegions'),
      `The gallery image version publishing profile regions '${[...seen].join(',')}' must contain the location of image version '${location}'.`,
    );
  }
  const profile: JsonObject = {
    ...pp,
    targetRegions: targetRegions.map((x) => x.out),
    replicaCount,
    excludeFromLatest: pp.excludeFromLatest ?? false,
    storageAccountType,
    replicationMode: mode,
    publishedDate: previous?.publishedDate ?? new Date(now).toISOString(),
  };
  return { profile, targets: targetRegions.map((x) => x.target), mode };
}

/** Whether a storageProfile names what the version is built from. */
function hasSource(storageProfile: JsonObject): boolean {
  const source = storageProfile.source as JsonObject | undefined;
  const osSource = (storageProfile.osDiskImage as JsonObject | undefined)?.source as JsonObject | undefined;
  return Boolean(source?.id ?? source?.virtualMachineId ?? osSource?.id ?? osSource?.uri);
}

function put(req: ArmRequest, ctx: HandlerContext, isPatch: boolean): ArmResponse {
  requireResourceGroup(req, ctx);
  const definition = find(ctx, imageDefinitionId(req));
  if (!definition) throw armErrors.parentResourceNotFound(imageDefinitionId(req), routeParam(req, 'galleryImageVersionName'));
  validateVersionName(routeParam(req, 'galleryImageVersionName'));
  const body = requireObjectBody(req.body);
  validateTags(body.tags);
  const id = versionId(req);
  const existing = find(ctx, id);
  if (isPatch && !existing) throw notFound(req);
  const location = isPatch && existing ? String(existing.body.location) : requireLocation(body, type);
  const requested = optionalObject(body, 'properties', 'properties');
  if (!isPatch && !requested) throw armErrors.missingProperty('galleryImageVersion.properties');
  const oldProps = (existing?.body.properties ?? {}) as JsonObject;
  const props = isPatch ? mergePatch(oldProps, requested ?? {}) : { ...defined(requested, 'galleryImageVersion.properties') };
  const requestedStorage = optionalObject(props, 'storageProfile', t('storageProfile'));
  if (!requestedStorage) throw armErrors.missingProperty(t('storageProfile'));
  // An existing version keeps its source when a PUT or PATCH names none (spec example
  // GalleryImageVersion_Update_WithoutSourceId; `az sig image-version update` PUTs what it GETs, minus the source).
  const oldStorage = (oldProps.storageProfile ?? {}) as JsonObject;
  const storageProfile = existing && !hasSource(requestedStorage) ? mergePatch(oldStorage, requestedStorage) : requestedStorage;
  const source = resolveVersionSource(storageProfile, ctx);
  if (existing) {
    const oldSource = existing.sourceKey;
    if (oldSource !== undefined && oldSource !== source.key) throw armErrors.propertyChangeNotAllowed(t('storageProfile.source.id'));
  }
  const defProps = definition.body.properties as JsonObject;
  if (source.osType && String(source.osType).toLowerCase() !== String(defProps.osType).toLowerCase()) {
    throw armErrors.invalidParameter(t('storageProfile.source.id'), `The source's OS type '${source.osType}' does not match the image definition's OS type '${String(defProps.osType)}'.`);
  }
  const safety = { allowDeletionOfReplicatedLocations: true, reportedForPolicyViolation: false, ...(optionalObject(props, 'safetyProfile', t('safetyProfile')) ?? {}) };
  const pp = optionalObject(props, 'publishingProfile', t('publishingProfile')) ?? {};
  const { profile, targets, mode } = publishing(pp, location, oldProps.publishingProfile as JsonObject | undefined, ctx.now);
  if (existing && safety.allowDeletionOfReplicatedLocations === false) {
    const kept = new Set(targets.map((x) => x.region));
    const removed = (existing.replication ?? []).filter((r) => !kept.has(r.region)).map((r) => r.region);
    if (removed.length > 0) {
      throw armErrors.invalidParameter(t('safetyProfile.allowDeletionOfReplicatedLocations'), `Removing replicated regions '${removed.join(',')}' is not allowed because safetyProfile.allowDeletionOfReplicatedLocations is false.`);
    }
  }
  const osDiskImage = { hostCaching: 'ReadOnly', ...((storageProfile.osDiskImage ?? {}) as JsonObject), sizeInGB: source.sizeInGB };
  const next: JsonObject = {
    id: existing?.id ?? id,
    name: req.params.galleryImageVersionName,
    type,
    location,
    ...(body.tags !== undefined ? { tags: body.tags } : existing?.body.tags ? { tags: existing.body.tags } : {}),
    properties: {
      ...props,
      publishingProfile: profile,
      storageProfile: { ...storageProfile, osDiskImage },
      safetyProfile: safety,
    },
  };
  delete (next.properties as JsonObject).provisioningState;
  delete (next.properties as JsonObject).replicationStatus;
  const plan = planReplication(existing?.replication, targets, mode, id, ctx);
  const durationMs = Math.max(ctx.timing.lroDurationMs, replicationEnd(plan) - ctx.now);
  const failure = replicationFailureError(plan);
  return upsert({ req, ctx, id, type, existing, body: next, location, durationMs, replication: plan, sourceKey: source.key, ...(failure ? { failure } : {}) });
}

function show(r: StoredResource, req: ArmRequest, ctx: HandlerContext): JsonObject {
  const expand = req.query.get('$expand');
  if (expand !== null) requireEnum(expand, ['ReplicationStatus', 'UefiSettings'], '$expand');
  return present(r, ctx, (p) => {
    if (expand?.toLowerCase() === 'replicationstatus') p.replicationStatus = replicationStatus(r.replication, ctx.now);
  });
}

export const galleryImageVersionsHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'GalleryImageVersions_ListByGalleryImage': {
      requireResourceGroup(req, ctx);
      const def = find(ctx, imageDefinitionId(req));
      if (!def) throw armErrors.resourceNotFound('Microsoft.Compute/galleries/images', `${req.params.galleryName}/${req.params.galleryImageName}`, routeParam(req, 'resourceGroupName'));
      return { status: 200, body: page(req, ctx, children(ctx, def.id, type).map((r) => show(r, req, ctx))) };
    }
    case 'GalleryImageVersions_Get': {
      requireResourceGroup(req, ctx);
      const r = find(ctx, versionId(req));
      if (!r) throw notFound(req);
      return { status: 200, body: show(r, req, ctx) };
    }
    case 'GalleryImageVersions_CreateOrUpdate': return put(req, ctx, false);
    case 'GalleryImageVersions_Update': return put(req, ctx, true);
    case 'GalleryImageVersions_Delete':
      requireResourceGroup(req, ctx);
      return deleteTracked(req, ctx, versionId(req));
    default: throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
