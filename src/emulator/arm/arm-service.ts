/** ARM dispatch (route + api-version) and execution (settle LROs, run the handler, persist). */
import { ArmError, armErrors } from './arm-error.js';
import { supportedApiVersions } from './api-versions.js';
import type { ArmHandler, ArmRequest, ArmResponse, HandlerContext, OperationFaults, Timing } from './handler-types.js';
import { handleOperationStatus, settleOperations } from './lro.js';
import { matchRoute, type RouteMatch } from './router.js';
import { present, find } from './resources.js';
import { computeResourcesHandler } from './handlers/compute-resources.js';
import { galleriesHandler } from './handlers/galleries.js';
import { galleryImagesHandler } from './handlers/gallery-images.js';
import { galleryImageVersionsHandler } from './handlers/gallery-image-versions.js';
import { galleryApplicationsHandler } from './handlers/gallery-applications.js';
import { imageTemplatesHandler } from './handlers/image-templates.js';
import { locationsHandler, skusHandler } from './handlers/locations.js';
import { operationResultsHandler, resourceGroupsHandler } from './handlers/resource-groups.js';
import { policyAssignmentsHandler, policyDefinitionsHandler } from './handlers/policy-definitions.js';
import { virtualMachinesHandler } from './handlers/virtual-machines.js';
import { genericResourcesHandler, providersHandler } from './handlers/providers.js';
import { roleAssignmentsHandler, roleDefinitionsHandler } from './handlers/role-routes.js';
import { subscriptionsHandler, tenantsHandler } from './handlers/subscriptions.js';
import type { Authorizer } from '../authz/authz-types.js';
import { scaleSetVmsHandler } from './handlers/scale-set-vms.js';
import { scaleSetsHandler } from './handlers/scale-sets.js';
import { hostPoolsHandler, sessionHostsHandler, userSessionsHandler } from './desktop/desktop-handlers.js';
import { sessionHostConfigurationsHandler, sessionHostManagementsHandler } from './desktop/session-host-management-handlers.js';
import { advanceSessionHostUpdates } from './desktop/session-host-update.js';
import { replicationStatus } from './replication.js';
import { regions } from './data/regions.js';
import type { HandlerKey } from './route-table.js';
import type { StateStore } from '../store/state-store.js';

const capsOperations: ArmHandler = (req, ctx) =>
  handleOperationStatus(req, ctx, (op) => {
    const r = find(ctx, op.resourceId);
    if (!r) return undefined;
    return present(r, ctx, (p) => {
      if (r.replication && req.query.get('$expand')?.toLowerCase() === 'replicationstatus') p.replicationStatus = replicationStatus(r.replication, ctx.now);
    });
  });

const handlers: Record<HandlerKey, ArmHandler> = {
  galleries: galleriesHandler,
  galleryImages: galleryImagesHandler,
  galleryImageVersions: galleryImageVersionsHandler,
  galleryApplications: galleryApplicationsHandler,
  skus: skusHandler,
  resourceGroups: resourceGroupsHandler,
  locations: locationsHandler,
  images: computeResourcesHandler,
  disks: computeResourcesHandler,
  snapshots: computeResourcesHandler,
  capsOperations,
  operationResults: operationResultsHandler,
  scaleSets: scaleSetsHandler,
  scaleSetVms: scaleSetVmsHandler,
  imageTemplates: imageTemplatesHandler,
  policyDefinitions: policyDefinitionsHandler,
  policyAssignments: policyAssignmentsHandler,
  virtualMachines: virtualMachinesHandler,
  subscriptions: subscriptionsHandler,
  tenants: tenantsHandler,
  providers: providersHandler,
  genericResources: genericResourcesHandler,
  roleAssignments: roleAssignmentsHandler,
  roleDefinitions: roleDefinitionsHandler,
  hostPools: hostPoolsHandler,
  sessionHosts: sessionHostsHandler,
  userSessions: userSessionsHandler,
  sessionHostConfigurations: sessionHostConfigurationsHandler,
  sessionHostManagements: sessionHostManagementsHandler,
};

export interface Dispatched extends RouteMatch {
  apiVersion: string;
}

/** Finds the route and checks api-version, as ARM's front door does before authentication. */
export function dispatch(method: string, url: URL, body?: Buffer): Dispatched {
  const { match, pathExists } = matchRoute(method, url.pathname);
  if (!match) throw pathExists ? armErrors.methodNotAllowed(method, url.pathname) : armErrors.noRoute(method, url.pathname);
  const apiVersion = url.searchParams.get('api-version');
  if (!apiVersion) throw armErrors.missingApiVersion();
  const supported: readonly string[] = supportedApiVersions[match.route.family];
  if (!supported.includes(apiVersion)) {
    // ARM answers InvalidApiVersionParameter for its own types and NoRegisteredProviderFound for a provider's.
    if (match.route.family.startsWith('Microsoft.Resources/')) throw armErrors.invalidApiVersion(apiVersion, match.route.family, supported);
    throw armErrors.noRegisteredProvider(apiVersion, match.route.family, supported, bodyLocation(body), regions.map((r) => r.displayName.toLowerCase().replace(/\s+/g, '')));
  }
  return { ...match, apiVersion };
}

/** The `location` of a JSON request body, when it has one (ARM names it in NoRegisteredProviderFound). */
function bodyLocation(body: Buffer | undefined): string | undefined {
  if (!body || body.length === 0) return undefined;
  try {
    const location = (JSON.parse(body.toString('utf8')) as { location?: unknown }).location;
    return typeof location === 'string' ? location.replace(/\s+/g, '').toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

export interface ExecuteDeps {
  store: StateStore;
  now: number;
  timing: Timing;
  faults: OperationFaults;
  baseUrl: string;
  authz?: Authorizer;
}

/** Parses the JSON body ARM requires on writes; a syntax error is InvalidRequestContent. */
export function parseBody(raw: Buffer, method: string): unknown {
  if (raw.length === 0) return undefined;
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE') return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw armErrors.invalidRequestContent(`The request content was invalid and could not be deserialized: '${(e as Error).message}'.`);
  }
}

/** Runs one ARM request against the store; the store is saved only when state changed. */
export function execute(d: Dispatched, url: URL, method: string, rawBody: Buffer, deps: ExecuteDeps): ArmResponse {
  const body = parseBody(rawBody, method);
  const state = deps.store.load();
  let dirty = false;
  const ctx: HandlerContext = {
    state,
    now: deps.now,
    timing: deps.timing,
    faults: deps.faults,
    baseUrl: deps.baseUrl,
    ...(deps.authz ? { authz: deps.authz } : {}),
    changed: () => {
      dirty = true;
    },
  };
  const req: ArmRequest = {
    method,
    pathname: url.pathname,
    params: d.params,
    query: url.searchParams,
    apiVersion: d.apiVersion,
    body,
    operationId: d.route.operationId,
  };
  try {
    settleOperations(ctx);
    // AVD session host updates move on the emulator clock too (no timers): replay their events up to now.
    advanceSessionHostUpdates(ctx);
    const handler = handlers[d.route.handler];
    return handler(req, ctx);
  } finally {
    // A failed request can still have settled finished operations; persist that too.
    if (dirty) deps.store.save(state);
  }
}

export { ArmError };
