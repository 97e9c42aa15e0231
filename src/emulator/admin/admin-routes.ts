/**
 * /_emulator/* : everything the in-process handle can do, over HTTPS, for tests that drive an emulator in another
 * process (bundled steps run as runner processes). Every call needs the admin key printed at start, in the
 * `x-emulator-admin-key` header.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authorizer, BuiltInRoleName } from '../authz/authz-types.js';
import type { EmulatorClock } from '../clock.js';
import type { FaultAction, FaultInjector, FaultMatch } from '../faults/fault-injector.js';
import type {
  AzurePipelinesRunClaims,
  GithubRunClaims,
  IdentityService,
  ManagedIdentityHostRegistration,
  ServicePrincipalRegistration,
} from '../identity/identity-types.js';
import type { RequestLog } from '../server/request-log.js';
import type { ScaleSetControls, SeedScaleSet } from '../arm/vmss/vmss-controls.js';
import type { VersionTiming } from '../arm/vmss/version-timing.js';

export interface AdminDeps {
  adminKey: string;
  clock: EmulatorClock;
  faults: FaultInjector;
  identity: IdentityService;
  authz: Authorizer;
  requestLog: RequestLog;
  state: {
    reset(): void;
    snapshot(): unknown;
    resource(id: string): unknown;
    seed(resources: { id: string; type?: string; body: Record<string, unknown> }[]): void;
  };
  info: () => Record<string, unknown>;
  /** Optional so older callers keep compiling; absent means the scale-set routes answer 404. */
  scaleSets?: ScaleSetControls;
}

type Json = Record<string, unknown>;

function reply(res: ServerResponse, status: number, body?: unknown): void {
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}

function keyMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parse(body: Buffer): Json {
  if (body.length === 0) return {};
  const v = JSON.parse(body.toString('utf8')) as unknown;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('admin request body must be a JSON object');
  return v as Json;
}

/** Returns the admin request handler. */
export function createAdminRoutes(deps: AdminDeps) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> => {
    const key = req.headers['x-emulator-admin-key'];
    if (!keyMatches(typeof key === 'string' ? key : undefined, deps.adminKey)) {
      return reply(res, 401, { error: { code: 'AdminKeyRequired', message: 'Send the admin key printed at emulator start in the x-emulator-admin-key header.' } });
    }
    const method = req.method ?? 'GET';
    const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
    let body: Json;
    try {
      body = parse(raw);
    } catch (e) {
      return reply(res, 400, { error: { code: 'InvalidJson', message: (e as Error).message } });
    }
    try {
      switch (route) {
        case 'GET /_emulator/info': return reply(res, 200, deps.info());
        case 'POST /_emulator/reset': deps.state.reset(); return reply(res, 204);
        case 'GET /_emulator/snapshot': return reply(res, 200, deps.state.snapshot());
        case 'GET /_emulator/resource': {
          const r = deps.state.resource(url.searchParams.get('id') ?? '');
          return r === undefined ? reply(res, 404, { error: { code: 'NotFound', message: 'no such resource' } }) : reply(res, 200, r);
        }
        case 'POST /_emulator/seed':
          deps.state.seed((body.resources ?? []) as { id: string; type?: string; body: Json }[]);
          return reply(res, 204);
        case 'GET /_emulator/faults': return reply(res, 200, deps.faults.rules());
        case 'DELETE /_emulator/faults': deps.faults.clear(); return reply(res, 204);
        case 'POST /_emulator/faults/rate':
          deps.faults.setRate(Number(body.rate), body.action as FaultAction, (body.match ?? {}) as FaultMatch);
          return reply(res, 204);
        case 'POST /_emulator/faults/script':
          deps.faults.script(Number(body.count ?? 1), body.action as FaultAction, (body.match ?? {}) as FaultMatch);
          return reply(res, 204);
        case 'POST /_emulator/faults/operations':
          deps.faults.failOperations(body as Parameters<FaultInjector['failOperations']>[0]);
          return reply(res, 204);
        case 'POST /_emulator/faults/replication':
          deps.faults.failReplication(String(body.region), body as Parameters<FaultInjector['failReplication']>[1]);
          return reply(res, 204);
        case 'GET /_emulator/role-assignments':
          return reply(res, 200, deps.authz.list(url.searchParams.get('principalId') ?? undefined));
        case 'POST /_emulator/role-assignments':
          return reply(res, 201, deps.authz.assign(String(body.principalId), body.roleName as BuiltInRoleName, String(body.scope)));
        case 'DELETE /_emulator/role-assignments':
          deps.authz.remove(url.searchParams.get('id') ?? String(body.id));
          return reply(res, 204);
        case 'GET /_emulator/principals': return reply(res, 200, deps.identity.listServicePrincipals());
        case 'POST /_emulator/principals':
          return reply(res, 201, deps.identity.registerServicePrincipal(body as unknown as ServicePrincipalRegistration));
        case 'POST /_emulator/github-runs':
          return reply(res, 201, deps.identity.grantGithubRun(body as unknown as GithubRunClaims));
        case 'POST /_emulator/azure-pipelines-runs':
          return reply(res, 201, deps.identity.grantAzurePipelinesRun(body as unknown as AzurePipelinesRunClaims));
        case 'POST /_emulator/managed-identity-hosts':
          return reply(res, 201, deps.identity.grantManagedIdentityHost(body as unknown as ManagedIdentityHostRegistration));
        case 'GET /_emulator/requests': return reply(res, 200, deps.requestLog.entries());
        case 'DELETE /_emulator/requests': deps.requestLog.clear(); return reply(res, 204);
        case 'GET /_emulator/clock': return reply(res, 200, { now: deps.clock.now(), speed: deps.clock.speed, mode: deps.clock.mode });
        case 'POST /_emulator/clock':
          if (body.speed !== undefined) deps.clock.setSpeed(Number(body.speed));
          if (body.advanceMs !== undefined) deps.clock.advance(Number(body.advanceMs));
          return reply(res, 200, { now: deps.clock.now(), speed: deps.clock.speed, mode: deps.clock.mode });
        case 'POST /_emulator/scale-sets':
          if (!deps.scaleSets) break;
          return reply(res, 201, { ids: deps.scaleSets.seed((body.scaleSets ?? []) as SeedScaleSet[]) });
        case 'GET /_emulator/scale-sets/instances':
          if (!deps.scaleSets) break;
          return reply(res, 200, deps.scaleSets.instances(url.searchParams.get('id') ?? ''));
        case 'GET /_emulator/scale-sets/health':
          if (!deps.scaleSets) break;
          return reply(res, 200, { unhealthyImageVersions: deps.scaleSets.unhealthyImageVersions() });
        case 'POST /_emulator/scale-sets/health':
          if (!deps.scaleSets) break;
          deps.scaleSets.setUnhealthyImageVersions((body.unhealthyImageVersions ?? []) as string[]);
          return reply(res, 204);
        case 'GET /_emulator/scale-sets/version-timing':
          if (!deps.scaleSets) break;
          return reply(res, 200, { versions: deps.scaleSets.versionTimings() });
        case 'POST /_emulator/scale-sets/version-timing':
          if (!deps.scaleSets) break;
          deps.scaleSets.setVersionTiming((body.versions ?? {}) as Record<string, VersionTiming>);
          return reply(res, 204);
        default:
          break;
      }
      return reply(res, 404, { error: { code: 'UnknownAdminRoute', message: `No admin route '${route}'. See src/emulator/admin/admin-routes.ts.` } });
    } catch (e) {
      return reply(res, 400, { error: { code: 'AdminRequestFailed', message: (e as Error).message } });
    }
  };
}
