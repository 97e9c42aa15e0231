/**
 * Microsoft.Compute/virtualMachines, read-only: list (subscription, resource group), get and instanceView over
 * VMs seeded into the state (capture sources, image consumers) plus the VMs of Flexible scale sets (../vmss).
 * Lists accept ARM's one VM filter, `$filter='virtualMachineScaleSet/id' eq '<id>'`, and `$expand=instanceView`.
 * Creating VMs is not emulated; see docs/emulator-deviations.md.
 */
import { armErrors } from '../arm-error.js';
import { type ArmHandler, type ArmRequest, type HandlerContext, type JsonObject, routeParam } from '../handler-types.js';
import { page, present, requireResourceGroup, resourceGroupId, resourcesOfType, sameValue } from '../resources.js';
import { virtualMachineWrites } from './virtual-machine-writes.js';
import { flexibleInstanceView, flexibleVirtualMachine, flexibleVirtualMachines, scaleSetIdOfFilter } from '../vmss/flexible-vms.js';

const type = 'Microsoft.Compute/virtualMachines';

function scaleSetFilter(req: ArmRequest): string | undefined {
  try {
    return scaleSetIdOfFilter(req.query.get('$filter'));
  } catch (e) {
    throw armErrors.invalidParameter('$filter', (e as Error).message);
  }
}

function expandsInstanceView(req: ArmRequest): boolean {
  return (req.query.get('$expand') ?? '').toLowerCase() === 'instanceview';
}

/** Seeded VMs and Flexible scale set VMs under `scopeId`, narrowed to one scale set when filtered. */
function listUnder(req: ArmRequest, ctx: HandlerContext, scopeId: string): JsonObject[] {
  const scaleSetId = scaleSetFilter(req);
  const seeded = resourcesOfType(ctx, scopeId, type)
    .filter((r) => scaleSetId === undefined || sameValue(((r.body.properties as JsonObject | undefined)?.virtualMachineScaleSet as JsonObject | undefined)?.id, scaleSetId))
    .map((r) => present(r, ctx));
  const flexible = flexibleVirtualMachines(ctx.state, scopeId, ctx.now, { ...(scaleSetId ? { scaleSetId } : {}), expandInstanceView: expandsInstanceView(req) });
  return [...seeded, ...flexible];
}

function getOne(req: ArmRequest, ctx: HandlerContext, expand: boolean): JsonObject {
  requireResourceGroup(req, ctx);
  const rgId = resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName'));
  const seeded = resourcesOfType(ctx, rgId, type).find((r) => (r.id.split('/').pop() ?? '').toLowerCase() === routeParam(req, 'vmName').toLowerCase());
  const vm = seeded ? present(seeded, ctx) : flexibleVirtualMachine(ctx.state, rgId, routeParam(req, 'vmName'), ctx.now, expand);
  if (!vm) throw armErrors.resourceNotFound(type, routeParam(req, 'vmName'), routeParam(req, 'resourceGroupName'));
  return vm;
}

export const virtualMachinesHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'VirtualMachines_ListAll':
      return { status: 200, body: page(req, ctx, listUnder(req, ctx, `/subscriptions/${req.params.subscriptionId}`)) };
    case 'VirtualMachines_List':
      requireResourceGroup(req, ctx);
      return { status: 200, body: page(req, ctx, listUnder(req, ctx, resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName')))) };
    case 'VirtualMachines_Get':
      return { status: 200, body: getOne(req, ctx, expandsInstanceView(req)) };
    case 'VirtualMachines_InstanceView': {
      const vm = getOne(req, ctx, true);
      const rgId = resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName'));
      const view = flexibleInstanceView(ctx.state, rgId, routeParam(req, 'vmName'), ctx.now) ?? ((vm.properties as JsonObject | undefined)?.instanceView as JsonObject | undefined) ?? { statuses: [] };
      return { status: 200, body: view };
    }
    case 'VirtualMachines_Update':
    case 'VirtualMachines_Reimage':
      return virtualMachineWrites(req, ctx);
    default:
      throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
