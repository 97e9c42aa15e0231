/** The contract between the pipeline and the per-resource-type handlers (one handler module per type). */
import type { Authorizer } from '../authz/authz-types.js';
import type { EmulatorState, JsonObject } from '../store/state-types.js';

export interface Timing {
  /** Emulated duration of a create/update/delete LRO. */
  lroDurationMs: number;
  /** Value of Retry-After on 201/202 and polling responses. */
  retryAfterSeconds: number;
  /** Emulated time one replica takes to replicate into a region (Full mode). */
  replicationMsPerReplica: number;
  /** Emulated duration of each Azure Image Builder run phase (Building, Customizing, ...); default lroDurationMs. */
  imageBuilderPhaseMs?: number;
}

/** Faults that act on operations rather than on single HTTP exchanges. */
export interface OperationFaults {
  /** A failure to attach to the LRO this request starts, if one was scripted. */
  takeOperationFailure(method: string, resourceId: string): { code: string; message: string } | undefined;
  /** Failure details for replicating this version into this region, if injected. */
  replicationFailure(versionId: string, region: string): string | undefined;
}

export interface ArmRequest {
  method: string;
  pathname: string;
  params: Record<string, string>;
  query: URLSearchParams;
  apiVersion: string;
  body: unknown;
  operationId: string;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HandlerContext {
  state: EmulatorState;
  now: number;
  timing: Timing;
  faults: OperationFaults;
  /** https://localhost:PORT/ (with trailing slash). */
  baseUrl: string;
  /** Marks the state as changed so the pipeline persists it. */
  changed(): void;
  /** The emulator's RBAC, for the role assignment routes. */
  authz?: Authorizer;
}

/** A path parameter of the matched route; the router fills every one its template names, so a gap is a routing bug. */
export function routeParam(req: ArmRequest, name: string): string {
  const value = req.params[name];
  if (value === undefined) throw new Error(`internal: the route for ${req.pathname} has no {${name}} parameter`);
  return value;
}

export type ArmHandler = (req: ArmRequest, ctx: HandlerContext) => ArmResponse;

export type { JsonObject };
