/**
 * Microsoft.Compute/virtualMachines, read-only: list (subscription and resource group) and get over VMs seeded
 * into the state (as capture sources or image consumers). Creating VMs is not emulated; see docs/emulator-deviations.md.
 */
import { armErrors } from '../arm-error.js';
import type { ArmHandler } from '../handler-types.js';
import { find, page, present, requireResourceGroup, resourceGroupId, resourcesOfType } from '../resources.js';

const type = 'Microsoft.Compute/virtualMachines';

export const virtualMachinesHandler: ArmHandler = (req, ctx) => {
  const sub = `/subscriptions/${req.params.subscriptionId}`;
  switch (req.operationId) {
    case 'VirtualMachines_ListAll':
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, sub, type).map((r) => present(r, ctx))) };
    case 'VirtualMachines_List': {
      requireResourceGroup(req, ctx);
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, resourceGroupId(req.params.subscriptionId!, req.params.resourceGroupName!), type).map((r) => present(r, ctx))) };
    }
    case 'VirtualMachines_Get': {
      requireResourceGroup(req, ctx);
      const r = find(ctx, `${resourceGroupId(req.params.subscriptionId!, req.params.resourceGroupName!)}/providers/${type}/${req.params.vmName}`);
      if (!r) throw armErrors.resourceNotFound(type, req.params.vmName!, req.params.resourceGroupName!);
      return { status: 200, body: present(r, ctx) };
    }
    default:
      throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
