/** Microsoft.Compute/galleries/applications: metadata only (no packages are served); GalleryRP 2025-12-03. */
import { armErrors } from '../arm-error.js';
import type { ArmHandler, ArmRequest, ArmResponse, HandlerContext, JsonObject } from '../handler-types.js';
import { find, mergePatch, page, present, requireLocation, requireResourceGroup, resourcesOfType } from '../resources.js';
import { optionalObject, requireEnum, requireObjectBody, validateTags } from '../validation.js';
import { galleryId } from './galleries.js';
import { deleteTracked, upsert } from './tracked-resource.js';

const type = 'Microsoft.Compute/galleries/applications';

const appName = (req: ArmRequest): string => req.params.galleryApplicationName ?? '';

function applicationId(req: ArmRequest): string {
  return `${galleryId(req)}/applications/${appName(req)}`;
}

function notFound(req: ArmRequest) {
  return armErrors.resourceNotFound(type, `${req.params.galleryName ?? ''}/${appName(req)}`, req.params.resourceGroupName ?? '');
}

function requireGallery(req: ArmRequest, ctx: HandlerContext): void {
  requireResourceGroup(req, ctx);
  if (!find(ctx, galleryId(req))) throw armErrors.parentResourceNotFound(galleryId(req), appName(req));
}

function put(req: ArmRequest, ctx: HandlerContext, isPatch: boolean): ArmResponse {
  requireGallery(req, ctx);
  const body = requireObjectBody(req.body);
  validateTags(body.tags);
  const id = applicationId(req);
  const existing = find(ctx, id);
  if (isPatch && !existing) throw notFound(req);
  const location = isPatch && existing ? String(existing.body.location) : requireLocation(body, type);
  const requested = optionalObject(body, 'properties', 'galleryApplication.properties') ?? {};
  const props = isPatch && existing ? mergePatch((existing.body.properties ?? {}) as JsonObject, requested) : { ...requested };
  // supportedOSType is the one required property of GalleryApplicationProperties.
  props.supportedOSType = requireEnum(props.supportedOSType, ['Windows', 'Linux'], 'galleryApplication.properties.supportedOSType');
  if (existing && props.supportedOSType !== (existing.body.properties as JsonObject | undefined)?.supportedOSType) {
    throw armErrors.invalidParameter('galleryApplication.properties.supportedOSType', "Changing property 'supportedOSType' is not allowed.");
  }
  delete props.provisioningState;
  const tags = body.tags !== undefined ? body.tags : isPatch ? existing?.body.tags : undefined;
  const next: JsonObject = { id, name: appName(req), type, location, ...(tags !== undefined ? { tags } : {}), properties: props };
  return upsert({ req, ctx, id, type, existing, body: next, location });
}

export const galleryApplicationsHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'GalleryApplications_ListByGallery':
      requireGallery(req, ctx);
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, galleryId(req), type).map((r) => present(r, ctx))) };
    case 'GalleryApplications_Get': {
      requireGallery(req, ctx);
      const app = find(ctx, applicationId(req));
      if (!app) throw notFound(req);
      return { status: 200, body: present(app, ctx) };
    }
    case 'GalleryApplications_CreateOrUpdate': return put(req, ctx, false);
    case 'GalleryApplications_Update': return put(req, ctx, true);
    case 'GalleryApplications_Delete':
      requireGallery(req, ctx);
      return deleteTracked(req, ctx, applicationId(req));
    default: throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
