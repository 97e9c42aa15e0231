/**
 * Maps an ARM request (method + path) to the RBAC action ARM checks and the scope it checks it over, using the
 * real action names (`Microsoft.Compute/galleries/images/versions/write`, `.../manualUpgrade/action`, ...).
 */

// Paths arrive in whatever case the client sent; the 403 message should name the canonical action.
const canonicalSegments: Record<string, string> = Object.fromEntries(
  [
    'Microsoft.Compute', 'Microsoft.Resources', 'Microsoft.Authorization', 'Microsoft.Network', 'Microsoft.Storage',
    'Microsoft.KeyVault', 'galleries', 'images', 'versions', 'applications', 'virtualMachines', 'virtualMachineScaleSets',
    'disks', 'snapshots', 'locations', 'skus', 'capsOperations', 'operations', 'resourceGroups', 'subscriptions',
    'providers', 'extensions', 'availabilitySets', 'diskAccesses', 'diskEncryptionSets', 'roleAssignments',
    'roleDefinitions', 'manualUpgrade', 'beginGetAccess', 'endGetAccess', 'powerOff', 'deallocate', 'start', 'restart',
    'generalize', 'capture', 'reimage', 'redeploy', 'runCommand', 'upgrade', 'updateInstances', 'share',
    'deleteInstances', 'osUpgradeHistory', 'instanceView', 'rollingUpgrades', 'resources', 'deployments',
    'reimageAll', 'osRollingUpgrade', 'cancel',
    'Microsoft.VirtualMachineImages', 'imageTemplates', 'runOutputs', 'run',
    // Azure spells the Desktop Virtualization actions in lower case (hostpools/sessionhosts/usersessions).
    'Microsoft.DesktopVirtualization', 'hostpools', 'sessionhosts', 'usersessions', 'disconnect', 'sendMessage',
    'sessionHostConfigurations', 'sessionHostManagements', 'initiateSessionHostUpdate', 'controlSessionHostUpdate',
    'sessionHostUpdateStatuses', 'operationStatuses', 'operationResults',
  ].map((name) => [name.toLowerCase(), name]),
);

function canonical(segment: string): string {
  return canonicalSegments[segment.toLowerCase()] ?? segment;
}

function segmentsOf(resourcePath: string): string[] {
  const path = resourcePath.split('?')[0] ?? '';
  return path.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
}

function verbFor(method: string): 'read' | 'write' | 'delete' | 'action' {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
      return 'read';
    case 'PUT':
    case 'PATCH':
      return 'write';
    case 'DELETE':
      return 'delete';
    default:
      return 'action';
  }
}

interface ParsedPath {
  /** Segments up to and including the provider namespace, e.g. subscriptions/s/resourceGroups/rg/providers/NS. */
  namespace: string;
  /** Segments after the namespace: type/name pairs, maybe followed by a collection or action name. */
  rest: string[];
}

/** Finds the last `providers/{namespace}` pair, where the resource types start. */
function parseProviderPath(segments: string[]): ParsedPath | undefined {
  for (let i = segments.length - 2; i >= 0; i--) {
    if (segments[i]?.toLowerCase() === 'providers') {
      return { namespace: canonical(segments[i + 1] ?? ''), rest: segments.slice(i + 2) };
    }
  }
  return undefined;
}

/** Action for a path below `/subscriptions/{s}` with no provider segment (resource groups, locations, ...). */
function resourcesAction(segments: string[], verb: string): string {
  // segments: subscriptions, s, [resourceGroups, rg, [resources|deployments...]] | [locations]
  const types = ['subscriptions'];
  for (let i = 2; i < segments.length; i += 2) types.push(canonical(segments[i] ?? ''));
  const readOnly = types.length === 2 && types[1] === 'locations';
  return `Microsoft.Resources/${types.join('/')}/${readOnly ? 'read' : verb === 'action' ? 'read' : verb}`;
}

/**
 * The RBAC action ARM checks for this request, e.g.
 * ('PUT', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g') -> 'Microsoft.Compute/galleries/write'.
 */
export function armActionFor(method: string, resourcePath: string): string {
  const segments = segmentsOf(resourcePath);
  const verb = verbFor(method);
  const provider = parseProviderPath(segments);
  if (!provider) {
    if (segments.length === 0) return 'Microsoft.Resources/subscriptions/read';
    return resourcesAction(segments, verb);
  }
  const { namespace, rest } = provider;
  const types: string[] = [];
  for (let i = 0; i < rest.length; i += 2) types.push(canonical(rest[i] ?? ''));
  // Operation status documents are read whatever their path below locations/{x}.
  if (types[0] === 'locations' && (types[1] === 'capsOperations' || types[1] === 'operations')) {
    return `${namespace}/locations/${types[1]}/read`;
  }
  if (rest.length % 2 === 1 && verb === 'action' && types.length > 1) {
    // POST .../{type}/{name}/{action}: the last segment is an action, not a collection.
    const action = types.pop() as string;
    return `${namespace}/${types.join('/')}/${action}/action`;
  }
  if (verb === 'action' && types[types.length - 1] === 'rollingUpgrades') {
    // POST .../virtualMachineScaleSets/{n}/rollingUpgrades/cancel: the name slot holds the action.
    return `${namespace}/${types.join('/')}/${canonical(rest[rest.length - 1] ?? '')}/action`;
  }
  if (types.length === 0) return `${namespace}/register/action`;
  return `${namespace}/${types.join('/')}/${verb === 'action' ? 'action' : verb}`;
}

/**
 * The resource id a request acts on: api paths reduced to the resource (collections -> their parent, actions ->
 * their resource, `/providers/{ns}` alone -> the scope above it). Query strings are dropped.
 */
export function scopeOf(resourcePath: string): string {
  const segments = segmentsOf(resourcePath);
  const provider = parseProviderPath(segments);
  let keep: string[];
  if (provider) {
    const prefixLength = segments.length - provider.rest.length;
    const rest = provider.rest.length % 2 === 1 ? provider.rest.slice(0, -1) : provider.rest;
    keep = rest.length === 0 ? segments.slice(0, prefixLength - 2) : [...segments.slice(0, prefixLength), ...rest];
  } else {
    keep = segments.length % 2 === 1 ? segments.slice(0, -1) : segments;
  }
  return `/${keep.join('/')}`;
}
