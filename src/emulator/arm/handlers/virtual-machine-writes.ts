/**
 * Microsoft.Compute/virtualMachines update (PATCH) and reimage over seeded VMs, enough for session host rollouts
 * (issue 19): PATCH may change `storageProfile.imageReference` and tags; POST reimage rebuilds the OS disk from the
 * model's image. Both are LROs per virtualMachine.json 2024-07-01 (Update: 200 + Azure-AsyncOperation; Reimage:
 * 202 + Location). A reimage ends the user sessions still running on the VM's session hosts.
 */
import { armErrors } from '../arm-error.js';
import type { ArmHandler, ArmRequest, HandlerContext, JsonObject } from '../handler-types.js';
import { startOperation, isRunning } from '../lro.js';
import { find, mergePatch, present, requireResourceGroup, resourceGroupId } from '../resources.js';
import type { Route } from '../route-table.js';
import type { StoredResource } from '../../store/state-types.js';
import { recordReimage } from '../desktop/desktop-handlers.js';

const type = 'Microsoft.Compute/virtualMachines';
const vmPath = '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}';

export const virtualMachineWriteRoutes: readonly Route[] = [
  { method: 'PATCH', path: vmPath, operationId: 'VirtualMachines_Update', family: 'Microsoft.Compute/virtualMachines', handler: 'virtualMachines', longRunning: true, pageable: false },
  { method: 'POST', path: `${vmPath}/reimage`, operationId: 'VirtualMachines_Reimage', family: 'Microsoft.Compute/virtualMachines', handler: 'virtualMachines', longRunning: true, pageable: false },
];

function requireSeededVm(req: ArmRequest, ctx: HandlerContext): StoredResource {
  requireResourceGroup(req, ctx);
  const vm = find(ctx, `${resourceGroupId(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '')}/providers/${type}/${req.params.vmName ?? ''}`);
  if (!vm) throw armErrors.resourceNotFound(type, req.params.vmName ?? '', req.params.resourceGroupName ?? '');
  const op = vm.operationId ? ctx.state.operations[vm.operationId] : undefined;
  // CRP rejects a second operation on a VM while one runs.
  if (op && isRunning(op, ctx.now)) throw armErrors.conflict('OperationNotAllowed', `Operation '${req.operationId.split('_')[1] ?? ''}' is not allowed on VM '${req.params.vmName ?? ''}' since the VM is marked for update by another operation.`);
  return vm;
}

function start(req: ArmRequest, ctx: HandlerContext, vm: StoredResource): Record<string, string> {
  const { record, headers } = startOperation(ctx, {
    method: 'PATCH',
    resourceId: vm.id,
    location: String(vm.body.location ?? 'eastus'),
    subscriptionId: req.params.subscriptionId ?? '',
    apiVersion: req.apiVersion,
    durationMs: ctx.timing.lroDurationMs,
  });
  vm.operationId = record.id;
  return headers;
}

function update(req: ArmRequest, ctx: HandlerContext): { status: number; body: JsonObject; headers: Record<string, string> } {
  const vm = requireSeededVm(req, ctx);
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw armErrors.invalidRequestContent('The request content was invalid: the VM update must be a JSON object.');
  const body = req.body as JsonObject;
  const props = (body.properties ?? {}) as JsonObject;
  const storage = (props.storageProfile ?? {}) as JsonObject;
  const other = [...Object.keys(props).filter((k) => k !== 'storageProfile'), ...Object.keys(storage).filter((k) => k !== 'imageReference').map((k) => `storageProfile.${k}`)];
  if (other.length > 0) throw armErrors.invalidParameter(`properties.${other[0] ?? ''}`, `The emulator updates only storageProfile.imageReference and tags of a VM; '${other.join("', '")}' is not emulated (docs/emulator-deviations.md).`);
  const ref = storage.imageReference as JsonObject | undefined;
  if (ref !== undefined) {
    const current = ((vm.body.properties as JsonObject | undefined)?.storageProfile as JsonObject | undefined)?.imageReference as JsonObject | undefined;
    // An id replaces the whole reference (a gallery version id carries no publisher/offer/sku).
    vm.body = mergePatch(vm.body, { properties: { storageProfile: { imageReference: null } } });
    vm.body = mergePatch(vm.body, { properties: { storageProfile: { imageReference: typeof ref.id === 'string' ? ref : { ...(current ?? {}), ...ref } } } });
  }
  if (body.tags !== undefined) vm.body = mergePatch(vm.body, { tags: body.tags });
  const headers = start(req, ctx, vm);
  return { status: 200, body: present(vm, ctx), headers };
}

/** PATCH and reimage of a seeded VM; undefined for other VirtualMachines operations. */
export const virtualMachineWrites: ArmHandler = (req, ctx) => {
  if (req.operationId === 'VirtualMachines_Update') return update(req, ctx);
  const vm = requireSeededVm(req, ctx);
  const ref = ((vm.body.properties as JsonObject | undefined)?.storageProfile as JsonObject | undefined)?.imageReference as JsonObject | undefined;
  recordReimage(ctx, vm.id, String(ref?.id ?? ref?.exactVersion ?? ''));
  const headers = start(req, ctx, vm);
  return { status: 202, headers };
};
