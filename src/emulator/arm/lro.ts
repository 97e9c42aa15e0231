/**
 * Long-running operations the way CRP runs them: 201/202 with Azure-AsyncOperation + Location + Retry-After, a
 * capsOperations status document, and a Location monitor that answers 202 until done. State is derived from the
 * operation's stored start/end times and the emulated clock (like Azurite's lease factory): no timers.
 */
import { randomUUID } from 'node:crypto';
import { ArmError } from './arm-error.js';
import type { ArmRequest, ArmResponse, HandlerContext } from './handler-types.js';
import type { OperationRecord, StoredResource } from '../store/state-types.js';

export interface StartOperation {
  method: OperationRecord['method'];
  resourceId: string;
  location: string;
  subscriptionId: string;
  apiVersion: string;
  durationMs: number;
  /** Forced failure (e.g. replication failed); scripted faults are added by startOperation itself. */
  failure?: { code: string; message: string };
}

/** Records an operation and returns the polling headers ARM sends with 201/202. */
export function startOperation(ctx: HandlerContext, op: StartOperation): { record: OperationRecord; headers: Record<string, string> } {
  const id = randomUUID();
  const failure = op.failure ?? ctx.faults.takeOperationFailure(op.method, op.resourceId);
  const record: OperationRecord = {
    id,
    method: op.method,
    resourceId: op.resourceId,
    location: op.location,
    apiVersion: op.apiVersion,
    startTime: ctx.now,
    endTime: ctx.now + Math.max(0, op.durationMs),
    outcome: failure ? 'Failed' : 'Succeeded',
    ...(failure ? { error: failure } : {}),
    settled: false,
  };
  ctx.state.operations[id] = record;
  ctx.changed();
  const statusUrl = `${ctx.baseUrl}subscriptions/${op.subscriptionId}/providers/Microsoft.Compute/locations/${op.location}/capsOperations/${id}`;
  return {
    record,
    headers: {
      'Azure-AsyncOperation': `${statusUrl}?p=${id}&api-version=${op.apiVersion}`,
      Location: `${statusUrl}?p=${id}&monitor=true&api-version=${op.apiVersion}`,
      'Retry-After': String(ctx.timing.retryAfterSeconds),
    },
  };
}

/** The provisioningState of a resource: transitional while its operation runs, else the outcome. */
export function provisioningStateOf(resource: StoredResource, ctx: HandlerContext): string {
  const op = resource.operationId ? ctx.state.operations[resource.operationId] : undefined;
  if (!op) return 'Succeeded';
  if (ctx.now < op.endTime) return op.method === 'DELETE' ? 'Deleting' : op.method === 'PATCH' ? 'Updating' : 'Creating';
  return op.outcome;
}

export function isRunning(op: OperationRecord, now: number): boolean {
  return now < op.endTime;
}

/** Applies the effects of finished operations (deletes remove the resource and its children). */
export function settleOperations(ctx: HandlerContext): void {
  for (const op of Object.values(ctx.state.operations)) {
    if (op.settled || isRunning(op, ctx.now)) continue;
    op.settled = true;
    if (op.method === 'DELETE' && op.outcome === 'Succeeded') {
      const prefix = op.resourceId.toLowerCase();
      for (const key of Object.keys(ctx.state.resources)) {
        if (key === prefix || key.startsWith(`${prefix}/`)) delete ctx.state.resources[key];
      }
    }
    ctx.changed();
  }
}

/** GET .../capsOperations/{id}: the status document, or with monitor=true the Location semantics. */
export function handleOperationStatus(
  req: ArmRequest,
  ctx: HandlerContext,
  finalBody: (op: OperationRecord) => unknown,
): ArmResponse {
  const op = ctx.state.operations[req.params.operationId ?? ''];
  if (!op) throw new ArmError(404, 'NotFound', `The operation '${req.params.operationId}' was not found.`);
  const running = isRunning(op, ctx.now);
  const retry = { 'Retry-After': String(ctx.timing.retryAfterSeconds) };
  if (req.query.get('monitor') === 'true') {
    if (running) return { status: 202, headers: { ...retry, Location: `${ctx.baseUrl}${req.pathname.slice(1)}?${req.query.toString()}` } };
    if (op.outcome === 'Failed') throw new ArmError(400, op.error?.code ?? 'OperationFailed', op.error?.message ?? 'The operation failed.');
    if (op.method === 'DELETE') return { status: 200 };
    return { status: 200, body: finalBody(op) };
  }
  const doc: Record<string, unknown> = {
    startTime: new Date(op.startTime).toISOString(),
    status: running ? 'InProgress' : op.outcome,
    name: op.id,
  };
  if (!running) doc.endTime = new Date(op.endTime).toISOString();
  if (!running && op.outcome === 'Failed') doc.error = op.error;
  return { status: 200, body: doc, headers: running ? retry : {} };
}
