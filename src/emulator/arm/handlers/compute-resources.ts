/**
 * Microsoft.Compute managed images, disks and snapshots: the sources a gallery image version is built from.
 * Modelled minimally (CRUD + validation of what publish relies on); see docs/emulator-deviations.md.
 */
import { randomUUID } from 'node:crypto';
import { ArmError, armErrors } from '../arm-error.js';
import { type ArmHandler, type ArmRequest, type ArmResponse, type HandlerContext, type JsonObject, routeParam } from '../handler-types.js';
import { find, mergePatch, page, present, requireLocation, requireResourceGroup, resourceGroupId, resourcesOfType } from '../resources.js';
import { optionalObject, requireEnum, requireObjectBody, validateComputeResourceName, validateTags } from '../validation.js';
import { deleteTracked, upsert } from './tracked-resource.js';

interface Kind {
  type: string;
  segment: string;
  param: string;
  label: string;
  validate(props: JsonObject, ctx: HandlerContext, existing: JsonObject | undefined, now: number): JsonObject;
}

function requireExisting(ctx: HandlerContext, id: unknown, target: string): void {
  if (typeof id !== 'string' || !find(ctx, id)) throw new ArmError(404, 'NotFound', `The resource '${String(id)}' referenced by '${target}' was not found.`, target);
}

const image: Kind = {
  type: 'Microsoft.Compute/images',
  segment: 'images',
  param: 'imageName',
  label: 'image',
  validate(props, ctx) {
    const out: JsonObject = { ...props };
    const vm = optionalObject(props, 'sourceVirtualMachine', 'properties.sourceVirtualMachine');
    const storage = optionalObject(props, 'storageProfile', 'properties.storageProfile');
    const osDisk = optionalObject(storage, 'osDisk', 'properties.storageProfile.osDisk');
    if (vm) requireExisting(ctx, vm.id, 'properties.sourceVirtualMachine.id');
    if (!vm && !osDisk) throw armErrors.invalidParameter('properties.storageProfile.osDisk', 'An image needs properties.sourceVirtualMachine or properties.storageProfile.osDisk.');
    if (osDisk) {
      const t = 'properties.storageProfile.osDisk';
      const disk: JsonObject = { ...osDisk, caching: osDisk.caching ?? 'ReadWrite', storageAccountType: osDisk.storageAccountType ?? 'Standard_LRS' };
      disk.osType = requireEnum(osDisk.osType, ['Windows', 'Linux'], `${t}.osType`);
      disk.osState = requireEnum(osDisk.osState, ['Generalized', 'Specialized'], `${t}.osState`);
      const snapshot = optionalObject(osDisk, 'snapshot', `${t}.snapshot`);
      const managedDisk = optionalObject(osDisk, 'managedDisk', `${t}.managedDisk`);
      if (snapshot) requireExisting(ctx, snapshot.id, `${t}.snapshot.id`);
      else if (managedDisk) requireExisting(ctx, managedDisk.id, `${t}.managedDisk.id`);
      else if (typeof osDisk.blobUri !== 'string') throw armErrors.invalidParameter(`${t}.blobUri`, 'The OS disk needs blobUri, snapshot.id or managedDisk.id.');
      out.storageProfile = { ...storage, osDisk: disk, dataDisks: storage?.dataDisks ?? [], zoneResilient: storage?.zoneResilient ?? false };
    }
    out.hyperVGeneration = requireEnum(props.hyperVGeneration, ['V1', 'V2'], 'properties.hyperVGeneration', false) ?? 'V1';
    return out;
  },
};

function diskKind(type: string, segment: string, param: string, label: string): Kind {
  return {
    type, segment, param, label,
    validate(props, _ctx, existing, now) {
      const creation = optionalObject(props, 'creationData', 'properties.creationData');
      if (!creation) throw armErrors.missingProperty('properties.creationData');
      requireEnum(creation.createOption, ['Empty', 'Attach', 'FromImage', 'Import', 'Copy', 'Restore', 'Upload', 'CopyStart', 'ImportSecure', 'UploadPreparedSecure', 'CopyFromSanSnapshot'], 'properties.creationData.createOption');
      const size = props.diskSizeGB === undefined ? 30 : Number(props.diskSizeGB);
      if (!Number.isInteger(size) || size < 1) throw armErrors.invalidParameter('properties.diskSizeGB', 'diskSizeGB must be a positive integer.');
      return {
        ...props,
        diskSizeGB: size,
        diskSizeBytes: size * 1024 * 1024 * 1024,
        ...(props.osType !== undefined ? { osType: requireEnum(props.osType, ['Windows', 'Linux'], 'properties.osType') } : {}),
        uniqueId: existing?.uniqueId ?? randomUUID(),
        timeCreated: existing?.timeCreated ?? new Date(now).toISOString(),
        ...(type === 'Microsoft.Compute/disks' ? { diskState: 'Unattached' } : {}),
      };
    },
  };
}

const kinds: Record<string, Kind> = {
  Images: image,
  Disks: diskKind('Microsoft.Compute/disks', 'disks', 'diskName', 'disk'),
  Snapshots: diskKind('Microsoft.Compute/snapshots', 'snapshots', 'snapshotName', 'snapshot'),
};

function idOf(req: ArmRequest, kind: Kind): string {
  return `${resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName'))}/providers/${kind.type}/${req.params[kind.param]}`;
}

function put(req: ArmRequest, ctx: HandlerContext, kind: Kind, isPatch: boolean): ArmResponse {
  requireResourceGroup(req, ctx);
  const name = routeParam(req, kind.param);
  validateComputeResourceName(kind.label, name);
  const body = requireObjectBody(req.body);
  validateTags(body.tags);
  const id = idOf(req, kind);
  const existing = find(ctx, id);
  if (isPatch && !existing) throw armErrors.resourceNotFound(kind.type, name, routeParam(req, 'resourceGroupName'));
  const location = isPatch && existing ? String(existing.body.location) : requireLocation(body, kind.type);
  const requested = optionalObject(body, 'properties', 'properties') ?? {};
  const oldProps = existing?.body.properties as JsonObject | undefined;
  const merged = isPatch ? mergePatch(oldProps ?? {}, requested) : requested;
  const props = kind.validate(merged, ctx, oldProps, ctx.now);
  delete props.provisioningState;
  const tags = body.tags !== undefined ? body.tags : isPatch ? existing?.body.tags : undefined;
  const next: JsonObject = { id: existing?.id ?? id, name, type: kind.type, location, ...(tags ? { tags } : {}), properties: props };
  if (body.sku !== undefined) next.sku = body.sku;
  else if (kind !== image) next.sku = existing?.body.sku ?? { name: 'Standard_LRS', tier: 'Standard' };
  return upsert({ req, ctx, id, type: kind.type, existing, body: next, location, ...(kind === image ? {} : { createStatus: 202 as const }) });
}

export const computeResourcesHandler: ArmHandler = (req, ctx) => {
  const [group, op] = req.operationId.split('_') as [string, string];
  const kind = kinds[group];
  if (!kind) throw armErrors.methodNotAllowed(req.method, req.pathname);
  switch (op) {
    case 'List':
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, `/subscriptions/${req.params.subscriptionId}`, kind.type).map((r) => present(r, ctx))) };
    case 'ListByResourceGroup':
      requireResourceGroup(req, ctx);
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName')), kind.type).map((r) => present(r, ctx))) };
    case 'Get': {
      requireResourceGroup(req, ctx);
      const r = find(ctx, idOf(req, kind));
      if (!r) throw armErrors.resourceNotFound(kind.type, routeParam(req, kind.param), routeParam(req, 'resourceGroupName'));
      return { status: 200, body: present(r, ctx) };
    }
    case 'CreateOrUpdate': return put(req, ctx, kind, false);
    case 'Update': return put(req, ctx, kind, true);
    case 'Delete':
      requireResourceGroup(req, ctx);
      return deleteTracked(req, ctx, idOf(req, kind));
    default: throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
