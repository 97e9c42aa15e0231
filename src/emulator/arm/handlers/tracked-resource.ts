/** The create/update/delete flow every Microsoft.Compute tracked resource shares (201/200 + LRO headers, 202 delete). */
import { armErrors } from '../arm-error.js';
import { type ArmRequest, type ArmResponse, type HandlerContext, type JsonObject, routeParam } from '../handler-types.js';
import { startOperation } from '../lro.js';
import { children, find, present } from '../resources.js';
import type { StoredResource } from '../../store/state-types.js';
import { defined } from '../../defined.js';

export interface Upsert {
  req: ArmRequest;
  ctx: HandlerContext;
  id: string;
  type: string;
  existing: StoredResource | undefined;
  body: JsonObject;
  location: string;
  /** Emulated LRO duration; defaults to timing.lroDurationMs. */
  durationMs?: number;
  failure?: { code: string; message: string };
  replication?: StoredResource['replication'];
  sourceKey?: string;
  extra?: (props: JsonObject) => void;
  /** What a create answers: CRP 201; the Disk RP 202 (disks, snapshots: DiskRP 2024-03-02 examples answer 200/202). */
  createStatus?: 201 | 202;
}

/** Stores the resource, starts its operation and answers as CRP does: 201 (Disk RP: 202) on create, 200 on update (PUT or PATCH). */
export function upsert(u: Upsert): ArmResponse {
  const { req, ctx } = u;
  const method = req.method === 'PATCH' ? 'PATCH' : 'PUT';
  const { record, headers } = startOperation(ctx, {
    // The record's method drives the transitional state: Creating for a new id, Updating otherwise.
    method: u.existing ? 'PATCH' : 'PUT',
    resourceId: u.id,
    location: u.location,
    subscriptionId: routeParam(req, 'subscriptionId'),
    apiVersion: req.apiVersion,
    durationMs: u.durationMs ?? ctx.timing.lroDurationMs,
    ...(u.failure ? { failure: u.failure } : {}),
  });
  const stored: StoredResource = { id: u.existing?.id ?? u.id, type: u.type, body: u.body, operationId: record.id };
  if (u.replication) stored.replication = u.replication;
  if (u.sourceKey) stored.sourceKey = u.sourceKey;
  ctx.state.resources[u.id.toLowerCase()] = stored;
  ctx.changed();
  const out = present(stored, ctx, u.extra);
  if (method === 'PATCH' || u.existing) return { status: 200, body: out, headers: { 'Azure-AsyncOperation': defined(headers['Azure-AsyncOperation'], 'Azure-AsyncOperation header') } };
  return { status: u.createStatus ?? 201, body: out, headers };
}

/** DELETE: 204 when absent (ARM is idempotent), 409 with nested children, else 202 + polling headers. */
export function deleteTracked(
  req: ArmRequest,
  ctx: HandlerContext,
  id: string,
  childType?: { type: string; label: string },
): ArmResponse {
  const existing = find(ctx, id);
  if (!existing) return { status: 204 };
  if (childType) {
    const nested = children(ctx, id, childType.type);
    if (nested.length > 0) {
      throw armErrors.conflict(
        'CannotDeleteResource',
        `Can not delete resource before nested resources are deleted. '${existing.id}' still holds ${nested.length} ${childType.label}: ${nested.slice(0, 5).map((n) => n.id.split('/').pop()).join(', ')}.`,
      );
    }
  }
  const { record, headers } = startOperation(ctx, {
    method: 'DELETE',
    resourceId: existing.id,
    location: String(existing.body.location ?? 'eastus'),
    subscriptionId: routeParam(req, 'subscriptionId'),
    apiVersion: req.apiVersion,
    durationMs: ctx.timing.lroDurationMs,
  });
  existing.operationId = record.id;
  ctx.changed();
  return { status: 202, headers };
}
