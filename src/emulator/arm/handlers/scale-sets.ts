/**
 * Microsoft.Compute/virtualMachineScaleSets (Uniform and Flexible): CRUD, manualupgrade, reimage, reimageall.
 * Instances and rolling upgrades live in ../vmss; see docs/emulator-deviations.md for what is simplified.
 */
import { randomUUID } from 'node:crypto';
import { ArmError, armErrors } from '../arm-error.js';
import { type ArmHandler, type ArmRequest, type ArmResponse, type HandlerContext, type JsonObject, routeParam } from '../handler-types.js';
import { startOperation } from '../lro.js';
import { find, mergePatch, page, present, requireLocation, requireResourceGroup, resourceGroupId, resourcesOfType, sameValue } from '../resources.js';
import { optionalObject, requireEnum, requireObjectBody, validateComputeResourceName, validateTags } from '../validation.js';
import { InvalidInstanceIds, manualUpgrade, onModelChanged, reimage } from '../vmss/model-change.js';
import { currentModel, reconcileCapacity, SCALE_SET_TYPE } from '../vmss/vmss-model.js';
import { deleteTracked, upsert } from './tracked-resource.js';
import { defined } from '../../defined.js';

export function scaleSetId(req: ArmRequest): string {
  const name = req.params.vmScaleSetName ?? req.params.virtualMachineScaleSetName;
  return `${resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName'))}/providers/${SCALE_SET_TYPE}/${name}`;
}

/** The scale set of a request, or ARM's 404 naming it. */
export function requireScaleSet(req: ArmRequest, ctx: HandlerContext): { id: string; body: JsonObject } {
  requireResourceGroup(req, ctx);
  const id = scaleSetId(req);
  const r = find(ctx, id);
  if (!r) throw armErrors.resourceNotFound(SCALE_SET_TYPE, id.split('/').pop() ?? id, routeParam(req, 'resourceGroupName'));
  return { id: r.id, body: r.body };
}

function validateProfile(ctx: HandlerContext, props: JsonObject): void {
  const t = 'properties.virtualMachineProfile';
  const vmp = optionalObject(props, 'virtualMachineProfile', t);
  if (!vmp) throw armErrors.missingProperty(t);
  const sp = optionalObject(vmp, 'storageProfile', `${t}.storageProfile`);
  const ref = optionalObject(sp, 'imageReference', `${t}.storageProfile.imageReference`);
  if (!ref) throw armErrors.missingProperty(`${t}.storageProfile.imageReference`);
  if (typeof ref.id === 'string') {
    if (!find(ctx, ref.id)) {
      throw new ArmError(404, 'GalleryImageNotFound', `The gallery image '${ref.id}' referenced by the scale set model is not available. Check the id or publish it first.`, `${t}.storageProfile.imageReference.id`);
    }
  } else if (ref.publisher === undefined && ref.communityGalleryImageId === undefined && ref.sharedGalleryImageId === undefined) {
    throw armErrors.invalidParameter(`${t}.storageProfile.imageReference`, 'imageReference needs id, a marketplace publisher/offer/sku/version, or a shared/community gallery image id.');
  }
  const mode = optionalObject(props, 'upgradePolicy', 'properties.upgradePolicy');
  if (mode?.mode !== undefined) requireEnum(mode.mode, ['Manual', 'Rolling', 'Automatic'], 'properties.upgradePolicy.mode');
}

function put(req: ArmRequest, ctx: HandlerContext, isPatch: boolean): ArmResponse {
  requireResourceGroup(req, ctx);
  const name = routeParam(req, 'vmScaleSetName');
  validateComputeResourceName('vmScaleSet', name);
  const body = requireObjectBody(req.body);
  validateTags(body.tags);
  const id = scaleSetId(req);
  const existing = find(ctx, id);
  if (isPatch && !existing) throw armErrors.resourceNotFound(SCALE_SET_TYPE, name, routeParam(req, 'resourceGroupName'));
  const location = existing ? String(existing.body.location) : requireLocation(body, SCALE_SET_TYPE);
  const oldProps = (existing?.body.properties ?? {}) as JsonObject;
  const requested = optionalObject(body, 'properties', 'properties') ?? {};
  const props = isPatch ? mergePatch(oldProps, requested) : { ...requested };
  validateProfile(ctx, props);
  const orchestration = requireEnum(props.orchestrationMode ?? 'Uniform', ['Uniform', 'Flexible'], 'properties.orchestrationMode') ?? 'Uniform';
  if (existing && !sameValue(orchestration, oldProps.orchestrationMode ?? 'Uniform')) throw armErrors.propertyChangeNotAllowed('orchestrationMode');
  delete props.provisioningState;
  stripWriteOnly(props);
  props.orchestrationMode = orchestration;
  if (orchestration === 'Uniform') props.singlePlacementGroup ??= true;
  props.upgradePolicy = { mode: 'Manual', ...((props.upgradePolicy ?? {}) as JsonObject) };
  props.uniqueId = oldProps.uniqueId ?? randomUUID();
  props.timeCreated = oldProps.timeCreated ?? new Date(ctx.now).toISOString();
  const sku = (body.sku !== undefined ? (isPatch ? mergePatch((existing?.body.sku ?? {}) as JsonObject, body.sku as JsonObject) : body.sku) : existing?.body.sku ?? { name: 'Standard_D2s_v3', tier: 'Standard', capacity: 0 }) as JsonObject;
  const capacity = Number(sku.capacity ?? 0);
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > 1000) throw armErrors.invalidParameter('sku.capacity', 'sku.capacity must be an integer from 0 to 1000.');
  const tags = body.tags !== undefined ? body.tags : existing?.body.tags;
  const next: JsonObject = { id: existing?.id ?? id, name, type: SCALE_SET_TYPE, location, sku: { ...sku, capacity }, ...(tags ? { tags } : {}), properties: props };
  if (body.zones !== undefined) next.zones = body.zones;
  // Top-level writable members of VirtualMachineScaleSet / ...Update (spec example VirtualMachineScaleSet_Update_MaximumSet_Gen).
  for (const key of ['plan', 'identity'] as const) {
    const value = body[key] !== undefined ? body[key] : existing?.body[key];
    if (value !== undefined && value !== null) next[key] = value;
  }
  const modelChanged = existing !== undefined && !sameValue(oldProps.virtualMachineProfile, props.virtualMachineProfile);
  const res = upsert({ req, ctx, id, type: SCALE_SET_TYPE, existing, body: next, location });
  // New instances start on the model as it is now; existing ones change only as the upgrade policy says.
  reconcileCapacity(ctx.state, next.id as string, name, capacity, currentModel(ctx.state, next), ctx.now);
  if (modelChanged) onModelChanged(ctx, next.id as string, next);
  ctx.changed();
  return res;
}

/** CRP never returns adminPassword or customData: they are write-only, and a secret must not be echoed. */
function stripWriteOnly(props: JsonObject): void {
  const os = ((props.virtualMachineProfile as JsonObject | undefined)?.osProfile) as JsonObject | undefined;
  if (!os) return;
  delete os.adminPassword;
  delete os.customData;
  os.secrets ??= [];
}

function instanceIdsOf(body: unknown, required: boolean): string[] | undefined {
  const ids = body && typeof body === 'object' ? (body as JsonObject).instanceIds : undefined;
  if (ids === undefined || ids === null) {
    if (required) throw armErrors.missingProperty('instanceIds');
    return undefined;
  }
  if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string')) throw armErrors.invalidParameter('instanceIds', 'instanceIds must be an array of instance id strings.');
  return ids as string[];
}

/** 202 + polling headers for an action on the scale set, finishing when its instances do. */
export function actionAccepted(req: ArmRequest, ctx: HandlerContext, vmss: { id: string; body: JsonObject }, endTime: number): ArmResponse {
  // Recorded as PATCH: the scale set itself is not replaced; the monitor answers with its body when done.
  const { headers } = startOperation(ctx, {
    method: 'PATCH',
    resourceId: vmss.id,
    location: String(vmss.body.location),
    subscriptionId: routeParam(req, 'subscriptionId'),
    apiVersion: req.apiVersion,
    durationMs: endTime - ctx.now,
  });
  return { status: 202, headers };
}

function action(req: ArmRequest, ctx: HandlerContext, run: (vmss: { id: string; body: JsonObject }) => number): ArmResponse {
  const vmss = requireScaleSet(req, ctx);
  try {
    return actionAccepted(req, ctx, vmss, run(vmss));
  } catch (e) {
    if (e instanceof InvalidInstanceIds) throw armErrors.invalidParameter('instanceIds', e.message);
    throw e;
  }
}

export const scaleSetsHandler: ArmHandler = (req, ctx) => {
  const op = req.operationId.split('_')[1];
  switch (op) {
    case 'ListAll':
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, `/subscriptions/${req.params.subscriptionId}`, SCALE_SET_TYPE).map((r) => present(r, ctx))) };
    case 'List':
      requireResourceGroup(req, ctx);
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName')), SCALE_SET_TYPE).map((r) => present(r, ctx))) };
    case 'Get': {
      const vmss = requireScaleSet(req, ctx);
      return { status: 200, body: present(defined(find(ctx, vmss.id), `stored ${vmss.id}`), ctx) };
    }
    case 'CreateOrUpdate': return put(req, ctx, false);
    case 'Update': return put(req, ctx, true);
    case 'Delete':
      requireResourceGroup(req, ctx);
      return deleteTracked(req, ctx, scaleSetId(req));
    case 'UpdateInstances':
      return action(req, ctx, (vmss) => manualUpgrade(ctx, vmss.id, vmss.body, instanceIdsOf(req.body, true) ?? []));
    case 'Reimage':
      return action(req, ctx, (vmss) => reimage(ctx, vmss.id, vmss.body, instanceIdsOf(req.body, false)));
    case 'ReimageAll':
      return action(req, ctx, (vmss) => reimage(ctx, vmss.id, vmss.body, instanceIdsOf(req.body, false)));
    default: throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
