/**
 * Flexible scale sets' instances as Microsoft.Compute/virtualMachines bodies (with the virtualMachineScaleSet
 * reference), which the virtualMachines handler serves: in Azure a Flexible scale set's VMs are only reachable
 * that way (listed with `$filter='virtualMachineScaleSet/id' eq '<scale set id>'`), not through the scale-set VM API.
 */
import type { EmulatorState, JsonObject } from '../../store/state-types.js';
import { instanceView } from './instance-view.js';
import { instanceAt, instancesOf, SCALE_SET_TYPE } from './vmss-model.js';
import { defined } from '../../defined.js';

/** VM bodies of every Flexible scale set's instances under `scopeId`, optionally of one scale set only. */
export function flexibleVirtualMachines(state: EmulatorState, scopeId: string, now: number, opts: { scaleSetId?: string; expandInstanceView?: boolean } = {}): JsonObject[] {
  const prefix = `${scopeId.toLowerCase()}/`;
  const out: JsonObject[] = [];
  for (const [key, r] of Object.entries(state.resources)) {
    if (!key.startsWith(prefix) || r.type !== SCALE_SET_TYPE) continue;
    if (opts.scaleSetId && key !== opts.scaleSetId.toLowerCase()) continue;
    const vmss = r.body;
    if (String((vmss.properties as JsonObject | undefined)?.orchestrationMode) !== 'Flexible') continue;
    const rgId = r.id.split('/providers/')[0] ?? r.id;
    for (const inst of instancesOf(state, r.id)) {
      const at = instanceAt(state, r.id, inst, now);
      const props: JsonObject = {
        vmId: inst.vmId,
        virtualMachineScaleSet: { id: r.id },
        storageProfile: { imageReference: { ...at.running.imageReference, exactVersion: at.running.versionId.split('/').pop() } },
        provisioningState: at.updating ? 'Updating' : 'Succeeded',
        timeCreated: new Date(inst.createdAt).toISOString(),
      };
      if (opts.expandInstanceView) props.instanceView = instanceView(state, at, now);
      out.push({ id: `${rgId}/providers/Microsoft.Compute/virtualMachines/${inst.name}`, name: inst.name, type: 'Microsoft.Compute/virtualMachines', location: vmss.location, properties: props });
    }
  }
  return out;
}

/** The Flexible VM `name` in resource group `rgId`, or undefined (seeded standalone VMs are not found here). */
export function flexibleVirtualMachine(state: EmulatorState, rgId: string, name: string, now: number, expandInstanceView = false): JsonObject | undefined {
  return flexibleVirtualMachines(state, rgId, now, { expandInstanceView }).find((vm) => String(vm.name).toLowerCase() === name.toLowerCase());
}

/** The instance view of a Flexible VM (GET virtualMachines/{name}/instanceView), or undefined. */
export function flexibleInstanceView(state: EmulatorState, rgId: string, name: string, now: number): JsonObject | undefined {
  const vm = flexibleVirtualMachine(state, rgId, name, now, true);
  return vm ? ((vm.properties as JsonObject).instanceView as JsonObject) : undefined;
}

/**
 * The scale set id of `$filter='virtualMachineScaleSet/id' eq '<id>'`, the only filter ARM accepts on a VM list;
 * undefined for no filter. Anything else throws, for the handler to answer 400 InvalidParameter.
 */
export function scaleSetIdOfFilter(filter: string | null): string | undefined {
  if (filter === null || filter.trim() === '') return undefined;
  const m = /^\s*'?virtualMachineScaleSet\/id'?\s+eq\s+'([^']+)'\s*$/i.exec(filter);
  if (!m) throw new Error(`The $filter '${filter}' is not supported; the only filter is 'virtualMachineScaleSet/id' eq '<scale set id>'.`);
  return defined(m[1], 'VM name');
}
