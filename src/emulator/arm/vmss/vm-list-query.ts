/**
 * The query options of VirtualMachineScaleSetVMs_List, with the values the Compute spec allows (its parameter
 * descriptions, as @azure/arm-compute's VirtualMachineScaleSetVMsListOptionalParams repeats them):
 * `$expand=instanceView`; `$select=instanceView` or `instanceView/statuses`; `$filter` one of
 * `startswith(instanceView/statuses/code, 'PowerState') eq true`, `properties/latestModelApplied eq true|false`.
 * Any other value is a 400 naming the parameter, never silently ignored.
 */
import { armErrors } from '../arm-error.js';
import type { ArmRequest, JsonObject } from '../handler-types.js';

export interface VmListQuery {
  /** Include properties.instanceView. */
  instanceView: boolean;
  /** $select=instanceView/statuses: the instance view carries its statuses only. */
  statusesOnly: boolean;
  /** Keep only instances whose latestModelApplied equals this. */
  latestModelApplied?: boolean;
}

const normal = (v: string) => v.trim().replace(/\s+/g, ' ').replace(/"/g, "'").toLowerCase();

function parseFilter(raw: string | null): Pick<VmListQuery, 'latestModelApplied'> {
  if (raw === null || raw.trim() === '') return {};
  const f = normal(raw);
  // Every instance has a PowerState status: the filter keeps them all.
  if (f === "startswith(instanceview/statuses/code, 'powerstate') eq true") return {};
  if (f === 'properties/latestmodelapplied eq true') return { latestModelApplied: true };
  if (f === 'properties/latestmodelapplied eq false') return { latestModelApplied: false };
  throw armErrors.invalidParameter('$filter', `The $filter '${raw}' is not supported. Allowed: startswith(instanceView/statuses/code, 'PowerState') eq true, properties/latestModelApplied eq true, properties/latestModelApplied eq false.`);
}

/** Reads and checks the list's $expand, $select and $filter. */
export function vmListQuery(req: ArmRequest): VmListQuery {
  const expand = normal(req.query.get('$expand') ?? '');
  if (expand !== '' && expand !== 'instanceview') throw armErrors.invalidParameter('$expand', `The $expand '${req.query.get('$expand')}' is not supported. Allowed: instanceView.`);
  const select = normal(req.query.get('$select') ?? '');
  if (select !== '' && select !== 'instanceview' && select !== 'instanceview/statuses') {
    throw armErrors.invalidParameter('$select', `The $select '${req.query.get('$select')}' is not supported. Allowed: instanceView, instanceView/statuses.`);
  }
  return { instanceView: expand !== '' || select !== '', statusesOnly: select === 'instanceview/statuses', ...parseFilter(req.query.get('$filter')) };
}

/** Applies the query to one presented scale-set VM: undefined when the filter drops it. */
export function applyVmListQuery(q: VmListQuery, vm: JsonObject): JsonObject | undefined {
  const props = vm.properties as JsonObject;
  if (q.latestModelApplied !== undefined && props.latestModelApplied !== q.latestModelApplied) return undefined;
  if (q.statusesOnly && props.instanceView !== undefined) props.instanceView = { statuses: (props.instanceView as JsonObject).statuses };
  return vm;
}
