/** Microsoft.Compute/galleries/images (image definitions). */
import { armErrors } from '../arm-error.js';
import { type ArmHandler, type ArmRequest, type ArmResponse, type HandlerContext, type JsonObject, routeParam } from '../handler-types.js';
import { children, find, mergePatch, page, present, requireLocation, requireResourceGroup, sameValue } from '../resources.js';
import { optionalObject, requireEnum, requireObjectBody, requireString, validateImageDefinitionName, validateTags } from '../validation.js';
import { galleryId } from './galleries.js';
import { deleteTracked, upsert } from './tracked-resource.js';
import { defined } from '../../defined.js';

const type = 'Microsoft.Compute/galleries/images';
const t = (p: string): string => `galleryImage.properties.${p}`;

export function imageDefinitionId(req: ArmRequest): string {
  return `${galleryId(req)}/images/${req.params.galleryImageName}`;
}

function requireGallery(req: ArmRequest, ctx: HandlerContext): void {
  requireResourceGroup(req, ctx);
  if (!find(ctx, galleryId(req))) throw armErrors.parentResourceNotFound(galleryId(req), routeParam(req, 'galleryImageName'));
}

/** Validates writable properties and fills CRP's defaults. */
function definitionProperties(props: JsonObject): JsonObject {
  const identifier = optionalObject(props, 'identifier', t('identifier'));
  if (!identifier) throw armErrors.missingProperty(t('identifier'));
  for (const k of ['publisher', 'offer', 'sku']) requireString(identifier, k, t(`identifier.${k}`));
  const out: JsonObject = { ...props };
  delete out.provisioningState;
  out.identifier = { publisher: identifier.publisher, offer: identifier.offer, sku: identifier.sku };
  out.osType = requireEnum(props.osType, ['Windows', 'Linux'], t('osType'));
  out.osState = requireEnum(props.osState, ['Generalized', 'Specialized'], t('osState'));
  out.hyperVGeneration = requireEnum(props.hyperVGeneration, ['V1', 'V2'], t('hyperVGeneration'), false) ?? 'V1';
  out.architecture = requireEnum(props.architecture, ['x64', 'Arm64'], t('architecture'), false) ?? 'x64';
  if (props.features !== undefined) {
    if (!Array.isArray(props.features)) throw armErrors.invalidRequestContent(`The property '${t('features')}' must be an array of {name, value}.`);
    props.features.forEach((f: unknown, i: number) => {
      const feature = f as JsonObject;
      requireString(feature, 'name', t(`features[${i}].name`));
      requireString(feature, 'value', t(`features[${i}].value`));
    });
  }
  if (props.endOfLifeDate !== undefined && Number.isNaN(Date.parse(String(props.endOfLifeDate)))) {
    throw armErrors.invalidParameter(t('endOfLifeDate'), `The value '${String(props.endOfLifeDate)}' of '${t('endOfLifeDate')}' is not a valid date-time.`);
  }
  return out;
}

const immutable = ['identifier', 'osType', 'osState', 'hyperVGeneration', 'architecture'] as const;

function put(req: ArmRequest, ctx: HandlerContext, isPatch: boolean): ArmResponse {
  requireGallery(req, ctx);
  validateImageDefinitionName(routeParam(req, 'galleryImageName'));
  const body = requireObjectBody(req.body);
  validateTags(body.tags);
  const id = imageDefinitionId(req);
  const existing = find(ctx, id);
  if (isPatch && !existing) throw armErrors.resourceNotFound(type, `${req.params.galleryName}/${req.params.galleryImageName}`, routeParam(req, 'resourceGroupName'));
  const location = isPatch && existing ? String(existing.body.location) : requireLocation(body, type);
  const requested = optionalObject(body, 'properties', 'properties');
  if (!isPatch && !requested) throw armErrors.missingProperty('galleryImage.properties');
  const merged = isPatch ? mergePatch((existing?.body.properties ?? {}) as JsonObject, requested ?? {}) : defined(requested, 'galleryImage.properties');
  const props = definitionProperties(merged);
  if (existing) {
    const old = existing.body.properties as JsonObject;
    for (const k of immutable) {
      if (!sameValue(old[k], props[k])) throw armErrors.propertyChangeNotAllowed(t(k));
    }
  }
  const tags = body.tags !== undefined ? body.tags : isPatch ? existing?.body.tags : undefined;
  const next: JsonObject = {
    id: existing?.id ?? id,
    name: req.params.galleryImageName,
    type,
    location,
    ...(tags ? { tags } : {}),
    properties: props,
  };
  return upsert({ req, ctx, id, type, existing, body: next, location });
}

export const galleryImagesHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'GalleryImages_ListByGallery': {
      requireResourceGroup(req, ctx);
      const g = find(ctx, galleryId(req));
      if (!g) throw armErrors.resourceNotFound('Microsoft.Compute/galleries', routeParam(req, 'galleryName'), routeParam(req, 'resourceGroupName'));
      return { status: 200, body: page(req, ctx, children(ctx, g.id, type).map((r) => present(r, ctx))) };
    }
    case 'GalleryImages_Get': {
      requireResourceGroup(req, ctx);
      const r = find(ctx, imageDefinitionId(req));
      if (!r) throw armErrors.resourceNotFound(type, `${req.params.galleryName}/${req.params.galleryImageName}`, routeParam(req, 'resourceGroupName'));
      return { status: 200, body: present(r, ctx) };
    }
    case 'GalleryImages_CreateOrUpdate': return put(req, ctx, false);
    case 'GalleryImages_Update': return put(req, ctx, true);
    case 'GalleryImages_Delete':
      requireResourceGroup(req, ctx);
      return deleteTracked(req, ctx, imageDefinitionId(req), { type: 'Microsoft.Compute/galleries/images/versions', label: 'image version(s)' });
    default: throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
