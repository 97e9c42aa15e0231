/**
 * Scale-set VMs of Uniform scale sets (list/get/instanceView) and rolling upgrades (osRollingUpgrade, rollingUpgrades/latest, cancel).
 * Every answer is derived from the instances' stored start/end times and the clock of this request.
 */
import { ArmError, armErrors } from '../arm-error.js';
import type { ArmHandler, ArmRequest, ArmResponse, HandlerContext, JsonObject } from '../handler-types.js';
import { findRegion } from '../data/regions.js';
import { vmSizesIn } from '../data/skus.js';
import { page } from '../resources.js';
import { instanceView, presentInstance } from '../vmss/instance-view.js';
import { cancelRolling, isFlexible, rollingInProgress, startRolling } from '../vmss/model-change.js';
import { rollingOutcome, rollingStatusBody } from '../vmss/rolling-upgrade.js';
import { currentModel, instanceAt, instancesOf, isUnhealthyVersion, loadSim, upgradeModeOf } from '../vmss/vmss-model.js';
import { applyVmListQuery, vmListQuery } from '../vmss/vm-list-query.js';
import { actionAccepted, requireScaleSet } from './scale-sets.js';

function expandsInstanceView(req: ArmRequest): boolean {
  return (req.query.get('$expand') ?? '').toLowerCase().includes('instanceview');
}

/**
 * The scale set of a scale-set VM request. CRP serves these only for Uniform orchestration: a Flexible scale
 * set's VMs are Microsoft.Compute/virtualMachines resources, listed with a virtualMachineScaleSet/id filter.
 */
function uniformScaleSet(req: ArmRequest, ctx: HandlerContext, operation: string): { id: string; body: JsonObject } {
  const vmss = requireScaleSet(req, ctx);
  if (isFlexible(vmss.body)) {
    throw new ArmError(
      409,
      'OperationNotAllowed',
      `Operation '${operation}' is not allowed on Virtual Machine Scale Set '${String(vmss.body.name)}' since it uses Flexible orchestration mode. ` +
        `Use the virtual machines API with $filter='virtualMachineScaleSet/id' eq '${vmss.id}'.`,
    );
  }
  return vmss;
}

function oneInstance(req: ArmRequest, ctx: HandlerContext, operation: string) {
  const vmss = uniformScaleSet(req, ctx, operation);
  const inst = instancesOf(ctx.state, vmss.id).find((i) => i.instanceId === req.params.instanceId);
  if (!inst) throw armErrors.notFound(`The virtual machine '${req.params.instanceId}' of scale set '${String(vmss.body.name)}' was not found.`, 'instanceId');
  return { vmss, at: instanceAt(ctx.state, vmss.id, inst, ctx.now) };
}

function rollingLatest(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const vmss = requireScaleSet(req, ctx);
  const rec = loadSim(ctx.state, vmss.id).rolling;
  if (!rec) throw new ArmError(404, 'NotFound', `No rolling upgrade has run on scale set '${String(vmss.body.name)}'.`);
  const unhealthy = (v: string) => isUnhealthyVersion(ctx.state, v);
  return { status: 200, body: rollingStatusBody(rec, rollingOutcome(rec, ctx.now, unhealthy), vmss.id, String(vmss.body.location), unhealthy(rec.targetVersionId)) };
}

function startOsRollingUpgrade(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const vmss = requireScaleSet(req, ctx);
  if (upgradeModeOf(vmss.body) === 'Manual') {
    throw new ArmError(409, 'OperationNotAllowed', `Rolling upgrades need upgradePolicy.mode Rolling or Automatic; scale set '${String(vmss.body.name)}' uses Manual. Use manualupgrade instead.`);
  }
  if (rollingInProgress(ctx, vmss.id)) {
    throw new ArmError(409, 'RollingUpgradeInProgress', `A rolling upgrade is already in progress on scale set '${String(vmss.body.name)}'. Cancel it or wait for it to finish.`);
  }
  return actionAccepted(req, ctx, vmss, startRolling(ctx, vmss.id, vmss.body));
}

function cancel(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const vmss = requireScaleSet(req, ctx);
  if (!cancelRolling(ctx, vmss.id)) {
    throw new ArmError(409, 'RollingUpgradeNotInProgress', `No rolling upgrade is in progress on scale set '${String(vmss.body.name)}'.`);
  }
  return actionAccepted(req, ctx, vmss, ctx.now);
}

/**
 * The sizes a scale set may be resized to: every emulated VM size offered in its region, in the spec's
 * VirtualMachineScaleSetSku shape. Capacity limits are the emulator's (0..1000, Uniform's documented maximum for
 * platform and gallery images); CRP's per-size limits and quota are not modelled.
 */
function listSkus(req: ArmRequest, ctx: HandlerContext): { value: JsonObject[] } {
  const vmss = requireScaleSet(req, ctx);
  const region = findRegion(String(vmss.body.location))?.name ?? String(vmss.body.location);
  const value = vmSizesIn(region).map((name) => ({
    resourceType: 'Microsoft.Compute/virtualMachineScaleSets',
    sku: { name, tier: 'Standard' },
    capacity: { minimum: 0, maximum: 1000, defaultCapacity: 1, scaleType: 'Automatic' },
  }));
  return { value };
}

export const scaleSetVmsHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'VirtualMachineScaleSetVMs_List': {
      const vmss = uniformScaleSet(req, ctx, 'VirtualMachineScaleSetVMs.List.GET');
      const latest = currentModel(ctx.state, vmss.body).profileHash;
      const q = vmListQuery(req);
      const items = instancesOf(ctx.state, vmss.id).flatMap((i): JsonObject[] => {
        const vm = applyVmListQuery(q, presentInstance(ctx.state, vmss.body, vmss.id, instanceAt(ctx.state, vmss.id, i, ctx.now), latest, ctx.now, q.instanceView));
        return vm === undefined ? [] : [vm];
      });
      return { status: 200, body: page(req, ctx, items, 100) };
    }
    case 'VirtualMachineScaleSetVMs_Get': {
      const { vmss, at } = oneInstance(req, ctx, 'VirtualMachineScaleSetVMs.Get.GET');
      return { status: 200, body: presentInstance(ctx.state, vmss.body, vmss.id, at, currentModel(ctx.state, vmss.body).profileHash, ctx.now, expandsInstanceView(req)) };
    }
    case 'VirtualMachineScaleSetVMs_GetInstanceView': {
      const { at } = oneInstance(req, ctx, 'VirtualMachineScaleSetVMs.GetInstanceView.GET');
      return { status: 200, body: instanceView(ctx.state, at, ctx.now) };
    }
    case 'VirtualMachineScaleSets_ListSkus': return { status: 200, body: listSkus(req, ctx) };
    case 'VirtualMachineScaleSetRollingUpgrades_GetLatest': return rollingLatest(req, ctx);
    case 'VirtualMachineScaleSetRollingUpgrades_StartOSUpgrade': return startOsRollingUpgrade(req, ctx);
    case 'VirtualMachineScaleSetRollingUpgrades_Cancel': return cancel(req, ctx);
    default: throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
