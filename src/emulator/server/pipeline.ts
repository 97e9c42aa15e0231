/**
 * The request pipeline, in one place so its order is explicit (as Azurite's BlobRequestListenerFactory):
 *   1. context     request id, correlation id, body, emulated time
 *   2. admin       /_emulator/* (admin key), never faulted
 *   3. identity    Entra/GitHub OIDC routes owned by the identity service; then Key Vault /keys/** (own audience)
 *   4. dispatch    method + path template (most specific) + api-version -> route, or ARM's 400/404
 *   5. faults      injected 429/5xx/reset/latency (ARM routes unless a rule asks otherwise)
 *   6. authn       bearer token -> principal, else 401 + WWW-Authenticate
 *   6b. throttle   ARM's per-subscription/principal token buckets (when enabled): 429 + Retry-After, and
 *                  x-ms-ratelimit-remaining-subscription-* on every ARM response
 *   7. authz       role assignments -> 403 AuthorizationFailed
 *   8. validation  JSON body parse (per-property checks live in the handlers)
 *   9. handler     settle finished LROs, run the resource handler against the store
 *  10. LRO         handlers add 201/202 + Azure-AsyncOperation/Location/Retry-After
 *  11. serializer  JSON, x-ms-request-id / x-ms-correlation-request-id on every response
 *  12. error       ArmError -> {"error":{code,message,target}}; anything else -> 500 InternalServerError
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArmError } from '../arm/arm-error.js';
import { dispatch, execute, type Dispatched } from '../arm/arm-service.js';
import { cloudMetadata, cloudMetadataPath } from '../arm/cloud-metadata.js';
import { tenantLevelOperations } from '../arm/route-table.js';
import type { ArmResponse, Timing } from '../arm/handler-types.js';
import type { Authorizer } from '../authz/authz-types.js';
import { statusPollCheck } from '../authz/status-poll-authz.js';
import type { EmulatorClock } from '../clock.js';
import type { FaultAction, FaultInjector } from '../faults/fault-injector.js';
import type { IdentityService } from '../identity/identity-types.js';
import type { StateStore } from '../store/state-store.js';
import type { RequestLog, RequestLogEntry } from './request-log.js';
import { remainingHeaderOf, type ArmThrottle } from './arm-throttle.js';

export interface PipelineDeps {
  baseUrl: () => string;
  clock: EmulatorClock;
  store: StateStore;
  timing: Timing;
  faults: FaultInjector;
  identity: IdentityService;
  /** Key Vault keys data plane (/keys/**), served on the same host as a single vault. */
  keyVault?: { handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean> };
  authz: Authorizer;
  armActionFor: (method: string, resourcePath: string) => string;
  scopeOf: (resourcePath: string) => string;
  requestLog: RequestLog;
  /** ARM request limits; absent = unlimited (no remaining-requests headers). */
  throttle?: ArmThrottle;
  admin: (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => Promise<void>;
  log?: (line: string) => void;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, r: ArmResponse, ids: Record<string, string>): void {
  const headers: Record<string, string> = { ...ids, ...(r.headers ?? {}) };
  let payload: string | undefined;
  if (r.body !== undefined) {
    payload = JSON.stringify(r.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  headers['Content-Length'] = String(payload ? Buffer.byteLength(payload) : 0);
  res.writeHead(r.status, headers);
  res.end(payload);
}

function errorResponse(e: unknown): ArmResponse {
  if (e instanceof ArmError) return { status: e.status, body: e.toBody(), headers: e.headers };
  return { status: 500, body: { error: { code: 'InternalServerError', message: `The emulator failed: ${(e as Error).message}` } } };
}

function faultResponse(action: Extract<FaultAction, { kind: 'status' }>): ArmResponse {
  const code = action.code ?? (action.status === 429 ? 'TooManyRequests' : action.status === 503 ? 'ServiceUnavailable' : 'InternalServerError');
  const message = action.message ?? (action.status === 429
    ? 'The request is being throttled (injected fault). Retry after the time in the Retry-After header.'
    : `The service is temporarily unavailable (injected fault ${action.status}).`);
  const headers: Record<string, string> = {};
  if (action.retryAfterSeconds !== undefined) headers['Retry-After'] = String(action.retryAfterSeconds);
  return { status: action.status, body: { error: { code, message } }, headers };
}


/** Builds the node:https request listener. */
export function createPipeline(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(req, res).catch((e: unknown) => {
      deps.log?.(`emulator: unhandled error: ${(e as Error).message}`);
      if (!res.headersSent) send(res, errorResponse(e), {});
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // 1. context
    const started = Date.now();
    const emulatedTime = deps.clock.now();
    const requestId = randomUUID();
    const correlation = (req.headers['x-ms-correlation-request-id'] as string | undefined) ?? randomUUID();
    const ids: Record<string, string> = { 'x-ms-request-id': requestId, 'x-ms-correlation-request-id': correlation };
    const clientRequestId = req.headers['x-ms-client-request-id'];
    if (typeof clientRequestId === 'string') ids['x-ms-client-request-id'] = clientRequestId;
    for (const [k, v] of Object.entries(ids)) res.setHeader(k, v);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', deps.baseUrl());
    const body = await readBody(req);
    const entry = { requestId, method, path: url.pathname, status: 0, latencyMs: 0, emulatedTime, realTime: started, route: 'unknown' } as RequestLogEntry;
    const apiVersion = url.searchParams.get('api-version');
    if (apiVersion) entry.apiVersion = apiVersion;
    res.on('finish', () => finish(res.statusCode));
    res.on('close', () => {
      if (!res.writableFinished) finish(0);
    });
    let logged = false;
    function finish(status: number): void {
      if (logged) return;
      logged = true;
      entry.status = status;
      entry.latencyMs = Date.now() - started;
      const retryAfter = res.getHeader('retry-after');
      if (retryAfter !== undefined) entry.retryAfter = String(retryAfter);
      deps.requestLog.add(entry);
      // Authorization is never logged; only method, path, status and ids.
      deps.log?.(`[${requestId}] ${method} ${url.pathname}${apiVersion ? `?api-version=${apiVersion}` : ''} -> ${status || 'reset'} (${entry.latencyMs} ms)${entry.fault ? ` fault=${entry.fault}` : ''}`);
    }

    // 2. admin
    if (url.pathname.startsWith('/_emulator/') || url.pathname === '/_emulator') {
      entry.route = 'admin';
      await deps.admin(req, res, url, body);
      return;
    }

    // 3. identity (its own fault scope so tests can break token issuance on purpose)
    const identityFault = isArmPath(url.pathname) ? undefined : deps.faults.pick(method, url.pathname, 'identity');
    if (identityFault) {
      entry.route = 'identity';
      if (await applyFault(identityFault)) return;
    }
    if (!isArmPath(url.pathname) && (await deps.identity.handle(req, res, url, body))) {
      entry.route = 'identity';
      return;
    }
    // 3b. Key Vault data plane (its own bearer audience; not ARM, so not faulted or RBAC-checked here)
    if (!isArmPath(url.pathname) && deps.keyVault && (await deps.keyVault.handle(req, res, url, body))) {
      entry.route = 'keyvault';
      return;
    }

    // 3c. cloud metadata (no authentication, as on ARM)
    if (url.pathname.replace(/\/+$/, '').toLowerCase() === cloudMetadataPath && method === 'GET') {
      entry.route = 'metadata';
      try {
        return send(res, { status: 200, body: cloudMetadata(apiVersion, deps.baseUrl(), 'https://management.azure.com/') }, ids);
      } catch (e) {
        return send(res, errorResponse(e), ids);
      }
    }

    // 4. dispatch
    entry.route = 'arm';
    let d: Dispatched;
    try {
      d = dispatch(method, url, body);
      entry.operationId = d.route.operationId;
    } catch (e) {
      return send(res, errorResponse(e), ids);
    }

    // 5. faults
    const fault = deps.faults.pick(method, url.pathname, 'arm');
    if (fault && (await applyFault(fault))) return;

    // 6. authn
    const auth = await deps.identity.authenticate(req.headers.authorization);
    if (!auth.ok) {
      return send(res, { status: 401, body: { error: { code: auth.code, message: auth.message } }, headers: { 'WWW-Authenticate': auth.wwwAuthenticate } }, ids);
    }

    // 6b. throttle (ARM counts requests before the resource provider sees them)
    const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(url.pathname)?.[1];
    if (deps.throttle && subscriptionId) {
      const decision = deps.throttle.take(method, subscriptionId, auth.principal.objectId, deps.clock.now());
      res.setHeader(remainingHeaderOf(decision.kind), String(decision.remaining));
      if (!decision.allowed) {
        entry.throttled = true;
        return send(res, {
          status: 429,
          body: { error: { code: 'TooManyRequests', message: `The request is being throttled: the subscription's ${decision.kind} limit is reached. Retry after ${decision.retryAfterSeconds} seconds.` } },
          headers: { 'Retry-After': String(decision.retryAfterSeconds) },
        }, ids);
      }
    }

    // 7. authz
    const { action, scope } = statusPollCheck(deps.armActionFor(method, url.pathname), deps.scopeOf(url.pathname), (id) => deps.store.load().operations[id]);
    const denied = tenantLevelOperations.has(d.route.operationId) ? null : deps.authz.check(auth.principal, action, scope);
    if (denied) return send(res, { status: 403, body: { error: denied } }, ids);

    // 8-12. validation, handler, LRO, serializer, error
    let out: ArmResponse;
    try {
      out = execute(d, url, method, body, {
        store: deps.store,
        now: deps.clock.now(),
        timing: deps.timing,
        faults: deps.faults,
        baseUrl: deps.baseUrl(),
        authz: deps.authz,
      });
    } catch (e) {
      out = errorResponse(e);
    }
    if (method === 'HEAD') out = { ...out, body: undefined };
    send(res, out, ids);

    async function applyFault(action: FaultAction): Promise<boolean> {
      if (action.kind === 'latency') {
        entry.fault = `latency:${action.ms}`;
        await sleep(action.ms);
        return false;
      }
      if (action.kind === 'reset') {
        entry.fault = 'reset';
        req.socket.destroy();
        return true;
      }
      entry.fault = `status:${action.status}`;
      send(res, faultResponse(action), ids);
      return true;
    }
  }
}

/** ARM paths all start at /subscriptions (tenant-level providers are not emulated). */
export function isArmPath(pathname: string): boolean {
  return /^\/subscriptions(\/|$)/i.test(pathname);
}
