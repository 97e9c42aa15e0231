/**
 * Provider registration info (GET /subscriptions/{s}/providers[/{namespace}]) and the generic resource list
 * (GET .../resources). Resource types and api-versions come from the route table and api-versions.ts, so what a
 * client learns here (`az resource show` picks its api-version from it) is exactly what the emulator serves.
 */
import { ArmError } from '../arm-error.js';
import { supportedApiVersions, type ApiVersionFamily } from '../api-versions.js';
import { regions } from '../data/regions.js';
import type { ArmHandler, ArmRequest, HandlerContext } from '../handler-types.js';
import { requireResourceGroup, resourceGroupId } from '../resources.js';
import { routes } from '../route-table.js';
import type { JsonObject } from '../../store/state-types.js';
import { defined } from '../../defined.js';

interface ProviderType { namespace: string; resourceType: string; family: ApiVersionFamily }

/** `providers/{ns}/a/{x}/b/{y}` -> namespace + 'a/b' for every GET route with a provider segment. */
function providerTypes(): ProviderType[] {
  const seen = new Map<string, ProviderType>();
  for (const route of routes) {
    if (route.method !== 'GET') continue;
    const parts = route.path.split('/').filter(Boolean);
    const i = parts.findIndex((p, k) => p.toLowerCase() === 'providers' && k === parts.map((x) => x.toLowerCase()).lastIndexOf('providers'));
    const namespace = parts[i + 1];
    if (i < 0 || !namespace) continue;
    const types: string[] = [];
    for (let k = i + 2; k < parts.length; k += 2) {
      const type = defined(parts[k], 'route segment');
      if (type.startsWith('{')) break;
      types.push(type);
    }
    if (types.length === 0) continue;
    const key = `${namespace}/${types.join('/')}`.toLowerCase();
    if (!seen.has(key)) seen.set(key, { namespace, resourceType: types.join('/'), family: route.family });
  }
  return [...seen.values()];
}

function providerBody(subscriptionId: string, namespace: string, types: ProviderType[]): JsonObject {
  const locations = regions.map((r) => r.displayName);
  return {
    id: `/subscriptions/${subscriptionId}/providers/${namespace}`,
    namespace,
    registrationState: 'Registered',
    registrationPolicy: 'RegistrationRequired',
    resourceTypes: types.map((t) => ({
      resourceType: t.resourceType,
      locations: t.resourceType.toLowerCase().startsWith('locations') ? [] : locations,
      // Newest first, as ARM lists them.
      apiVersions: [...supportedApiVersions[t.family]].sort().reverse(),
      capabilities: 'None',
    })),
  };
}

export const providersHandler: ArmHandler = (req) => {
  const subscriptionId = req.params.subscriptionId ?? '';
  const byNamespace = new Map<string, ProviderType[]>();
  for (const t of providerTypes()) {
    const list = byNamespace.get(t.namespace.toLowerCase()) ?? [];
    list.push(t);
    byNamespace.set(t.namespace.toLowerCase(), list);
  }
  if (req.operationId === 'Providers_List') {
    return { status: 200, body: { value: [...byNamespace.values()].map((types) => providerBody(subscriptionId, defined(types[0], 'provider type').namespace, types)) } };
  }
  const wanted = req.params.resourceProviderNamespace ?? '';
  const types = byNamespace.get(wanted.toLowerCase());
  if (!types) {
    throw new ArmError(404, 'InvalidResourceNamespace', `The resource namespace '${wanted}' is invalid.`);
  }
  return { status: 200, body: providerBody(subscriptionId, defined(types[0], 'provider type').namespace, types) };
};

/** The generic resource view ARM lists: id, name, type, location, tags (+ kind/sku/managedBy when set). */
function genericView(body: JsonObject): JsonObject {
  const out: JsonObject = { id: body.id, name: body.name, type: body.type, location: body.location };
  for (const k of ['kind', 'sku', 'managedBy', 'tags', 'identity', 'plan']) if (body[k] !== undefined) out[k] = body[k];
  return out;
}

/** `resourceGroup eq '…'`, `resourceType eq '…'`, `name eq '…'` joined by `and`, as `az resource list` sends them. */
function resourceFilter(filter: string | null): (r: JsonObject) => boolean {
  if (!filter) return () => true;
  const clauses = filter.split(/\s+and\s+/i).map((c) => {
    const m = /^\s*(resourceGroup|resourceType|name)\s+eq\s+'([^']*)'\s*$/i.exec(c);
    if (!m) throw new ArmError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}'. The emulator supports resourceGroup, resourceType and name with eq, joined by and.`);
    return { field: defined(m[1], 'filter field').toLowerCase(), value: defined(m[2], 'filter value').toLowerCase() };
  });
  const valueOf = (r: JsonObject, field: string): string =>
    field === 'resourcegroup' ? String(r.id).split('/')[4] ?? '' : field === 'resourcetype' ? String(r.type) : String(r.name);
  return (r) => clauses.every((c) => valueOf(r, c.field).toLowerCase() === c.value);
}

export const genericResourcesHandler: ArmHandler = (req: ArmRequest, ctx: HandlerContext) => {
  const subscriptionId = req.params.subscriptionId ?? '';
  let scope = `/subscriptions/${subscriptionId}`;
  if (req.params.resourceGroupName !== undefined) {
    requireResourceGroup(req, ctx);
    scope = resourceGroupId(subscriptionId, req.params.resourceGroupName);
  }
  const prefix = `${scope.toLowerCase()}/`;
  const matches = resourceFilter(req.query.get('$filter'));
  const value = Object.entries(ctx.state.resources)
    .filter(([key, r]) => key.startsWith(prefix) && r.type.toLowerCase() !== 'microsoft.resources/resourcegroups' && r.body.location !== undefined)
    .map(([, r]) => genericView(r.body))
    .filter(matches)
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  return { status: 200, body: { value } };
};
