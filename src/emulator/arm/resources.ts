/** Shared helpers for ARM resource handlers: ids, parent lookups, location checks, paging, serialization. */
import { ArmError, armErrors } from './arm-error.js';
import { findRegion, regions } from './data/regions.js';
import type { ArmRequest, HandlerContext } from './handler-types.js';
import { provisioningStateOf } from './lro.js';
import type { JsonObject, StoredResource } from '../store/state-types.js';
import { defined } from '../defined.js';

export function resourceGroupId(subscriptionId: string, resourceGroupName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`;
}

export function find(ctx: HandlerContext, id: string): StoredResource | undefined {
  return ctx.state.resources[id.toLowerCase()];
}

/** The resource group, or ARM's 404 ResourceGroupNotFound. */
export function requireResourceGroup(req: ArmRequest, ctx: HandlerContext): StoredResource {
  const name = req.params.resourceGroupName ?? '';
  const rg = find(ctx, resourceGroupId(req.params.subscriptionId ?? '', name));
  if (!rg) throw armErrors.resourceGroupNotFound(name);
  return rg;
}

/** A direct child list: resources of `type` whose id is `parentId/<segment>/<name>`. */
export function children(ctx: HandlerContext, parentId: string, type: string): StoredResource[] {
  const prefix = `${parentId.toLowerCase()}/`;
  return Object.entries(ctx.state.resources)
    .filter(([key, r]) => key.startsWith(prefix) && r.type === type && key.slice(prefix.length).split('/').length === 2)
    .map(([, r]) => r);
}

/** Resources of `type` anywhere under `scopeId` (subscription or resource group). */
export function resourcesOfType(ctx: HandlerContext, scopeId: string, type: string): StoredResource[] {
  const prefix = `${scopeId.toLowerCase()}/`;
  return Object.entries(ctx.state.resources)
    .filter(([key, r]) => key.startsWith(prefix) && r.type.toLowerCase() === type.toLowerCase())
    .map(([, r]) => r);
}

/** Validates and normalizes a resource location; ARM rejects regions the resource type is not offered in. */
export function requireLocation(body: JsonObject, resourceType: string): string {
  const raw = body.location;
  if (raw === undefined || raw === null || raw === '') throw armErrors.missingProperty('location');
  if (typeof raw !== 'string' || !findRegion(raw)) {
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${String(raw)}' is not available for resource type '${resourceType}'. List of available regions for the resource type is '${regions.map((r) => r.name).join(',')}'.`,
      'location',
    );
  }
  return defined(findRegion(raw), `region ${String(raw)}`).name;
}

/** Keeps only writable top-level keys of a request body: ARM ignores read-only ones (id, name, type, ...). */
export function writableTopLevel(body: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of keys) if (body[k] !== undefined) out[k] = body[k];
  return out;
}

/** Serializes a stored resource with its live provisioningState. */
export function present(resource: StoredResource, ctx: HandlerContext, extra?: (props: JsonObject) => void): JsonObject {
  const body = structuredClone(resource.body);
  const props = (body.properties ?? {}) as JsonObject;
  if (resource.type.toLowerCase() !== 'microsoft.resources/resourcegroups' || props.provisioningState !== undefined) {
    props.provisioningState = provisioningStateOf(resource, ctx);
  }
  extra?.(props);
  body.properties = props;
  return body;
}

const pageSize = 50;

/** One page of a list response; nextLink carries a skip token and the same api-version. */
export function page(req: ArmRequest, ctx: HandlerContext, items: JsonObject[], size = pageSize): { value: JsonObject[]; nextLink?: string } {
  const skip = Number(req.query.get('$skiptoken') ?? '0') || 0;
  const sorted = [...items].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const value = sorted.slice(skip, skip + size);
  if (skip + size >= sorted.length) return { value };
  const q = new URLSearchParams(req.query);
  q.set('$skiptoken', String(skip + size));
  return { value, nextLink: `${ctx.baseUrl}${req.pathname.slice(1)}?${q.toString()}` };
}

/** Merges a PATCH body into a stored one (objects deep, arrays and scalars replaced), as ARM PATCH does. */
export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (typeof v === 'object' && !Array.isArray(v) && typeof out[k] === 'object' && out[k] !== null && !Array.isArray(out[k])) {
      out[k] = mergePatch(out[k] as JsonObject, v as JsonObject);
    } else out[k] = v;
  }
  return out;
}

/** Compares two JSON values ignoring key order and string case (ARM compares enum values case-insensitively). */
export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    typeof v === 'string' ? v.toLowerCase()
      : Array.isArray(v) ? v.map(norm)
        : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)).map(([k, x]) => [k.toLowerCase(), norm(x)]))
          : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}
