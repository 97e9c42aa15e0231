/** Microsoft.Compute/galleries. */
import { armErrors } from '../arm-error.js';
import { type ArmHandler, type ArmRequest, type ArmResponse, type HandlerContext, type JsonObject, routeParam } from '../handler-types.js';
import { find, page, present, requireLocation, requireResourceGroup, resourceGroupId, resourcesOfType } from '../resources.js';
import { optionalObject, requireObjectBody, validateGalleryName, validateTags } from '../validation.js';
import { deleteTracked, upsert } from './tracked-resource.js';

const type = 'Microsoft.Compute/galleries';

export function galleryId(req: ArmRequest): string {
  return `${resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName'))}/providers/${type}/${req.params.galleryName}`;
}

function notFound(req: ArmRequest) {
  return armErrors.resourceNotFound(type, routeParam(req, 'galleryName'), routeParam(req, 'resourceGroupName'));
}

function put(req: ArmRequest, ctx: HandlerContext, isPatch: boolean): ArmResponse {
  const name = routeParam(req, 'galleryName');
  requireResourceGroup(req, ctx);
  validateGalleryName(name);
  const body = requireObjectBody(req.body);
  const id = galleryId(req);
  const existing = find(ctx, id);
  if (isPatch && !existing) throw notFound(req);
  validateTags(body.tags);
  const props = optionalObject(body, 'properties', 'properties') ?? {};
  if (props.description !== undefined && typeof props.description !== 'string') throw armErrors.invalidParameter('gallery.properties.description', "The property 'description' must be a string.");
  const location = isPatch && existing ? String(existing.body.location) : requireLocation(body, type);
  if (existing && location !== existing.body.location) throw armErrors.invalidParameter('location', `Changing the location of gallery '${name}' from '${String(existing.body.location)}' to '${location}' is not allowed.`);
  const previous = (existing?.body.properties ?? {}) as JsonObject;
  const next: JsonObject = {
    id,
    name,
    type,
    location,
    ...(isPatch && existing?.body.tags ? { tags: existing.body.tags } : {}),
    ...(body.tags !== undefined ? { tags: body.tags } : {}),
    properties: {
      ...(isPatch ? previous : {}),
      ...(props.description !== undefined ? { description: props.description } : {}),
      ...(props.sharingProfile !== undefined ? { sharingProfile: props.sharingProfile } : {}),
      ...(props.softDeletePolicy !== undefined ? { softDeletePolicy: props.softDeletePolicy } : {}),
      // identifier.uniqueName is read-only: ARM derives it from the subscription and the name.
      identifier: { uniqueName: `${req.params.subscriptionId}-${name.toUpperCase()}` },
    },
  };
  if (existing) next.id = existing.id;
  return upsert({ req, ctx, id, type, existing, body: next, location });
}

export const galleriesHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'Galleries_List':
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, `/subscriptions/${req.params.subscriptionId}`, type).map((r) => present(r, ctx))) };
    case 'Galleries_ListByResourceGroup': {
      requireResourceGroup(req, ctx);
      const scope = resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName'));
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, scope, type).map((r) => present(r, ctx))) };
    }
    case 'Galleries_Get': {
      requireResourceGroup(req, ctx);
      const g = find(ctx, galleryId(req));
      if (!g) throw notFound(req);
      return { status: 200, body: present(g, ctx) };
    }
    case 'Galleries_CreateOrUpdate': return put(req, ctx, false);
    case 'Galleries_Update': return put(req, ctx, true);
    case 'Galleries_Delete':
      requireResourceGroup(req, ctx);
      return deleteTracked(req, ctx, galleryId(req), { type: 'Microsoft.Compute/galleries/images', label: 'image definition(s)' });
    default: throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
