export const id = 376;
export const ids = [376];
export const modules = {

/***/ 31376:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runEmulatorCli: () => (/* binding */ runEmulatorCli)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/admin/admin-routes.js
/**
 * /_emulator/* : everything the in-process handle can do, over HTTPS, for tests that drive an emulator in another
 * process (bundled steps run as runner processes). Every call needs the admin key printed at start, in the
 * `x-emulator-admin-key` header.
 */

function reply(res, status, body) {
    const payload = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(payload)) });
    res.end(payload);
}
function keyMatches(given, expected) {
    if (!given)
        return false;
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && (0,external_node_crypto_.timingSafeEqual)(a, b);
}
function parse(body) {
    if (body.length === 0)
        return {};
    const v = JSON.parse(body.toString('utf8'));
    if (!v || typeof v !== 'object' || Array.isArray(v))
        throw new Error('admin request body must be a JSON object');
    return v;
}
/** Returns the admin request handler. */
function createAdminRoutes(deps) {
    return async (req, res, url, raw) => {
        const key = req.headers['x-emulator-admin-key'];
        if (!keyMatches(typeof key === 'string' ? key : undefined, deps.adminKey)) {
            return reply(res, 401, { error: { code: 'AdminKeyRequired', message: 'Send the admin key printed at emulator start in the x-emulator-admin-key header.' } });
        }
        const method = req.method ?? 'GET';
        const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
        let body;
        try {
            body = parse(raw);
        }
        catch (e) {
            return reply(res, 400, { error: { code: 'InvalidJson', message: e.message } });
        }
        try {
            switch (route) {
                case 'GET /_emulator/info': return reply(res, 200, deps.info());
                case 'POST /_emulator/reset':
                    deps.state.reset();
                    return reply(res, 204);
                case 'GET /_emulator/snapshot': return reply(res, 200, deps.state.snapshot());
                case 'GET /_emulator/resource': {
                    const r = deps.state.resource(url.searchParams.get('id') ?? '');
                    return r === undefined ? reply(res, 404, { error: { code: 'NotFound', message: 'no such resource' } }) : reply(res, 200, r);
                }
                case 'POST /_emulator/seed':
                    deps.state.seed((body.resources ?? []));
                    return reply(res, 204);
                case 'GET /_emulator/faults': return reply(res, 200, deps.faults.rules());
                case 'DELETE /_emulator/faults':
                    deps.faults.clear();
                    return reply(res, 204);
                case 'POST /_emulator/faults/rate':
                    deps.faults.setRate(Number(body.rate), body.action, (body.match ?? {}));
                    return reply(res, 204);
                case 'POST /_emulator/faults/script':
                    deps.faults.script(Number(body.count ?? 1), body.action, (body.match ?? {}));
                    return reply(res, 204);
                case 'POST /_emulator/faults/operations':
                    deps.faults.failOperations(body);
                    return reply(res, 204);
                case 'POST /_emulator/faults/replication':
                    deps.faults.failReplication(String(body.region), body);
                    return reply(res, 204);
                case 'GET /_emulator/role-assignments':
                    return reply(res, 200, deps.authz.list(url.searchParams.get('principalId') ?? undefined));
                case 'POST /_emulator/role-assignments':
                    return reply(res, 201, deps.authz.assign(String(body.principalId), body.roleName, String(body.scope)));
                case 'DELETE /_emulator/role-assignments':
                    deps.authz.remove(url.searchParams.get('id') ?? String(body.id));
                    return reply(res, 204);
                case 'GET /_emulator/principals': return reply(res, 200, deps.identity.listServicePrincipals());
                case 'POST /_emulator/principals':
                    return reply(res, 201, deps.identity.registerServicePrincipal(body));
                case 'POST /_emulator/github-runs':
                    return reply(res, 201, deps.identity.grantGithubRun(body));
                case 'POST /_emulator/azure-pipelines-runs':
                    return reply(res, 201, deps.identity.grantAzurePipelinesRun(body));
                case 'POST /_emulator/managed-identity-hosts':
                    return reply(res, 201, deps.identity.grantManagedIdentityHost(body));
                case 'GET /_emulator/requests': return reply(res, 200, deps.requestLog.entries());
                case 'DELETE /_emulator/requests':
                    deps.requestLog.clear();
                    return reply(res, 204);
                case 'GET /_emulator/clock': return reply(res, 200, { now: deps.clock.now(), speed: deps.clock.speed, mode: deps.clock.mode });
                case 'POST /_emulator/clock':
                    if (body.speed !== undefined)
                        deps.clock.setSpeed(Number(body.speed));
                    if (body.advanceMs !== undefined)
                        deps.clock.advance(Number(body.advanceMs));
                    return reply(res, 200, { now: deps.clock.now(), speed: deps.clock.speed, mode: deps.clock.mode });
                case 'POST /_emulator/scale-sets':
                    if (!deps.scaleSets)
                        break;
                    return reply(res, 201, { ids: deps.scaleSets.seed((body.scaleSets ?? [])) });
                case 'GET /_emulator/scale-sets/instances':
                    if (!deps.scaleSets)
                        break;
                    return reply(res, 200, deps.scaleSets.instances(url.searchParams.get('id') ?? ''));
                case 'GET /_emulator/scale-sets/health':
                    if (!deps.scaleSets)
                        break;
                    return reply(res, 200, { unhealthyImageVersions: deps.scaleSets.unhealthyImageVersions() });
                case 'POST /_emulator/scale-sets/health':
                    if (!deps.scaleSets)
                        break;
                    deps.scaleSets.setUnhealthyImageVersions((body.unhealthyImageVersions ?? []));
                    return reply(res, 204);
                default:
                    break;
            }
            return reply(res, 404, { error: { code: 'UnknownAdminRoute', message: `No admin route '${route}'. See src/emulator/admin/admin-routes.ts.` } });
        }
        catch (e) {
            return reply(res, 400, { error: { code: 'AdminRequestFailed', message: e.message } });
        }
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/clock.js
/** Creates a clock: emulated = start + real elapsed × speed + manual offset. */
function createEmulatorClock(options = {}) {
    const realNow = options.realNow ?? (() => Date.now());
    let anchorReal = realNow();
    let anchorEmulated = options.startAt ?? anchorReal;
    let speed = options.speed ?? 1;
    const now = () => Math.floor(anchorEmulated + (realNow() - anchorReal) * speed);
    return {
        now,
        advance(ms) {
            if (!Number.isFinite(ms) || ms < 0)
                throw new RangeError(`clock.advance(${ms}): ms must be a non-negative number`);
            anchorEmulated = now() + ms;
            anchorReal = realNow();
        },
        setSpeed(factor) {
            if (!Number.isFinite(factor) || factor < 0)
                throw new RangeError(`clock.setSpeed(${factor}): factor must be >= 0`);
            // Re-anchor so time already elapsed keeps its old rate.
            anchorEmulated = now();
            anchorReal = realNow();
            speed = factor;
        },
        get speed() {
            return speed;
        },
        get mode() {
            return speed === 0 ? 'manual' : 'real';
        },
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/faults/fault-injector.js
function matches(m, method, path, kind) {
    const scope = m.scope ?? 'arm';
    if (scope !== 'all' && scope !== kind)
        return false;
    if (m.method && m.method.toUpperCase() !== method.toUpperCase())
        return false;
    if (m.path && !new RegExp(m.path, 'i').test(path))
        return false;
    return true;
}
/** Small deterministic PRNG (mulberry32) so rate-based fault runs are reproducible. */
function prng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
function createFaultInjector(seed = 1) {
    let state = { rates: [], scripts: [], operations: [], replication: [] };
    const random = prng(seed);
    return {
        setRate(rate, action, match = {}) {
            if (!(rate >= 0 && rate <= 1))
                throw new RangeError(`fault rate ${rate} must be between 0 and 1`);
            state.rates.push({ rate, action, match });
        },
        script(count, action, match = {}) {
            state.scripts.push({ remaining: count, action, match });
        },
        failOperations(options = {}) {
            state.operations.push({
                remaining: options.count ?? 1,
                match: options.match ?? {},
                code: options.code ?? 'InternalOperationError',
                message: options.message ?? 'The operation failed because of an injected fault.',
            });
        },
        failReplication(region, options = {}) {
            state.replication.push({
                region: region.replace(/\s+/g, '').toLowerCase(),
                details: options.details ?? `Replication to region '${region}' failed: the target storage account is unavailable (injected fault).`,
                ...(options.versionPath ? { versionPath: options.versionPath } : {}),
                remaining: options.count ?? Number.POSITIVE_INFINITY,
            });
        },
        clear() {
            state = { rates: [], scripts: [], operations: [], replication: [] };
        },
        rules: () => state,
        pick(method, path, kind) {
            const script = state.scripts.find((s) => s.remaining > 0 && matches(s.match, method, path, kind));
            if (script) {
                script.remaining--;
                return script.action;
            }
            for (const r of state.rates) {
                if (matches(r.match, method, path, kind) && random() < r.rate)
                    return r.action;
            }
            return undefined;
        },
        takeOperationFailure(method, resourceId) {
            const rule = state.operations.find((o) => o.remaining > 0 && matches(o.match, method, resourceId, 'arm'));
            if (!rule)
                return undefined;
            rule.remaining--;
            return { code: rule.code, message: rule.message };
        },
        replicationFailure(versionId, region) {
            const rule = state.replication.find((r) => r.remaining > 0 && r.region === region && (!r.versionPath || new RegExp(r.versionPath, 'i').test(versionId)));
            if (!rule)
                return undefined;
            rule.remaining--;
            return rule.details;
        },
    };
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/arm-error.js
/** ARM-shaped errors (like Azurite's StorageErrorFactory): every failure leaves as {"error":{code,message,target?}}. */
class ArmError extends Error {
    status;
    code;
    target;
    headers;
    constructor(status, code, message, target, headers = {}) {
        super(message);
        this.status = status;
        this.code = code;
        this.target = target;
        this.headers = headers;
        this.name = 'ArmError';
    }
    toBody() {
        return { error: { code: this.code, message: this.message, ...(this.target ? { target: this.target } : {}) } };
    }
}
const armErrors = {
    invalidParameter: (target, message) => new ArmError(400, 'InvalidParameter', message, target),
    invalidRequestContent: (message) => new ArmError(400, 'InvalidRequestContent', message),
    missingProperty: (target) => new ArmError(400, 'InvalidParameter', `Required parameter '${target}' is missing (null).`, target),
    resourceGroupNotFound: (name) => new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`),
    resourceNotFound: (type, name, resourceGroup) => new ArmError(404, 'ResourceNotFound', `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`),
    parentResourceNotFound: (parentId, childName) => new ArmError(404, 'ParentResourceNotFound', `Can not perform requested operation on nested resource. Parent resource '${parentId}' not found.`, childName),
    notFound: (message, target) => new ArmError(404, 'NotFound', message, target),
    conflict: (code, message, target) => new ArmError(409, code, message, target),
    propertyChangeNotAllowed: (property) => new ArmError(409, 'PropertyChangeNotAllowed', `Changing property '${property}' is not allowed.`, property),
    missingApiVersion: () => new ArmError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests."),
    invalidApiVersion: (apiVersion, resourceType, supported) => new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(',')}'. Resource type: '${resourceType}'.`),
    invalidTag: (code, message) => new ArmError(400, code, message, 'tags'),
    noRoute: (method, path) => new ArmError(404, 'InvalidResourceType', `The emulator does not serve '${method} ${path}'. See docs/emulator-deviations.md for the covered operations.`),
    methodNotAllowed: (method, path) => new ArmError(405, 'MethodNotAllowed', `The requested method '${method}' is not allowed for '${path}'.`),
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/api-versions.js
/**
 * The api-versions the emulator accepts per resource type: what @azure/arm-compute 25.x, @azure/arm-resources 7.x
 * and @azure/arm-resources-subscriptions 2.x send, plus older versions real tools (az CLI, Packer, Terraform) send.
 * The listed set is what ARM's InvalidApiVersionParameter message names.
 */
const supportedApiVersions = {
    'Microsoft.Resources/resourceGroups': [
        '2019-10-01', '2020-06-01', '2021-01-01', '2021-04-01', '2022-09-01', '2023-07-01', '2024-03-01',
        '2024-07-01', '2024-11-01', '2025-01-01', '2025-03-01', '2025-04-01',
    ],
    'Microsoft.Resources/locations': ['2016-06-01', '2020-01-01', '2021-01-01', '2022-12-01'],
    'Microsoft.Resources/operationResults': [
        '2019-10-01', '2020-06-01', '2021-01-01', '2021-04-01', '2022-09-01', '2023-07-01', '2024-03-01',
        '2024-07-01', '2024-11-01', '2025-01-01', '2025-03-01', '2025-04-01',
    ],
    'Microsoft.Compute/galleries': [
        '2021-10-01', '2022-01-03', '2022-03-03', '2022-08-03', '2023-07-03', '2024-03-03', '2025-03-03', '2025-12-03',
    ],
    'Microsoft.Compute/images': [
        '2021-07-01', '2021-11-01', '2022-03-01', '2022-08-01', '2022-11-01', '2023-03-01', '2023-07-01', '2023-09-01',
        '2024-03-01', '2024-07-01', '2024-11-01', '2025-04-01', '2026-03-01', '2026-04-01',
    ],
    'Microsoft.Compute/disks': [
        '2021-08-01', '2021-12-01', '2022-03-02', '2022-07-02', '2023-01-02', '2023-04-02', '2023-10-02', '2024-03-02',
        '2025-01-02', '2026-03-02',
    ],
    'Microsoft.Compute/virtualMachineScaleSets': [
        '2021-07-01', '2021-11-01', '2022-03-01', '2022-08-01', '2022-11-01', '2023-03-01', '2023-07-01', '2023-09-01',
        '2024-03-01', '2024-07-01', '2024-11-01', '2025-04-01', '2026-03-01', '2026-04-01',
    ],
    // @azure/arm-imagebuilder 5.x sends 2025-10-01; older ones are what az CLI and Packer's azure-arm builder send.
    'Microsoft.VirtualMachineImages/imageTemplates': ['2020-02-14', '2022-02-14', '2022-07-01', '2023-07-01', '2024-02-01', '2025-10-01'],
    'Microsoft.Compute/skus': ['2017-09-01', '2019-04-01', '2021-07-01'],
    'Microsoft.Compute/locations/capsOperations': [
        '2021-10-01', '2022-01-03', '2022-03-03', '2022-08-03', '2023-07-03', '2024-03-03', '2025-03-03', '2025-12-03',
        '2021-07-01', '2021-11-01', '2022-03-01', '2022-08-01', '2022-11-01', '2023-03-01', '2023-07-01', '2023-09-01',
        '2024-03-01', '2024-07-01', '2024-11-01', '2025-04-01', '2026-03-01', '2026-04-01', '2026-03-02',
    ],
    'Microsoft.Authorization/policyDefinitions': ['2020-09-01', '2021-06-01', '2023-04-01', '2024-05-01', '2025-01-01', '2025-03-01'],
    'Microsoft.Authorization/policyAssignments': ['2020-09-01', '2021-06-01', '2022-06-01', '2023-04-01', '2024-05-01', '2025-01-01', '2025-03-01'],
    'Microsoft.Compute/virtualMachines': [
        '2021-07-01', '2021-11-01', '2022-03-01', '2022-08-01', '2022-11-01', '2023-03-01', '2023-07-01', '2023-09-01',
        '2024-03-01', '2024-07-01', '2024-11-01', '2025-04-01', '2026-03-01', '2026-04-01',
    ],
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/lro.js
/**
 * Long-running operations the way CRP runs them: 201/202 with Azure-AsyncOperation + Location + Retry-After, a
 * capsOperations status document, and a Location monitor that answers 202 until done. State is derived from the
 * operation's stored start/end times and the emulated clock (like Azurite's lease factory): no timers.
 */


/** Records an operation and returns the polling headers ARM sends with 201/202. */
function startOperation(ctx, op) {
    const id = (0,external_node_crypto_.randomUUID)();
    const failure = op.failure ?? ctx.faults.takeOperationFailure(op.method, op.resourceId);
    const record = {
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
function provisioningStateOf(resource, ctx) {
    const op = resource.operationId ? ctx.state.operations[resource.operationId] : undefined;
    if (!op)
        return 'Succeeded';
    if (ctx.now < op.endTime)
        return op.method === 'DELETE' ? 'Deleting' : op.method === 'PATCH' ? 'Updating' : 'Creating';
    return op.outcome;
}
function isRunning(op, now) {
    return now < op.endTime;
}
/** Applies the effects of finished operations (deletes remove the resource and its children). */
function settleOperations(ctx) {
    for (const op of Object.values(ctx.state.operations)) {
        if (op.settled || isRunning(op, ctx.now))
            continue;
        op.settled = true;
        if (op.method === 'DELETE' && op.outcome === 'Succeeded') {
            const prefix = op.resourceId.toLowerCase();
            for (const key of Object.keys(ctx.state.resources)) {
                if (key === prefix || key.startsWith(`${prefix}/`))
                    delete ctx.state.resources[key];
            }
        }
        ctx.changed();
    }
}
/** GET .../capsOperations/{id}: the status document, or with monitor=true the Location semantics. */
function handleOperationStatus(req, ctx, finalBody) {
    const op = ctx.state.operations[req.params.operationId ?? ''];
    if (!op)
        throw new ArmError(404, 'NotFound', `The operation '${req.params.operationId}' was not found.`);
    const running = isRunning(op, ctx.now);
    const retry = { 'Retry-After': String(ctx.timing.retryAfterSeconds) };
    if (req.query.get('monitor') === 'true') {
        if (running)
            return { status: 202, headers: { ...retry, Location: `${ctx.baseUrl}${req.pathname.slice(1)}?${req.query.toString()}` } };
        if (op.outcome === 'Failed')
            throw new ArmError(400, op.error?.code ?? 'OperationFailed', op.error?.message ?? 'The operation failed.');
        if (op.method === 'DELETE')
            return { status: 200 };
        return { status: 200, body: finalBody(op) };
    }
    const doc = {
        startTime: new Date(op.startTime).toISOString(),
        status: running ? 'InProgress' : op.outcome,
        name: op.id,
    };
    if (!running)
        doc.endTime = new Date(op.endTime).toISOString();
    if (!running && op.outcome === 'Failed')
        doc.error = op.error;
    return { status: 200, body: doc, headers: running ? retry : {} };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/generated/operations.js
// GENERATED by scripts/generate-operations.ts from the Azure REST API specs (GalleryRP 2025-12-03, skus 2021-07-01).
// Do not edit by hand: re-run the script.
const specOperations = [
    { "method": "GET", "path": "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/galleries", "operationId": "Galleries_List", "apiVersion": "2025-12-03", "statuses": [200], "longRunning": false, "finalStateVia": null, "pageable": true },
    { "method": "GET", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries", "operationId": "Galleries_ListByResourceGroup", "apiVersion": "2025-12-03", "statuses": [200], "longRunning": false, "finalStateVia": null, "pageable": true },
    { "method": "GET", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}", "operationId": "Galleries_Get", "apiVersion": "2025-12-03", "statuses": [200], "longRunning": false, "finalStateVia": null, "pageable": false },
    { "method": "PUT", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}", "operationId": "Galleries_CreateOrUpdate", "apiVersion": "2025-12-03", "statuses": [200, 201, 202], "longRunning": true, "finalStateVia": "location", "pageable": false },
    { "method": "PATCH", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}", "operationId": "Galleries_Update", "apiVersion": "2025-12-03", "statuses": [200], "longRunning": true, "finalStateVia": "location", "pageable": false },
    { "method": "DELETE", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}", "operationId": "Galleries_Delete", "apiVersion": "2025-12-03", "statuses": [200, 202, 204], "longRunning": true, "finalStateVia": "location", "pageable": false },
    { "method": "GET", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}/images", "operationId": "GalleryImages_ListByGallery", "apiVersion": "2025-12-03", "statuses": [200], "longRunning": false, "finalStateVia": null, "pageable": true },
    { "method": "GET", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}/images/{galleryImageName}", "operationId": "GalleryImages_Get", "apiVersion": "2025-12-03", "statuses": [200], "longRunning": false, "finalStateVia": null, "pageable": false },
    { "method": "PUT", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}/images/{galleryImageName}", "operationId": "GalleryImages_CreateOrUpdate", "apiVersion": "2025-12-03", "statuses": [200, 201, 202], "longRunning": true, "finalStateVia": "location", "pageable": false },
    { "method": "PATCH", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}/images/{galleryImageName}", "operationId": "GalleryImages_Update", "apiVersion": "2025-12-03", "statuses": [200], "longRunning": true, "finalStateVia": "location", "pageable": false },
    { "method": "DELETE", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}/images/{galleryImageName}", "operationId": "GalleryImages_Delete", "apiVersion": "2025-12-03", "statuses": [200, 202, 204], "longRunning": true, "finalStateVia": "location", "pageable": false },
    { "method": "GET", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}/images/{galleryImageName}/versions", "operationId": "GalleryImageVersions_ListByGalleryImage", "apiVersion": "2025-12-03", "statuses": [200], "longRunning": false, "finalStateVia": null, "pageable": true },
    { "method": "GET", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}/images/{galleryImageName}/versions/{galleryImageVersionName}", "operationId": "GalleryImageVersions_Get", "apiVersion": "2025-12-03", "statuses": [200], "longRunning": false, "finalStateVia": null, "pageable": false },
    { "method": "PUT", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}/images/{galleryImageName}/versions/{galleryImageVersionName}", "operationId": "GalleryImageVersions_CreateOrUpdate", "apiVersion": "2025-12-03", "statuses": [200, 201, 202], "longRunning": true, "finalStateVia": "location", "pageable": false },
    { "method": "PATCH", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}/images/{galleryImageName}/versions/{galleryImageVersionName}", "operationId": "GalleryImageVersions_Update", "apiVersion": "2025-12-03", "statuses": [200], "longRunning": true, "finalStateVia": "location", "pageable": false },
    { "method": "DELETE", "path": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}/images/{galleryImageName}/versions/{galleryImageVersionName}", "operationId": "GalleryImageVersions_Delete", "apiVersion": "2025-12-03", "statuses": [200, 202, 204], "longRunning": true, "finalStateVia": "location", "pageable": false },
    { "method": "GET", "path": "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/skus", "operationId": "ResourceSkus_List", "apiVersion": "2021-07-01", "statuses": [200, 202], "longRunning": false, "finalStateVia": null, "pageable": true },
];

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/route-table.js

const familyByOperation = {
    Galleries: ['Microsoft.Compute/galleries', 'galleries'],
    GalleryImages: ['Microsoft.Compute/galleries', 'galleryImages'],
    GalleryImageVersions: ['Microsoft.Compute/galleries', 'galleryImageVersions'],
    ResourceSkus: ['Microsoft.Compute/skus', 'skus'],
};
const generated = specOperations.map((op) => {
    const group = op.operationId.split('_')[0] ?? '';
    const entry = familyByOperation[group];
    if (!entry)
        throw new Error(`route-table: no handler for generated operation ${op.operationId}`);
    return {
        method: op.method,
        path: op.path,
        operationId: op.operationId,
        family: entry[0],
        handler: entry[1],
        longRunning: op.longRunning,
        pageable: op.pageable,
    };
});
const sub = '/subscriptions/{subscriptionId}';
const rg = `${sub}/resourcegroups/{resourceGroupName}`;
const compute = `${rg}/providers/Microsoft.Compute`;
function crud(name, path, family, handler, listPath) {
    const r = (method, p, op, longRunning, pageable = false) => ({
        method, path: p, operationId: `${name}_${op}`, family, handler, longRunning, pageable,
    });
    return [
        r('GET', listPath, 'ListByResourceGroup', false, true),
        r('GET', path, 'Get', false),
        r('PUT', path, 'CreateOrUpdate', true),
        r('PATCH', path, 'Update', true),
        r('DELETE', path, 'Delete', true),
    ];
}
const handWritten = [
    { method: 'GET', path: `${sub}/resourcegroups`, operationId: 'ResourceGroups_List', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: false, pageable: true },
    { method: 'GET', path: rg, operationId: 'ResourceGroups_Get', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: false, pageable: false },
    { method: 'HEAD', path: rg, operationId: 'ResourceGroups_CheckExistence', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: false, pageable: false },
    { method: 'PUT', path: rg, operationId: 'ResourceGroups_CreateOrUpdate', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: false, pageable: false },
    { method: 'PATCH', path: rg, operationId: 'ResourceGroups_Update', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: false, pageable: false },
    { method: 'DELETE', path: rg, operationId: 'ResourceGroups_Delete', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: true, pageable: false },
    { method: 'GET', path: `${sub}/operationresults/{operationId}`, operationId: 'OperationResults_Get', family: 'Microsoft.Resources/operationResults', handler: 'operationResults', longRunning: false, pageable: false },
    { method: 'GET', path: `${sub}/locations`, operationId: 'Subscriptions_ListLocations', family: 'Microsoft.Resources/locations', handler: 'locations', longRunning: false, pageable: false },
    { method: 'GET', path: `${sub}/providers/Microsoft.Compute/locations/{location}/capsOperations/{operationId}`, operationId: 'CapsOperations_Get', family: 'Microsoft.Compute/locations/capsOperations', handler: 'capsOperations', longRunning: false, pageable: false },
    ...crud('Images', `${compute}/images/{imageName}`, 'Microsoft.Compute/images', 'images', `${compute}/images`),
    { method: 'GET', path: `${sub}/providers/Microsoft.Compute/images`, operationId: 'Images_List', family: 'Microsoft.Compute/images', handler: 'images', longRunning: false, pageable: true },
    ...crud('Disks', `${compute}/disks/{diskName}`, 'Microsoft.Compute/disks', 'disks', `${compute}/disks`),
    ...crud('Snapshots', `${compute}/snapshots/{snapshotName}`, 'Microsoft.Compute/disks', 'snapshots', `${compute}/snapshots`),
];
const vmssFamily = 'Microsoft.Compute/virtualMachineScaleSets';
const vmss = `${compute}/virtualMachineScaleSets/{vmScaleSetName}`;
/** Scale sets and their VMs / rolling upgrades (issue 5), as @azure/arm-compute 25.x sends them. */
const scaleSetRoutes = [
    ...crud('VirtualMachineScaleSets', vmss, vmssFamily, 'scaleSets', `${compute}/virtualMachineScaleSets`).map((r) => r.operationId.endsWith('_ListByResourceGroup') ? { ...r, operationId: 'VirtualMachineScaleSets_List' } : r),
    { method: 'GET', path: `${sub}/providers/Microsoft.Compute/virtualMachineScaleSets`, operationId: 'VirtualMachineScaleSets_ListAll', family: vmssFamily, handler: 'scaleSets', longRunning: false, pageable: true },
    { method: 'POST', path: `${vmss}/manualupgrade`, operationId: 'VirtualMachineScaleSets_UpdateInstances', family: vmssFamily, handler: 'scaleSets', longRunning: true, pageable: false },
    { method: 'POST', path: `${vmss}/reimage`, operationId: 'VirtualMachineScaleSets_Reimage', family: vmssFamily, handler: 'scaleSets', longRunning: true, pageable: false },
    { method: 'POST', path: `${vmss}/reimageall`, operationId: 'VirtualMachineScaleSets_ReimageAll', family: vmssFamily, handler: 'scaleSets', longRunning: true, pageable: false },
    { method: 'GET', path: `${compute}/virtualMachineScaleSets/{virtualMachineScaleSetName}/virtualMachines`, operationId: 'VirtualMachineScaleSetVMs_List', family: vmssFamily, handler: 'scaleSetVms', longRunning: false, pageable: true },
    { method: 'GET', path: `${vmss}/virtualMachines/{instanceId}`, operationId: 'VirtualMachineScaleSetVMs_Get', family: vmssFamily, handler: 'scaleSetVms', longRunning: false, pageable: false },
    { method: 'GET', path: `${vmss}/virtualMachines/{instanceId}/instanceView`, operationId: 'VirtualMachineScaleSetVMs_GetInstanceView', family: vmssFamily, handler: 'scaleSetVms', longRunning: false, pageable: false },
    { method: 'GET', path: `${vmss}/rollingUpgrades/latest`, operationId: 'VirtualMachineScaleSetRollingUpgrades_GetLatest', family: vmssFamily, handler: 'scaleSetVms', longRunning: false, pageable: false },
    { method: 'POST', path: `${vmss}/rollingUpgrades/cancel`, operationId: 'VirtualMachineScaleSetRollingUpgrades_Cancel', family: vmssFamily, handler: 'scaleSetVms', longRunning: true, pageable: false },
    { method: 'POST', path: `${vmss}/osRollingUpgrade`, operationId: 'VirtualMachineScaleSetRollingUpgrades_StartOSUpgrade', family: vmssFamily, handler: 'scaleSetVms', longRunning: true, pageable: false },
];
const aibFamily = 'Microsoft.VirtualMachineImages/imageTemplates';
const aib = `${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates`;
/** Azure Image Builder templates (issue 8), as @azure/arm-imagebuilder 5.x sends them. */
const imageTemplateRoutes = [
    ...crud('VirtualMachineImageTemplates', `${aib}/{imageTemplateName}`, aibFamily, 'imageTemplates', aib).filter((r) => r.method !== 'PATCH'),
    { method: 'GET', path: `${sub}/providers/Microsoft.VirtualMachineImages/imageTemplates`, operationId: 'VirtualMachineImageTemplates_List', family: aibFamily, handler: 'imageTemplates', longRunning: false, pageable: true },
    { method: 'POST', path: `${aib}/{imageTemplateName}/run`, operationId: 'VirtualMachineImageTemplates_Run', family: aibFamily, handler: 'imageTemplates', longRunning: true, pageable: false },
    { method: 'POST', path: `${aib}/{imageTemplateName}/cancel`, operationId: 'VirtualMachineImageTemplates_Cancel', family: aibFamily, handler: 'imageTemplates', longRunning: true, pageable: false },
    { method: 'GET', path: `${aib}/{imageTemplateName}/runOutputs`, operationId: 'VirtualMachineImageTemplates_ListRunOutputs', family: aibFamily, handler: 'imageTemplates', longRunning: false, pageable: true },
    { method: 'GET', path: `${aib}/{imageTemplateName}/runOutputs/{runOutputName}`, operationId: 'VirtualMachineImageTemplates_GetRunOutput', family: aibFamily, handler: 'imageTemplates', longRunning: false, pageable: false },
    { method: 'GET', path: `${sub}/providers/Microsoft.VirtualMachineImages/locations/{location}/operations/{operationId}`, operationId: 'VirtualMachineImages_OperationStatus', family: aibFamily, handler: 'imageTemplates', longRunning: false, pageable: false },
];
const authz = `${sub}/providers/Microsoft.Authorization`;
const defFamily = 'Microsoft.Authorization/policyDefinitions';
const asgFamily = 'Microsoft.Authorization/policyAssignments';
const vmFamily = 'Microsoft.Compute/virtualMachines';
const simple = (method, path, operationId, family, handler, pageable = false) => ({
    method, path, operationId, family, handler, longRunning: false, pageable,
});
/** Azure Policy as @azure/arm-policy 6.x sends it, and read-only VM listing (issue 10: policy, retire, inventory). */
const governanceRoutes = [
    simple('GET', `${authz}/policyDefinitions`, 'PolicyDefinitions_List', defFamily, 'policyDefinitions', true),
    simple('GET', `${authz}/policyDefinitions/{policyDefinitionName}`, 'PolicyDefinitions_Get', defFamily, 'policyDefinitions'),
    simple('PUT', `${authz}/policyDefinitions/{policyDefinitionName}`, 'PolicyDefinitions_CreateOrUpdate', defFamily, 'policyDefinitions'),
    simple('DELETE', `${authz}/policyDefinitions/{policyDefinitionName}`, 'PolicyDefinitions_Delete', defFamily, 'policyDefinitions'),
    ...[authz, `${rg}/providers/Microsoft.Authorization`].flatMap((scope) => [
        simple('GET', `${scope}/policyAssignments/{policyAssignmentName}`, 'PolicyAssignments_Get', asgFamily, 'policyAssignments'),
        simple('PUT', `${scope}/policyAssignments/{policyAssignmentName}`, 'PolicyAssignments_Create', asgFamily, 'policyAssignments'),
        simple('DELETE', `${scope}/policyAssignments/{policyAssignmentName}`, 'PolicyAssignments_Delete', asgFamily, 'policyAssignments'),
    ]),
    simple('GET', `${sub}/providers/Microsoft.Compute/virtualMachines`, 'VirtualMachines_ListAll', vmFamily, 'virtualMachines', true),
    simple('GET', `${compute}/virtualMachines`, 'VirtualMachines_List', vmFamily, 'virtualMachines', true),
    simple('GET', `${compute}/virtualMachines/{vmName}`, 'VirtualMachines_Get', vmFamily, 'virtualMachines'),
    simple('GET', `${compute}/virtualMachines/{vmName}/instanceView`, 'VirtualMachines_InstanceView', vmFamily, 'virtualMachines'),
];
const routes = [...generated, ...handWritten, ...scaleSetRoutes, ...imageTemplateRoutes, ...governanceRoutes];

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/router.js
/** Matches a request to a route by method and path template; the most specific template (most literals) wins. */

const compiled = routes.map((route) => {
    const segments = route.path.split('/').filter(Boolean).map((s) => {
        const m = /^\{(.+)\}$/.exec(s);
        return m ? { param: m[1] } : { literal: s.toLowerCase() };
    });
    return { route, segments, literals: segments.filter((s) => s.literal !== undefined).length };
});
function matchSegments(c, parts) {
    if (c.segments.length !== parts.length)
        return null;
    const params = {};
    for (let i = 0; i < parts.length; i++) {
        const seg = c.segments[i];
        const part = parts[i];
        if (seg.literal !== undefined) {
            if (seg.literal !== part.toLowerCase())
                return null;
        }
        else if (seg.param) {
            params[seg.param] = part;
        }
    }
    return params;
}
/** Finds the route; `pathExists` tells a 405 (path known, method not) from a 404. */
function matchRoute(method, pathname) {
    const parts = pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    let best;
    let bestLiterals = -1;
    let pathExists = false;
    for (const c of compiled) {
        const params = matchSegments(c, parts);
        if (!params)
            continue;
        pathExists = true;
        if (c.route.method !== method)
            continue;
        if (c.literals > bestLiterals) {
            best = { route: c.route, params };
            bestLiterals = c.literals;
        }
    }
    return { match: best, pathExists };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/data/regions.js
const r = (name, displayName, geographyGroup, latitude, longitude, physicalLocation, pairedRegion) => ({ name, displayName, geographyGroup, latitude, longitude, physicalLocation, ...(pairedRegion ? { pairedRegion } : {}) });
const regions = [
    r('eastus', 'East US', 'US', '37.3719', '-79.8164', 'Virginia', 'westus'),
    r('eastus2', 'East US 2', 'US', '36.6681', '-78.3889', 'Virginia', 'centralus'),
    r('southcentralus', 'South Central US', 'US', '29.4167', '-98.5', 'Texas', 'northcentralus'),
    r('westus2', 'West US 2', 'US', '47.233', '-119.852', 'Washington', 'westcentralus'),
    r('westus3', 'West US 3', 'US', '33.448376', '-112.074036', 'Phoenix', 'eastus'),
    r('australiaeast', 'Australia East', 'Asia Pacific', '-33.86', '151.2094', 'New South Wales', 'australiasoutheast'),
    r('southeastasia', 'Southeast Asia', 'Asia Pacific', '1.283', '103.833', 'Singapore', 'eastasia'),
    r('northeurope', 'North Europe', 'Europe', '53.3478', '-6.2597', 'Ireland', 'westeurope'),
    r('swedencentral', 'Sweden Central', 'Europe', '60.67488', '17.14127', 'Gävle', 'swedensouth'),
    r('uksouth', 'UK South', 'Europe', '50.941', '-0.799', 'London', 'ukwest'),
    r('westeurope', 'West Europe', 'Europe', '52.3667', '4.9', 'Netherlands', 'northeurope'),
    r('centralus', 'Central US', 'US', '41.5908', '-93.6208', 'Iowa', 'eastus2'),
    r('southafricanorth', 'South Africa North', 'Africa', '-25.73134', '28.21837', 'Johannesburg', 'southafricawest'),
    r('centralindia', 'Central India', 'Asia Pacific', '18.5822', '73.9197', 'Pune', 'southindia'),
    r('eastasia', 'East Asia', 'Asia Pacific', '22.267', '114.188', 'Hong Kong', 'southeastasia'),
    r('japaneast', 'Japan East', 'Asia Pacific', '35.68', '139.77', 'Tokyo, Saitama', 'japanwest'),
    r('koreacentral', 'Korea Central', 'Asia Pacific', '37.5665', '126.978', 'Seoul', 'koreasouth'),
    r('canadacentral', 'Canada Central', 'Canada', '43.653', '-79.383', 'Toronto', 'canadaeast'),
    r('francecentral', 'France Central', 'Europe', '46.3772', '2.373', 'Paris', 'francesouth'),
    r('germanywestcentral', 'Germany West Central', 'Europe', '50.110924', '8.682127', 'Frankfurt', 'germanynorth'),
    r('italynorth', 'Italy North', 'Europe', '45.46888', '9.18109', 'Milan'),
    r('norwayeast', 'Norway East', 'Europe', '59.913868', '10.752245', 'Norway', 'norwaywest'),
    r('polandcentral', 'Poland Central', 'Europe', '52.23334', '21.01666', 'Warsaw'),
    r('switzerlandnorth', 'Switzerland North', 'Europe', '47.451542', '8.564572', 'Zurich', 'switzerlandwest'),
    r('uaenorth', 'UAE North', 'Middle East', '25.266666', '55.316666', 'Dubai', 'uaecentral'),
    r('brazilsouth', 'Brazil South', 'South America', '-23.55', '-46.633', 'Sao Paulo State', 'southcentralus'),
    r('northcentralus', 'North Central US', 'US', '41.8819', '-87.6278', 'Illinois', 'southcentralus'),
    r('westus', 'West US', 'US', '37.783', '-122.417', 'California', 'eastus'),
    r('westcentralus', 'West Central US', 'US', '40.89', '-110.234', 'Wyoming', 'westus2'),
    r('japanwest', 'Japan West', 'Asia Pacific', '34.6939', '135.5022', 'Osaka', 'japaneast'),
    r('australiasoutheast', 'Australia Southeast', 'Asia Pacific', '-37.8136', '144.9631', 'Victoria', 'australiaeast'),
    r('southindia', 'South India', 'Asia Pacific', '12.9822', '80.1636', 'Chennai', 'centralindia'),
    r('canadaeast', 'Canada East', 'Canada', '46.817', '-71.217', 'Quebec', 'canadacentral'),
    r('ukwest', 'UK West', 'Europe', '53.427', '-3.084', 'Cardiff', 'uksouth'),
];
const byName = new Map(regions.map((x) => [x.name, x]));
/** Looks a region up by any spelling ARM accepts ('westeurope', 'West Europe'). */
function findRegion(nameOrDisplayName) {
    return byName.get(nameOrDisplayName.replace(/\s+/g, '').toLowerCase());
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/resources.js
/** Shared helpers for ARM resource handlers: ids, parent lookups, location checks, paging, serialization. */



function resourceGroupId(subscriptionId, resourceGroupName) {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`;
}
function find(ctx, id) {
    return ctx.state.resources[id.toLowerCase()];
}
/** The resource group, or ARM's 404 ResourceGroupNotFound. */
function requireResourceGroup(req, ctx) {
    const name = req.params.resourceGroupName ?? '';
    const rg = find(ctx, resourceGroupId(req.params.subscriptionId ?? '', name));
    if (!rg)
        throw armErrors.resourceGroupNotFound(name);
    return rg;
}
/** A direct child list: resources of `type` whose id is `parentId/<segment>/<name>`. */
function children(ctx, parentId, type) {
    const prefix = `${parentId.toLowerCase()}/`;
    return Object.entries(ctx.state.resources)
        .filter(([key, r]) => key.startsWith(prefix) && r.type === type && key.slice(prefix.length).split('/').length === 2)
        .map(([, r]) => r);
}
/** Resources of `type` anywhere under `scopeId` (subscription or resource group). */
function resourcesOfType(ctx, scopeId, type) {
    const prefix = `${scopeId.toLowerCase()}/`;
    return Object.entries(ctx.state.resources)
        .filter(([key, r]) => key.startsWith(prefix) && r.type.toLowerCase() === type.toLowerCase())
        .map(([, r]) => r);
}
/** Validates and normalizes a resource location; ARM rejects regions the resource type is not offered in. */
function requireLocation(body, resourceType) {
    const raw = body.location;
    if (raw === undefined || raw === null || raw === '')
        throw armErrors.missingProperty('location');
    if (typeof raw !== 'string' || !findRegion(raw)) {
        throw new ArmError(400, 'LocationNotAvailableForResourceType', `The provided location '${String(raw)}' is not available for resource type '${resourceType}'. List of available regions for the resource type is '${regions.map((r) => r.name).join(',')}'.`, 'location');
    }
    return findRegion(raw).name;
}
/** Keeps only writable top-level keys of a request body: ARM ignores read-only ones (id, name, type, ...). */
function writableTopLevel(body, keys) {
    const out = {};
    for (const k of keys)
        if (body[k] !== undefined)
            out[k] = body[k];
    return out;
}
/** Serializes a stored resource with its live provisioningState. */
function present(resource, ctx, extra) {
    const body = structuredClone(resource.body);
    const props = (body.properties ?? {});
    if (resource.type.toLowerCase() !== 'microsoft.resources/resourcegroups' || props.provisioningState !== undefined) {
        props.provisioningState = provisioningStateOf(resource, ctx);
    }
    extra?.(props);
    body.properties = props;
    return body;
}
const pageSize = 50;
/** One page of a list response; nextLink carries a skip token and the same api-version. */
function page(req, ctx, items, size = pageSize) {
    const skip = Number(req.query.get('$skiptoken') ?? '0') || 0;
    const sorted = [...items].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const value = sorted.slice(skip, skip + size);
    if (skip + size >= sorted.length)
        return { value };
    const q = new URLSearchParams(req.query);
    q.set('$skiptoken', String(skip + size));
    return { value, nextLink: `${ctx.baseUrl}${req.pathname.slice(1)}?${q.toString()}` };
}
/** Merges a PATCH body into a stored one (objects deep, arrays and scalars replaced), as ARM PATCH does. */
function mergePatch(target, patch) {
    const out = { ...target };
    for (const [k, v] of Object.entries(patch)) {
        if (v === null)
            delete out[k];
        else if (typeof v === 'object' && !Array.isArray(v) && typeof out[k] === 'object' && out[k] !== null && !Array.isArray(out[k])) {
            out[k] = mergePatch(out[k], v);
        }
        else
            out[k] = v;
    }
    return out;
}
/** Compares two JSON values ignoring key order and string case (ARM compares enum values case-insensitively). */
function sameValue(a, b) {
    const norm = (v) => typeof v === 'string' ? v.toLowerCase()
        : Array.isArray(v) ? v.map(norm)
            : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)).map(([k, x]) => [k.toLowerCase(), norm(x)]))
                : v;
    return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/validation.js
/** Name, tag and body checks as ARM/CRP apply them, raising ARM-shaped 400s that name the property. */

const int32Max = 2147483647;
function validateResourceGroupName(name) {
    if (name.length < 1 || name.length > 90 || !/^[-\w._()]+$/u.test(name) || name.endsWith('.')) {
        throw armErrors.invalidParameter('resourceGroupName', `Resource group name '${name}' is invalid. It must be 1-90 characters of letters, digits, '_', '-', '.', '(' or ')' and must not end with a period.`);
    }
}
function validateGalleryName(name) {
    if (name.length > 80 || !/^[A-Za-z0-9]+([._]?[A-Za-z0-9]+)*$/.test(name)) {
        throw armErrors.invalidParameter('galleryName', `The gallery name '${name}' is invalid. Gallery names may contain alphanumeric characters, underscores and periods; they cannot begin or end with an underscore or period, and are at most 80 characters.`);
    }
}
function validateImageDefinitionName(name) {
    if (name.length > 80 || !/^[A-Za-z0-9]+([-._]?[A-Za-z0-9]+)*$/.test(name)) {
        throw armErrors.invalidParameter('galleryImageName', `The gallery image name '${name}' is invalid. Names may contain alphanumeric characters, hyphens, underscores and periods, must start and end with an alphanumeric character, and are at most 80 characters.`);
    }
}
function validateVersionName(name) {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(name);
    const ok = m !== null && [m[1], m[2], m[3]].every((p) => Number(p) <= int32Max);
    if (!ok) {
        throw armErrors.invalidParameter('galleryImageVersionName', `The gallery image version name '${name}' is invalid. The name must follow the format Major(int32).Minor(int32).Patch(int32), e.g. 1.0.0.`);
    }
}
function validateComputeResourceName(kind, name) {
    if (name.length > 80 || !/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9_])?$/.test(name)) {
        throw armErrors.invalidParameter(`${kind}Name`, `The ${kind} name '${name}' is invalid. It must be 1-80 characters, begin with a letter or digit, end with a letter, digit or underscore, and contain only letters, digits, underscores, periods or hyphens.`);
    }
}
/** ARM tag limits: 50 tags, names <= 512 chars (no <>%&\?/), values <= 256 chars. */
function validateTags(tags) {
    if (tags === undefined || tags === null)
        return;
    if (typeof tags !== 'object' || Array.isArray(tags))
        throw armErrors.invalidRequestContent("The property 'tags' must be an object of string values.");
    const entries = Object.entries(tags);
    if (entries.length > 50)
        throw armErrors.invalidTag('InvalidTagCount', `The number of tags (${entries.length}) exceeds the maximum of 50 tags per resource.`);
    for (const [k, v] of entries) {
        if (k.length > 512)
            throw armErrors.invalidTag('InvalidTagNameLength', `The tag name '${k.slice(0, 40)}...' has ${k.length} characters; the maximum is 512.`);
        if (/[<>%&\\?/]/.test(k))
            throw armErrors.invalidTag('InvalidTagName', `The tag name '${k}' has invalid characters '<,>,%,&,\\,?,/'.`);
        if (typeof v !== 'string')
            throw armErrors.invalidRequestContent(`The tag '${k}' must have a string value.`);
        if (v.length > 256)
            throw armErrors.invalidTag('InvalidTagValueLength', `The value of tag '${k}' has ${v.length} characters; the maximum is 256.`);
    }
}
/** Reads a body that must be a JSON object. */
function requireObjectBody(body) {
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw armErrors.invalidRequestContent('The request content was invalid and could not be deserialized: a JSON object body is required.');
    }
    return body;
}
function requireString(obj, key, target) {
    const v = obj?.[key];
    if (v === undefined || v === null || v === '')
        throw armErrors.missingProperty(target);
    if (typeof v !== 'string')
        throw armErrors.invalidParameter(target, `The value of parameter '${target}' must be a string.`);
    return v;
}
function optionalObject(obj, key, target) {
    const v = obj?.[key];
    if (v === undefined || v === null)
        return undefined;
    if (typeof v !== 'object' || Array.isArray(v))
        throw armErrors.invalidRequestContent(`The property '${target}' must be an object.`);
    return v;
}
/** Checks a value against an enum case-insensitively (as CRP does) and returns the canonical spelling. */
function requireEnum(value, allowed, target, required = true) {
    if (value === undefined || value === null) {
        if (required)
            throw armErrors.missingProperty(target);
        return undefined;
    }
    const hit = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
    if (!hit) {
        throw armErrors.invalidParameter(target, `The value '${String(value)}' of parameter '${target}' is not allowed. Allowed values are: ${allowed.join(', ')}.`);
    }
    return hit;
}
/** Lowercase without spaces: 'West Europe' -> 'westeurope', as ARM normalizes locations. */
function normalizeRegion(region) {
    return region.replace(/\s+/g, '').toLowerCase();
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/tracked-resource.js
/** The create/update/delete flow every Microsoft.Compute tracked resource shares (201/200 + LRO headers, 202 delete). */



/** Stores the resource, starts its operation and answers as CRP does: 201 on create, 200 on update (PUT or PATCH). */
function upsert(u) {
    const { req, ctx } = u;
    const method = req.method === 'PATCH' ? 'PATCH' : 'PUT';
    const { record, headers } = startOperation(ctx, {
        // The record's method drives the transitional state: Creating for a new id, Updating otherwise.
        method: u.existing ? 'PATCH' : 'PUT',
        resourceId: u.id,
        location: u.location,
        subscriptionId: req.params.subscriptionId,
        apiVersion: req.apiVersion,
        durationMs: u.durationMs ?? ctx.timing.lroDurationMs,
        ...(u.failure ? { failure: u.failure } : {}),
    });
    const stored = { id: u.existing?.id ?? u.id, type: u.type, body: u.body, operationId: record.id };
    if (u.replication)
        stored.replication = u.replication;
    if (u.sourceKey)
        stored.sourceKey = u.sourceKey;
    ctx.state.resources[u.id.toLowerCase()] = stored;
    ctx.changed();
    const out = present(stored, ctx, u.extra);
    if (method === 'PATCH' || u.existing)
        return { status: 200, body: out, headers: { 'Azure-AsyncOperation': headers['Azure-AsyncOperation'] } };
    return { status: 201, body: out, headers };
}
/** DELETE: 204 when absent (ARM is idempotent), 409 with nested children, else 202 + polling headers. */
function deleteTracked(req, ctx, id, childType) {
    const existing = find(ctx, id);
    if (!existing)
        return { status: 204 };
    if (childType) {
        const nested = children(ctx, id, childType.type);
        if (nested.length > 0) {
            throw armErrors.conflict('CannotDeleteResource', `Can not delete resource before nested resources are deleted. '${existing.id}' still holds ${nested.length} ${childType.label}: ${nested.slice(0, 5).map((n) => n.id.split('/').pop()).join(', ')}.`);
        }
    }
    const { record, headers } = startOperation(ctx, {
        method: 'DELETE',
        resourceId: existing.id,
        location: String(existing.body.location ?? 'eastus'),
        subscriptionId: req.params.subscriptionId,
        apiVersion: req.apiVersion,
        durationMs: ctx.timing.lroDurationMs,
    });
    existing.operationId = record.id;
    ctx.changed();
    return { status: 202, headers };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/compute-resources.js
/**
 * Microsoft.Compute managed images, disks and snapshots: the sources a gallery image version is built from.
 * Modelled minimally (CRUD + validation of what publish relies on); see docs/emulator-deviations.md.
 */





function requireExisting(ctx, id, target) {
    if (typeof id !== 'string' || !find(ctx, id))
        throw new ArmError(404, 'NotFound', `The resource '${String(id)}' referenced by '${target}' was not found.`, target);
}
const compute_resources_image = {
    type: 'Microsoft.Compute/images',
    segment: 'images',
    param: 'imageName',
    label: 'image',
    validate(props, ctx) {
        const out = { ...props };
        const vm = optionalObject(props, 'sourceVirtualMachine', 'properties.sourceVirtualMachine');
        const storage = optionalObject(props, 'storageProfile', 'properties.storageProfile');
        const osDisk = optionalObject(storage, 'osDisk', 'properties.storageProfile.osDisk');
        if (vm)
            requireExisting(ctx, vm.id, 'properties.sourceVirtualMachine.id');
        if (!vm && !osDisk)
            throw armErrors.invalidParameter('properties.storageProfile.osDisk', 'An image needs properties.sourceVirtualMachine or properties.storageProfile.osDisk.');
        if (osDisk) {
            const t = 'properties.storageProfile.osDisk';
            const disk = { ...osDisk, caching: osDisk.caching ?? 'ReadWrite', storageAccountType: osDisk.storageAccountType ?? 'Standard_LRS' };
            disk.osType = requireEnum(osDisk.osType, ['Windows', 'Linux'], `${t}.osType`);
            disk.osState = requireEnum(osDisk.osState, ['Generalized', 'Specialized'], `${t}.osState`);
            const snapshot = optionalObject(osDisk, 'snapshot', `${t}.snapshot`);
            const managedDisk = optionalObject(osDisk, 'managedDisk', `${t}.managedDisk`);
            if (snapshot)
                requireExisting(ctx, snapshot.id, `${t}.snapshot.id`);
            else if (managedDisk)
                requireExisting(ctx, managedDisk.id, `${t}.managedDisk.id`);
            else if (typeof osDisk.blobUri !== 'string')
                throw armErrors.invalidParameter(`${t}.blobUri`, 'The OS disk needs blobUri, snapshot.id or managedDisk.id.');
            out.storageProfile = { ...storage, osDisk: disk, dataDisks: storage?.dataDisks ?? [], zoneResilient: storage?.zoneResilient ?? false };
        }
        out.hyperVGeneration = requireEnum(props.hyperVGeneration, ['V1', 'V2'], 'properties.hyperVGeneration', false) ?? 'V1';
        return out;
    },
};
function diskKind(type, segment, param, label) {
    return {
        type, segment, param, label,
        validate(props, _ctx, existing, now) {
            const creation = optionalObject(props, 'creationData', 'properties.creationData');
            if (!creation)
                throw armErrors.missingProperty('properties.creationData');
            requireEnum(creation.createOption, ['Empty', 'Attach', 'FromImage', 'Import', 'Copy', 'Restore', 'Upload', 'CopyStart', 'ImportSecure', 'UploadPreparedSecure', 'CopyFromSanSnapshot'], 'properties.creationData.createOption');
            const size = props.diskSizeGB === undefined ? 30 : Number(props.diskSizeGB);
            if (!Number.isInteger(size) || size < 1)
                throw armErrors.invalidParameter('properties.diskSizeGB', 'diskSizeGB must be a positive integer.');
            return {
                ...props,
                diskSizeGB: size,
                diskSizeBytes: size * 1024 * 1024 * 1024,
                ...(props.osType !== undefined ? { osType: requireEnum(props.osType, ['Windows', 'Linux'], 'properties.osType') } : {}),
                uniqueId: existing?.uniqueId ?? (0,external_node_crypto_.randomUUID)(),
                timeCreated: existing?.timeCreated ?? new Date(now).toISOString(),
                ...(type === 'Microsoft.Compute/disks' ? { diskState: 'Unattached' } : {}),
            };
        },
    };
}
const kinds = {
    Images: compute_resources_image,
    Disks: diskKind('Microsoft.Compute/disks', 'disks', 'diskName', 'disk'),
    Snapshots: diskKind('Microsoft.Compute/snapshots', 'snapshots', 'snapshotName', 'snapshot'),
};
function idOf(req, kind) {
    return `${resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName)}/providers/${kind.type}/${req.params[kind.param]}`;
}
function put(req, ctx, kind, isPatch) {
    requireResourceGroup(req, ctx);
    const name = req.params[kind.param];
    validateComputeResourceName(kind.label, name);
    const body = requireObjectBody(req.body);
    validateTags(body.tags);
    const id = idOf(req, kind);
    const existing = find(ctx, id);
    if (isPatch && !existing)
        throw armErrors.resourceNotFound(kind.type, name, req.params.resourceGroupName);
    const location = isPatch ? String(existing.body.location) : requireLocation(body, kind.type);
    const requested = optionalObject(body, 'properties', 'properties') ?? {};
    const oldProps = existing?.body.properties;
    const merged = isPatch ? mergePatch(oldProps ?? {}, requested) : requested;
    const props = kind.validate(merged, ctx, oldProps, ctx.now);
    delete props.provisioningState;
    const tags = body.tags !== undefined ? body.tags : isPatch ? existing.body.tags : undefined;
    const next = { id: existing?.id ?? id, name, type: kind.type, location, ...(tags ? { tags } : {}), properties: props };
    if (body.sku !== undefined)
        next.sku = body.sku;
    else if (kind !== compute_resources_image)
        next.sku = existing?.body.sku ?? { name: 'Standard_LRS', tier: 'Standard' };
    return upsert({ req, ctx, id, type: kind.type, existing, body: next, location });
}
const computeResourcesHandler = (req, ctx) => {
    const [group, op] = req.operationId.split('_');
    const kind = kinds[group];
    if (!kind)
        throw armErrors.methodNotAllowed(req.method, req.pathname);
    switch (op) {
        case 'List':
            return { status: 200, body: page(req, ctx, resourcesOfType(ctx, `/subscriptions/${req.params.subscriptionId}`, kind.type).map((r) => present(r, ctx))) };
        case 'ListByResourceGroup':
            requireResourceGroup(req, ctx);
            return { status: 200, body: page(req, ctx, resourcesOfType(ctx, resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName), kind.type).map((r) => present(r, ctx))) };
        case 'Get': {
            requireResourceGroup(req, ctx);
            const r = find(ctx, idOf(req, kind));
            if (!r)
                throw armErrors.resourceNotFound(kind.type, req.params[kind.param], req.params.resourceGroupName);
            return { status: 200, body: present(r, ctx) };
        }
        case 'CreateOrUpdate': return put(req, ctx, kind, false);
        case 'Update': return put(req, ctx, kind, true);
        case 'Delete':
            requireResourceGroup(req, ctx);
            return deleteTracked(req, ctx, idOf(req, kind));
        default: throw armErrors.methodNotAllowed(req.method, req.pathname);
    }
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/galleries.js
/** Microsoft.Compute/galleries. */




const type = 'Microsoft.Compute/galleries';
function galleryId(req) {
    return `${resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName)}/providers/${type}/${req.params.galleryName}`;
}
function notFound(req) {
    return armErrors.resourceNotFound(type, req.params.galleryName, req.params.resourceGroupName);
}
function galleries_put(req, ctx, isPatch) {
    const name = req.params.galleryName;
    requireResourceGroup(req, ctx);
    validateGalleryName(name);
    const body = requireObjectBody(req.body);
    const id = galleryId(req);
    const existing = find(ctx, id);
    if (isPatch && !existing)
        throw notFound(req);
    validateTags(body.tags);
    const props = optionalObject(body, 'properties', 'properties') ?? {};
    if (props.description !== undefined && typeof props.description !== 'string')
        throw armErrors.invalidParameter('gallery.properties.description', "The property 'description' must be a string.");
    const location = isPatch ? String(existing.body.location) : requireLocation(body, type);
    if (existing && location !== existing.body.location)
        throw armErrors.invalidParameter('location', `Changing the location of gallery '${name}' from '${String(existing.body.location)}' to '${location}' is not allowed.`);
    const previous = (existing?.body.properties ?? {});
    const next = {
        id,
        name,
        type,
        location,
        ...(isPatch ? (existing.body.tags ? { tags: existing.body.tags } : {}) : {}),
        ...(body.tags !== undefined ? { tags: body.tags } : {}),
        properties: {
            ...(isPatch ? previous : {}),
            ...(props.description !== undefined ? { description: props.description } : {}),
            ...(props.sharingProfile !== undefined ? { sharingProfile: props.sharingProfile } : {}),
            ...(props.softDeletePolicy !== undefined ? { softDeletePolicy: props.softDeletePolicy } : {}),
            // identifier.uniqueName is read-only: ARM derives it from the subscription and the name.
            identifier: { uniqueName: `${req.params.subscriptionId}-${name.toUpperCase()}` },
        },
    };
    if (existing)
        next.id = existing.id;
    return upsert({ req, ctx, id, type, existing, body: next, location });
}
const galleriesHandler = (req, ctx) => {
    switch (req.operationId) {
        case 'Galleries_List':
            return { status: 200, body: page(req, ctx, resourcesOfType(ctx, `/subscriptions/${req.params.subscriptionId}`, type).map((r) => present(r, ctx))) };
        case 'Galleries_ListByResourceGroup': {
            requireResourceGroup(req, ctx);
            const scope = resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName);
            return { status: 200, body: page(req, ctx, resourcesOfType(ctx, scope, type).map((r) => present(r, ctx))) };
        }
        case 'Galleries_Get': {
            requireResourceGroup(req, ctx);
            const g = find(ctx, galleryId(req));
            if (!g)
                throw notFound(req);
            return { status: 200, body: present(g, ctx) };
        }
        case 'Galleries_CreateOrUpdate': return galleries_put(req, ctx, false);
        case 'Galleries_Update': return galleries_put(req, ctx, true);
        case 'Galleries_Delete':
            requireResourceGroup(req, ctx);
            return deleteTracked(req, ctx, galleryId(req), { type: 'Microsoft.Compute/galleries/images', label: 'image definition(s)' });
        default: throw armErrors.methodNotAllowed(req.method, req.pathname);
    }
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/gallery-images.js
/** Microsoft.Compute/galleries/images (image definitions). */





const gallery_images_type = 'Microsoft.Compute/galleries/images';
const t = (p) => `galleryImage.properties.${p}`;
function imageDefinitionId(req) {
    return `${galleryId(req)}/images/${req.params.galleryImageName}`;
}
function requireGallery(req, ctx) {
    requireResourceGroup(req, ctx);
    if (!find(ctx, galleryId(req)))
        throw armErrors.parentResourceNotFound(galleryId(req), req.params.galleryImageName);
}
/** Validates writable properties and fills CRP's defaults. */
function definitionProperties(props) {
    const identifier = optionalObject(props, 'identifier', t('identifier'));
    if (!identifier)
        throw armErrors.missingProperty(t('identifier'));
    for (const k of ['publisher', 'offer', 'sku'])
        requireString(identifier, k, t(`identifier.${k}`));
    const out = { ...props };
    delete out.provisioningState;
    out.identifier = { publisher: identifier.publisher, offer: identifier.offer, sku: identifier.sku };
    out.osType = requireEnum(props.osType, ['Windows', 'Linux'], t('osType'));
    out.osState = requireEnum(props.osState, ['Generalized', 'Specialized'], t('osState'));
    out.hyperVGeneration = requireEnum(props.hyperVGeneration, ['V1', 'V2'], t('hyperVGeneration'), false) ?? 'V1';
    out.architecture = requireEnum(props.architecture, ['x64', 'Arm64'], t('architecture'), false) ?? 'x64';
    if (props.features !== undefined) {
        if (!Array.isArray(props.features))
            throw armErrors.invalidRequestContent(`The property '${t('features')}' must be an array of {name, value}.`);
        props.features.forEach((f, i) => {
            const feature = f;
            requireString(feature, 'name', t(`features[${i}].name`));
            requireString(feature, 'value', t(`features[${i}].value`));
        });
    }
    if (props.endOfLifeDate !== undefined && Number.isNaN(Date.parse(String(props.endOfLifeDate)))) {
        throw armErrors.invalidParameter(t('endOfLifeDate'), `The value '${String(props.endOfLifeDate)}' of '${t('endOfLifeDate')}' is not a valid date-time.`);
    }
    return out;
}
const immutable = ['identifier', 'osType', 'osState', 'hyperVGeneration', 'architecture'];
function gallery_images_put(req, ctx, isPatch) {
    requireGallery(req, ctx);
    validateImageDefinitionName(req.params.galleryImageName);
    const body = requireObjectBody(req.body);
    validateTags(body.tags);
    const id = imageDefinitionId(req);
    const existing = find(ctx, id);
    if (isPatch && !existing)
        throw armErrors.resourceNotFound(gallery_images_type, `${req.params.galleryName}/${req.params.galleryImageName}`, req.params.resourceGroupName);
    const location = isPatch ? String(existing.body.location) : requireLocation(body, gallery_images_type);
    const requested = optionalObject(body, 'properties', 'properties');
    if (!isPatch && !requested)
        throw armErrors.missingProperty('galleryImage.properties');
    const merged = isPatch ? mergePatch((existing.body.properties ?? {}), requested ?? {}) : requested;
    const props = definitionProperties(merged);
    if (existing) {
        const old = existing.body.properties;
        for (const k of immutable) {
            if (!sameValue(old[k], props[k]))
                throw armErrors.propertyChangeNotAllowed(t(k));
        }
    }
    const tags = body.tags !== undefined ? body.tags : isPatch ? existing.body.tags : undefined;
    const next = {
        id: existing?.id ?? id,
        name: req.params.galleryImageName,
        type: gallery_images_type,
        location,
        ...(tags ? { tags } : {}),
        properties: props,
    };
    return upsert({ req, ctx, id, type: gallery_images_type, existing, body: next, location });
}
const galleryImagesHandler = (req, ctx) => {
    switch (req.operationId) {
        case 'GalleryImages_ListByGallery': {
            requireResourceGroup(req, ctx);
            const g = find(ctx, galleryId(req));
            if (!g)
                throw armErrors.resourceNotFound('Microsoft.Compute/galleries', req.params.galleryName, req.params.resourceGroupName);
            return { status: 200, body: page(req, ctx, children(ctx, g.id, gallery_images_type).map((r) => present(r, ctx))) };
        }
        case 'GalleryImages_Get': {
            requireResourceGroup(req, ctx);
            const r = find(ctx, imageDefinitionId(req));
            if (!r)
                throw armErrors.resourceNotFound(gallery_images_type, `${req.params.galleryName}/${req.params.galleryImageName}`, req.params.resourceGroupName);
            return { status: 200, body: present(r, ctx) };
        }
        case 'GalleryImages_CreateOrUpdate': return gallery_images_put(req, ctx, false);
        case 'GalleryImages_Update': return gallery_images_put(req, ctx, true);
        case 'GalleryImages_Delete':
            requireResourceGroup(req, ctx);
            return deleteTracked(req, ctx, imageDefinitionId(req), { type: 'Microsoft.Compute/galleries/images/versions', label: 'image version(s)' });
        default: throw armErrors.methodNotAllowed(req.method, req.pathname);
    }
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/replication.js
/**
 * Per-region replication of a gallery image version. Every region runs in parallel from its own start time, so
 * the total is the slowest region's. State is computed from timestamps and the clock on each read.
 */

/** Progress is reported in steps (as CRP's summary does), not every millisecond. */
const progressStep = 10;
/** Shallow replication only references the source, so it is much faster than copying (Full). */
const shallowFactor = 0.1;
/** Keeps regions already replicating or done, restarts failed ones, starts new ones, drops removed ones. */
function planReplication(previous, targets, mode, versionId, ctx) {
    return targets.map((t) => {
        const old = previous?.find((p) => p.region === t.region);
        if (old && regionState(old, ctx.now).state !== 'Failed')
            return old;
        const failure = ctx.faults.replicationFailure(versionId, t.region);
        const duration = Math.round(ctx.timing.replicationMsPerReplica * Math.max(1, t.replicas) * (mode === 'Shallow' ? shallowFactor : 1));
        return { region: t.region, startTime: ctx.now, durationMs: duration, ...(failure ? { failure } : {}) };
    });
}
/** When a region reaches its terminal state; an injected failure shows half-way through. */
function regionEnd(r) {
    return r.startTime + (r.failure ? Math.floor(r.durationMs / 2) : r.durationMs);
}
function replicationEnd(plan) {
    return plan.reduce((max, r) => Math.max(max, regionEnd(r)), 0);
}
function regionState(r, now) {
    if (now >= regionEnd(r)) {
        if (r.failure)
            return { state: 'Failed', progress: Math.floor(50 / progressStep) * progressStep, details: r.failure };
        return { state: 'Completed', progress: 100 };
    }
    const fraction = r.durationMs === 0 ? 1 : (now - r.startTime) / r.durationMs;
    return { state: 'Replicating', progress: Math.min(99, Math.floor((fraction * 100) / progressStep) * progressStep) };
}
/** ARM's ReplicationStatus: aggregatedState plus one summary entry per region (display names, as ARM shows). */
function replicationStatus(plan, now) {
    if (!plan || plan.length === 0)
        return { aggregatedState: 'Unknown', summary: [] };
    const summary = plan.map((r) => {
        const s = regionState(r, now);
        return { region: findRegion(r.region)?.displayName ?? r.region, state: s.state, details: s.details ?? '', progress: s.progress };
    });
    const aggregatedState = summary.some((s) => s.state === 'Failed')
        ? 'Failed'
        : summary.some((s) => s.state === 'Replicating')
            ? 'InProgress'
            : 'Completed';
    return { aggregatedState, summary };
}
/** Summary of failed regions for the LRO error. */
function replicationFailureError(plan) {
    const failed = plan.filter((r) => r.failure);
    if (failed.length === 0)
        return undefined;
    return {
        code: 'ReplicationFailed',
        message: `Replication failed in ${failed.length} region(s): ${failed.map((r) => `${r.region}: ${r.failure}`).join('; ')}.`,
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/version-source.js
/** The source of a gallery image version must exist (managed image, snapshot, disk, version, VM) or be a VHD uri. */



const version_source_t = (p) => `galleryImageVersion.properties.storageProfile.${p}`;
const acceptedSourceTypes = [
    'microsoft.compute/images',
    'microsoft.compute/snapshots',
    'microsoft.compute/disks',
    'microsoft.compute/galleries/images/versions',
    'microsoft.compute/galleries/images',
    'microsoft.compute/virtualmachines',
];
function resourceTypeOf(id) {
    const parts = id.split('/').filter(Boolean);
    const providerIdx = parts.findIndex((p) => p.toLowerCase() === 'providers');
    if (providerIdx < 0)
        return '';
    const ns = parts[providerIdx + 1] ?? '';
    const types = parts.slice(providerIdx + 2).filter((_, i) => i % 2 === 0);
    return `${ns}/${types.join('/')}`.toLowerCase();
}
function resolveId(id, target, ctx) {
    if (!acceptedSourceTypes.includes(resourceTypeOf(id))) {
        throw armErrors.invalidParameter(target, `The source '${id}' is not a managed image, snapshot, disk, virtual machine or gallery image version id.`);
    }
    const found = find(ctx, id);
    if (!found) {
        throw new ArmError(404, 'NotFound', `The source resource '${id}' was not found. Create it first or correct '${target}'.`, target);
    }
    const props = (found.body.properties ?? {});
    const osDisk = (props.storageProfile?.osDisk ?? {});
    const osImage = (props.storageProfile?.osDiskImage ?? {});
    const size = Number(props.diskSizeGB ?? osDisk.diskSizeGB ?? osImage.sizeInGB ?? 30);
    const osType = (osDisk.osType ?? props.osType);
    return { key: found.id.toLowerCase(), sizeInGB: size, ...(osType ? { osType } : {}) };
}
/** Validates storageProfile and returns what the version is built from. */
function resolveVersionSource(storageProfile, ctx) {
    const source = optionalObject(storageProfile, 'source', version_source_t('source'));
    if (source?.id !== undefined)
        return resolveId(String(source.id), version_source_t('source.id'), ctx);
    if (source?.virtualMachineId !== undefined)
        return resolveId(String(source.virtualMachineId), version_source_t('source.virtualMachineId'), ctx);
    const osDiskImage = optionalObject(storageProfile, 'osDiskImage', version_source_t('osDiskImage'));
    const osSource = optionalObject(osDiskImage, 'source', version_source_t('osDiskImage.source'));
    if (osSource?.id !== undefined)
        return resolveId(String(osSource.id), version_source_t('osDiskImage.source.id'), ctx);
    if (osSource?.uri !== undefined) {
        const uri = String(osSource.uri);
        if (!/^https:\/\/[^/]+\/.+\.vhd(\?.*)?$/i.test(uri))
            throw armErrors.invalidParameter(version_source_t('osDiskImage.source.uri'), `The VHD uri '${uri.split('?')[0]}' is not a blob uri ending in .vhd.`);
        if (typeof osSource.storageAccountId !== 'string')
            throw armErrors.missingProperty(version_source_t('osDiskImage.source.storageAccountId'));
        return { key: uri.split('?')[0].toLowerCase(), sizeInGB: 30 };
    }
    throw armErrors.invalidParameter(version_source_t('source'), 'A gallery image version needs a source: storageProfile.source.id (managed image, snapshot, disk, VM or image version), storageProfile.source.virtualMachineId, or storageProfile.osDiskImage.source (id, or uri + storageAccountId).');
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/gallery-image-versions.js
/** Microsoft.Compute/galleries/images/versions, with publishing, replication and $expand=ReplicationStatus. */








const gallery_image_versions_type = 'Microsoft.Compute/galleries/images/versions';
const gallery_image_versions_t = (p) => `galleryImageVersion.properties.${p}`;
const storageTypes = ['Standard_LRS', 'Standard_ZRS', 'Premium_LRS', 'PremiumV2_LRS'];
function versionId(req) {
    return `${imageDefinitionId(req)}/versions/${req.params.galleryImageVersionName}`;
}
function gallery_image_versions_notFound(req) {
    return armErrors.resourceNotFound(gallery_image_versions_type, `${req.params.galleryName}/${req.params.galleryImageName}/${req.params.galleryImageVersionName}`, req.params.resourceGroupName);
}
function regionName(value, target) {
    const region = typeof value === 'string' ? findRegion(value) : undefined;
    if (!region)
        throw armErrors.invalidParameter(target, `The region '${String(value)}' is not a valid Azure region for gallery image version replication.`);
    return region.name;
}
/** Validates publishingProfile and returns it normalized, plus the replication targets. */
function publishing(pp, location, previous, now) {
    const replicaCount = pp.replicaCount === undefined ? 1 : Number(pp.replicaCount);
    if (!Number.isInteger(replicaCount) || replicaCount < 1 || replicaCount > 100)
        throw armErrors.invalidParameter(gallery_image_versions_t('publishingProfile.replicaCount'), 'replicaCount must be an integer from 1 to 100.');
    const storageAccountType = requireEnum(pp.storageAccountType, storageTypes, gallery_image_versions_t('publishingProfile.storageAccountType'), false) ?? 'Standard_LRS';
    const mode = (requireEnum(pp.replicationMode, ['Full', 'Shallow'], gallery_image_versions_t('publishingProfile.replicationMode'), false) ?? 'Full');
    const rawTargets = pp.targetRegions === undefined ? [{ name: location }] : pp.targetRegions;
    if (!Array.isArray(rawTargets))
        throw armErrors.invalidRequestContent(`The property '${gallery_image_versions_t('publishingProfile.targetRegions')}' must be an array.`);
    const seen = new Set();
    const targetRegions = rawTargets.map((raw, i) => {
        const tr = (raw ?? {});
        const target = gallery_image_versions_t(`publishingProfile.targetRegions[${i}]`);
        const name = regionName(tr.name, `${target}.name`);
        if (seen.has(name))
            throw armErrors.invalidParameter(`${target}.name`, `The region '${name}' is listed more than once in targetRegions.`);
        seen.add(name);
        const regional = tr.regionalReplicaCount === undefined ? replicaCount : Number(tr.regionalReplicaCount);
        if (!Number.isInteger(regional) || regional < 1 || regional > 100)
            throw armErrors.invalidParameter(`${target}.regionalReplicaCount`, 'regionalReplicaCount must be an integer from 1 to 100.');
        const out = {
            ...tr,
            name: findRegion(name).displayName,
            regionalReplicaCount: regional,
            storageAccountType: requireEnum(tr.storageAccountType, storageTypes, `${target}.storageAccountType`, false) ?? storageAccountType,
        };
        if (tr.excludeFromLatest !== undefined && typeof tr.excludeFromLatest !== 'boolean')
            throw armErrors.invalidParameter(`${target}.excludeFromLatest`, 'excludeFromLatest must be a boolean.');
        return { out, target: { region: name, replicas: regional } };
    });
    if (!seen.has(location)) {
        throw armErrors.invalidParameter(gallery_image_versions_t('publishingProfile.targetRegions'), `The gallery image version publishing profile regions '${[...seen].join(',')}' must contain the location of image version '${location}'.`);
    }
    const profile = {
        ...pp,
        targetRegions: targetRegions.map((x) => x.out),
        replicaCount,
        excludeFromLatest: pp.excludeFromLatest ?? false,
        storageAccountType,
        replicationMode: mode,
        publishedDate: previous?.publishedDate ?? new Date(now).toISOString(),
    };
    return { profile, targets: targetRegions.map((x) => x.target), mode };
}
function gallery_image_versions_put(req, ctx, isPatch) {
    requireResourceGroup(req, ctx);
    const definition = find(ctx, imageDefinitionId(req));
    if (!definition)
        throw armErrors.parentResourceNotFound(imageDefinitionId(req), req.params.galleryImageVersionName);
    validateVersionName(req.params.galleryImageVersionName);
    const body = requireObjectBody(req.body);
    validateTags(body.tags);
    const id = versionId(req);
    const existing = find(ctx, id);
    if (isPatch && !existing)
        throw gallery_image_versions_notFound(req);
    const location = isPatch ? String(existing.body.location) : requireLocation(body, gallery_image_versions_type);
    const requested = optionalObject(body, 'properties', 'properties');
    if (!isPatch && !requested)
        throw armErrors.missingProperty('galleryImageVersion.properties');
    const oldProps = (existing?.body.properties ?? {});
    const props = isPatch ? mergePatch(oldProps, requested ?? {}) : { ...requested };
    const storageProfile = optionalObject(props, 'storageProfile', gallery_image_versions_t('storageProfile'));
    if (!storageProfile)
        throw armErrors.missingProperty(gallery_image_versions_t('storageProfile'));
    const source = resolveVersionSource(storageProfile, ctx);
    if (existing) {
        const oldSource = existing.sourceKey;
        if (oldSource !== undefined && oldSource !== source.key)
            throw armErrors.propertyChangeNotAllowed(gallery_image_versions_t('storageProfile.source.id'));
    }
    const defProps = definition.body.properties;
    if (source.osType && String(source.osType).toLowerCase() !== String(defProps.osType).toLowerCase()) {
        throw armErrors.invalidParameter(gallery_image_versions_t('storageProfile.source.id'), `The source's OS type '${source.osType}' does not match the image definition's OS type '${String(defProps.osType)}'.`);
    }
    const safety = { allowDeletionOfReplicatedLocations: true, reportedForPolicyViolation: false, ...(optionalObject(props, 'safetyProfile', gallery_image_versions_t('safetyProfile')) ?? {}) };
    const pp = optionalObject(props, 'publishingProfile', gallery_image_versions_t('publishingProfile')) ?? {};
    const { profile, targets, mode } = publishing(pp, location, oldProps.publishingProfile, ctx.now);
    if (existing && safety.allowDeletionOfReplicatedLocations === false) {
        const kept = new Set(targets.map((x) => x.region));
        const removed = (existing.replication ?? []).filter((r) => !kept.has(r.region)).map((r) => r.region);
        if (removed.length > 0) {
            throw armErrors.invalidParameter(gallery_image_versions_t('safetyProfile.allowDeletionOfReplicatedLocations'), `Removing replicated regions '${removed.join(',')}' is not allowed because safetyProfile.allowDeletionOfReplicatedLocations is false.`);
        }
    }
    const osDiskImage = { hostCaching: 'ReadOnly', ...(storageProfile.osDiskImage ?? {}), sizeInGB: source.sizeInGB };
    const next = {
        id: existing?.id ?? id,
        name: req.params.galleryImageVersionName,
        type: gallery_image_versions_type,
        location,
        ...(body.tags !== undefined ? { tags: body.tags } : existing?.body.tags ? { tags: existing.body.tags } : {}),
        properties: {
            ...props,
            publishingProfile: profile,
            storageProfile: { ...storageProfile, osDiskImage },
            safetyProfile: safety,
        },
    };
    delete next.properties.provisioningState;
    delete next.properties.replicationStatus;
    const plan = planReplication(existing?.replication, targets, mode, id, ctx);
    const durationMs = Math.max(ctx.timing.lroDurationMs, replicationEnd(plan) - ctx.now);
    const failure = replicationFailureError(plan);
    return upsert({ req, ctx, id, type: gallery_image_versions_type, existing, body: next, location, durationMs, replication: plan, sourceKey: source.key, ...(failure ? { failure } : {}) });
}
function show(r, req, ctx) {
    const expand = req.query.get('$expand');
    if (expand !== null)
        requireEnum(expand, ['ReplicationStatus', 'UefiSettings'], '$expand');
    return present(r, ctx, (p) => {
        if (expand?.toLowerCase() === 'replicationstatus')
            p.replicationStatus = replicationStatus(r.replication, ctx.now);
    });
}
const galleryImageVersionsHandler = (req, ctx) => {
    switch (req.operationId) {
        case 'GalleryImageVersions_ListByGalleryImage': {
            requireResourceGroup(req, ctx);
            const def = find(ctx, imageDefinitionId(req));
            if (!def)
                throw armErrors.resourceNotFound('Microsoft.Compute/galleries/images', `${req.params.galleryName}/${req.params.galleryImageName}`, req.params.resourceGroupName);
            return { status: 200, body: page(req, ctx, children(ctx, def.id, gallery_image_versions_type).map((r) => show(r, req, ctx))) };
        }
        case 'GalleryImageVersions_Get': {
            requireResourceGroup(req, ctx);
            const r = find(ctx, versionId(req));
            if (!r)
                throw gallery_image_versions_notFound(req);
            return { status: 200, body: show(r, req, ctx) };
        }
        case 'GalleryImageVersions_CreateOrUpdate': return gallery_image_versions_put(req, ctx, false);
        case 'GalleryImageVersions_Update': return gallery_image_versions_put(req, ctx, true);
        case 'GalleryImageVersions_Delete':
            requireResourceGroup(req, ctx);
            return deleteTracked(req, ctx, versionId(req));
        default: throw armErrors.methodNotAllowed(req.method, req.pathname);
    }
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/imagebuilder/distribute.js
/**
 * What a successful Image Builder run leaves behind, per distributor: a managed image, or a gallery image version
 * that is already replicated to its target regions (AIB waits for replication before it reports success).
 */


const VERSION_TYPE = 'Microsoft.Compute/galleries/images/versions';
/** Creates the distributor's artifact and returns its id, or a failure message (nothing is written then). */
function distributeArtifact(ctx, template, d, osType) {
    if (d.type === 'ManagedImage') {
        const imageId = String(d.imageId);
        // AIB never overwrites an image: distributing onto an existing one fails the run.
        if (find(ctx, imageId))
            return { failure: `Distribution failed: the managed image '${imageId}' already exists. Delete it or distribute to another image id.` };
        ctx.state.resources[imageId.toLowerCase()] = managedImage(imageId, String(d.location), osType, d.artifactTags);
        return { artifactId: imageId };
    }
    if (d.type === 'SharedImage')
        return galleryVersion(ctx, template, d);
    return {};
}
function managedImage(id, location, osType, artifactTags) {
    const body = {
        id,
        name: id.split('/').pop() ?? 'image',
        type: 'Microsoft.Compute/images',
        location,
        ...(artifactTags && typeof artifactTags === 'object' ? { tags: artifactTags } : {}),
        properties: {
            storageProfile: {
                osDisk: { osType, osState: 'Generalized', caching: 'ReadWrite', storageAccountType: 'Standard_LRS', diskSizeGB: 30 },
                dataDisks: [],
                zoneResilient: false,
            },
            hyperVGeneration: 'V2',
        },
    };
    return { id, type: 'Microsoft.Compute/images', body };
}
/** The next version AIB's `Latest` scheme picks: one patch above the highest (in `major` when given), else major.0.0. */
function nextVersion(existing, major) {
    const parsed = existing
        .map((v) => v.split('.').map(Number))
        .filter((p) => p.length === 3 && p.every(Number.isInteger) && (major === undefined || p[0] === major))
        .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const top = parsed[parsed.length - 1];
    return top ? `${top[0]}.${top[1]}.${top[2] + 1}` : `${major ?? 1}.0.0`;
}
function galleryVersion(ctx, template, d) {
    const imageId = String(d.galleryImageId);
    const definition = find(ctx, imageId);
    if (!definition)
        return { failure: `Distribution failed: the gallery image '${imageId}' was not found. Create the image definition first.` };
    const versioning = (d.versioning ?? {});
    const major = typeof versioning.major === 'number' ? versioning.major : undefined;
    const name = nextVersion(children(ctx, definition.id, VERSION_TYPE).map((v) => String(v.body.name)), major);
    const id = `${definition.id}/versions/${name}`;
    const location = String(definition.body.location);
    const storageAccountType = typeof d.storageAccountType === 'string' ? d.storageAccountType : 'Standard_LRS';
    const wanted = Array.isArray(d.targetRegions) && d.targetRegions.length > 0
        ? d.targetRegions.map((r) => String(r.name))
        : Array.isArray(d.replicationRegions) && d.replicationRegions.length > 0 ? d.replicationRegions : [location];
    const regions = [...new Set([location, ...wanted].map((r) => findRegion(r)?.name ?? r))];
    const body = {
        id,
        name,
        type: VERSION_TYPE,
        location,
        ...(d.artifactTags && typeof d.artifactTags === 'object' ? { tags: d.artifactTags } : {}),
        properties: {
            publishingProfile: {
                targetRegions: regions.map((r) => ({ name: findRegion(r)?.displayName ?? r, regionalReplicaCount: 1, storageAccountType })),
                replicaCount: 1,
                excludeFromLatest: d.excludeFromLatest === true,
                storageAccountType,
                replicationMode: 'Full',
                publishedDate: new Date(ctx.now).toISOString(),
            },
            storageProfile: { osDiskImage: { hostCaching: 'ReadOnly', sizeInGB: 30 } },
            safetyProfile: { allowDeletionOfReplicatedLocations: true, reportedForPolicyViolation: false },
        },
    };
    ctx.state.resources[id.toLowerCase()] = {
        id,
        type: VERSION_TYPE,
        body,
        replication: regions.map((region) => ({ region, startTime: ctx.now, durationMs: 0 })),
        sourceKey: `imagebuilder:${template.id.toLowerCase()}`,
    };
    return { artifactId: id };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/imagebuilder/run-state.js
/**
 * Azure Image Builder runs, derived from stored timestamps and the emulated clock (no timers). A run walks
 * Building -> Customizing -> [Validating] -> Distributing, each phase taking timing.imageBuilderPhaseMs, then ends
 * Succeeded (the distributed managed image and the run output appear) or Failed with a message that carries a
 * customization.log URI, as AIB reports packer failures.
 */



const RUN_TYPE = 'Microsoft.VirtualMachineImages/imageTemplates/runs';
const RUN_OUTPUT_TYPE = 'Microsoft.VirtualMachineImages/imageTemplates/runOutputs';
function runKey(templateId) {
    return `${templateId}/runs/latest`;
}
function readRun(ctx, templateId) {
    return find(ctx, runKey(templateId))?.body;
}
/** Starts a run: phases from the template's content, failure from the fault injector (method POST). */
function startRun(ctx, template) {
    const props = (template.body.properties ?? {});
    const phaseMs = ctx.timing.imageBuilderPhaseMs ?? ctx.timing.lroDurationMs;
    const names = ['Building', 'Customizing', ...(props.validate ? ['Validating'] : []), 'Distributing'];
    let t = ctx.now;
    const phases = names.map((subState) => ({ subState, endsAt: (t += phaseMs) }));
    const injected = ctx.faults.takeOperationFailure('POST', `${template.id}/run`);
    const record = {
        operationId: (0,external_node_crypto_.randomUUID)(),
        location: String(template.body.location),
        startTime: ctx.now,
        phases,
        endTime: t,
        settled: false,
    };
    if (injected)
        record.failure = failureMessage(template, injected.message, record.operationId);
    ctx.state.resources[runKey(template.id).toLowerCase()] = { id: runKey(template.id), type: RUN_TYPE, body: record };
    // Outputs of an earlier run describe that run only.
    for (const key of Object.keys(ctx.state.resources)) {
        if (key.startsWith(`${template.id.toLowerCase()}/runoutputs/`))
            delete ctx.state.resources[key];
    }
    ctx.changed();
    return record;
}
/** AIB's packer failure text: names the customization.log in the staging storage account, with a SAS (real AIB does). */
function failureMessage(template, injected, operationId) {
    const account = `st${template.id.split('/')[2]?.replace(/-/g, '').slice(0, 12) ?? 'aib'}aib`;
    const log = `https://${account}.blob.core.windows.net/packerlogs/${operationId}/customization.log` +
        '?sv=2024-05-04&se=2099-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=emulatorSignatureAbc123%3D';
    return `Failed while waiting for packerizer: Microservice has failed: Failed while processing request: Error when executing ` +
        `packerizer: Packer build command has failed: exit status 1. During the image build, a failure has occurred, please ` +
        `check the customization.log for more information: ${log} (${injected})`;
}
/** The run as lastRunStatus reports it at `now`. */
function runPhase(run, now) {
    if (run.canceledAt !== undefined && run.canceledAt < run.endTime)
        return { runState: 'Canceled', endTime: run.canceledAt, message: 'The build was canceled.' };
    if (now >= run.endTime) {
        return run.failure ? { runState: 'Failed', endTime: run.endTime, message: run.failure } : { runState: 'Succeeded', endTime: run.endTime };
    }
    const phase = run.phases.find((p) => now < p.endsAt) ?? run.phases[run.phases.length - 1];
    return { runState: 'Running', ...(phase ? { runSubState: phase.subState } : {}) };
}
function isRunActive(run, now) {
    return run !== undefined && runPhase(run, now).runState === 'Running';
}
/** lastRunStatus as the service serializes it. */
function lastRunStatus(run, now) {
    const p = runPhase(run, now);
    return {
        startTime: new Date(run.startTime).toISOString(),
        ...(p.endTime !== undefined ? { endTime: new Date(p.endTime).toISOString() } : {}),
        runState: p.runState,
        ...(p.runSubState ? { runSubState: p.runSubState } : {}),
        message: p.message ?? '',
    };
}
/**
 * Writes a finished, successful run's effects once: each distributor's artifact (managed image or gallery version)
 * and its run output. Called before any imageTemplates request is answered (lazily, like settleOperations).
 */
function settleRun(ctx, template) {
    const run = readRun(ctx, template.id);
    if (!run || run.settled || isRunActive(run, ctx.now))
        return;
    run.settled = true;
    ctx.changed();
    if (runPhase(run, ctx.now).runState !== 'Succeeded')
        return;
    const props = (template.body.properties ?? {});
    const before = new Set(Object.keys(ctx.state.resources));
    const outputs = [];
    for (const d of (props.distribute ?? [])) {
        const result = distributeArtifact(ctx, template, d, osTypeOf(props));
        if (result.failure) {
            // A failed distribution leaves nothing behind: drop what earlier distributors of this run created.
            for (const key of Object.keys(ctx.state.resources))
                if (!before.has(key))
                    delete ctx.state.resources[key];
            run.failure = result.failure;
            return;
        }
        const name = String(d.runOutputName);
        const id = `${template.id}/runOutputs/${name}`;
        const properties = { provisioningState: 'Succeeded', ...(result.artifactId ? { artifactId: result.artifactId } : {}) };
        if (d.type === 'VHD')
            properties.artifactUri = `https://emulatoraib.blob.core.windows.net/vhds/${template.id.split('/').pop()}.vhd`;
        outputs.push({ id, type: RUN_OUTPUT_TYPE, body: { id, name, type: RUN_OUTPUT_TYPE, properties } });
    }
    for (const o of outputs)
        ctx.state.resources[o.id.toLowerCase()] = o;
}
function osTypeOf(props) {
    const source = (props.source ?? {});
    const customize = (props.customize ?? []);
    const windowsOnly = customize.some((c) => ['PowerShell', 'WindowsUpdate', 'WindowsRestart'].includes(String(c.type)));
    return windowsOnly || /windows/i.test(String(source.publisher ?? '')) ? 'Windows' : 'Linux';
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/image-templates.js
/**
 * Microsoft.VirtualMachineImages/imageTemplates (Azure Image Builder) as @azure/arm-imagebuilder 5.x sends it:
 * create (validated as AIB does: location, user-assigned identity, source, distribute), get, list, delete, run
 * (LRO whose lastRunStatus moves over emulated time), cancel and runOutputs. See docs/emulator-deviations.md.
 */







const TYPE = 'Microsoft.VirtualMachineImages/imageTemplates';
const SOURCES = { PlatformImage: ['publisher', 'offer', 'sku'], ManagedImage: ['imageId'], SharedImageVersion: ['imageVersionId'] };
const CUSTOMIZERS = ['Shell', 'PowerShell', 'File', 'WindowsUpdate', 'WindowsRestart'];
const DISTRIBUTORS = { ManagedImage: ['imageId', 'location'], SharedImage: ['galleryImageId'], VHD: [] };
function templateId(req) {
    return `${resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName)}/providers/${TYPE}/${req.params.imageTemplateName}`;
}
function requireTemplate(req, ctx) {
    requireResourceGroup(req, ctx);
    const t = find(ctx, templateId(req));
    if (!t || t.type !== TYPE)
        throw armErrors.resourceNotFound(TYPE, req.params.imageTemplateName, req.params.resourceGroupName);
    settleRun(ctx, t);
    return t;
}
function image_templates_show(t, ctx) {
    const run = readRun(ctx, t.id);
    return present(t, ctx, (p) => {
        if (run)
            p.lastRunStatus = lastRunStatus(run, ctx.now);
    });
}
function requireFields(obj, fields, where) {
    for (const f of fields)
        if (typeof obj[f] !== 'string' || obj[f] === '')
            throw armErrors.missingProperty(`${where}.${f}`);
}
/** The checks AIB makes before accepting a template (it validates everything at PUT, not at run). */
function validateTemplate(body) {
    const identity = optionalObject(body, 'identity', 'identity');
    const assigned = optionalObject(identity, 'userAssignedIdentities', 'identity.userAssignedIdentities');
    if (!identity || identity.type !== 'UserAssigned' || !assigned || Object.keys(assigned).length !== 1) {
        throw armErrors.invalidParameter('identity', 'Image templates need exactly one user-assigned identity (identity.type UserAssigned and one entry in identity.userAssignedIdentities).');
    }
    const props = optionalObject(body, 'properties', 'properties');
    if (!props)
        throw armErrors.missingProperty('properties');
    const source = optionalObject(props, 'source', 'properties.source');
    if (!source)
        throw armErrors.missingProperty('properties.source');
    const needs = SOURCES[String(source.type)];
    if (!needs)
        throw armErrors.invalidParameter('properties.source.type', `Source type '${String(source.type)}' is not supported; use ${Object.keys(SOURCES).join(', ')}.`);
    requireFields(source, needs, 'properties.source');
    const customize = props.customize ?? [];
    if (!Array.isArray(customize))
        throw armErrors.invalidParameter('properties.customize', 'customize must be an array.');
    customize.forEach((c, i) => {
        if (!CUSTOMIZERS.includes(String(c?.type)))
            throw armErrors.invalidParameter(`properties.customize[${i}].type`, `Customizer type '${String(c?.type)}' is not supported; use ${CUSTOMIZERS.join(', ')}.`);
        if (c.type === 'File')
            requireFields(c, ['sourceUri', 'destination'], `properties.customize[${i}]`);
    });
    const distribute = props.distribute;
    if (!Array.isArray(distribute) || distribute.length === 0)
        throw armErrors.missingProperty('properties.distribute');
    const outputs = new Set();
    distribute.forEach((d, i) => {
        const where = `properties.distribute[${i}]`;
        const needsD = DISTRIBUTORS[String(d?.type)];
        if (!needsD)
            throw armErrors.invalidParameter(`${where}.type`, `Distributor type '${String(d?.type)}' is not supported; use ${Object.keys(DISTRIBUTORS).join(', ')}.`);
        requireFields(d, ['runOutputName', ...needsD], where);
        if (outputs.has(String(d.runOutputName)))
            throw armErrors.invalidParameter(`${where}.runOutputName`, `runOutputName '${String(d.runOutputName)}' is used twice.`);
        outputs.add(String(d.runOutputName));
    });
    const timeout = props.buildTimeoutInMinutes;
    if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 0 || timeout > 960)) {
        throw armErrors.invalidParameter('properties.buildTimeoutInMinutes', 'buildTimeoutInMinutes must be an integer from 0 to 960.');
    }
    return { props, identity };
}
function image_templates_put(req, ctx) {
    requireResourceGroup(req, ctx);
    const name = req.params.imageTemplateName;
    if (!/^[A-Za-z0-9][-A-Za-z0-9_.]{0,63}$/.test(name))
        throw armErrors.invalidParameter('imageTemplateName', `Image template name '${name}' is invalid: 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit.`);
    const body = requireObjectBody(req.body);
    validateTags(body.tags);
    const location = requireLocation(body, TYPE);
    const { props, identity } = validateTemplate(body);
    const id = templateId(req);
    const existing = find(ctx, id);
    const stored = { ...props };
    for (const readOnly of ['provisioningState', 'provisioningError', 'lastRunStatus', 'exactStagingResourceGroup'])
        delete stored[readOnly];
    if (existing) {
        const old = { ...existing.body.properties };
        for (const readOnly of ['provisioningState', 'lastRunStatus', 'exactStagingResourceGroup'])
            delete old[readOnly];
        // AIB does not update templates in place; only an identical PUT (e.g. new tags) is accepted.
        if (!sameValue(old, stored) || !sameValue(existing.body.identity, withPrincipals(identity, existing.body.identity))) {
            throw armErrors.conflict('Conflict', 'Update/Upgrade of image templates is currently not supported. Please change the name of the template you are submitting.');
        }
        if (isRunActive(readRun(ctx, existing.id), ctx.now))
            throw armErrors.conflict('Conflict', `Image template '${name}' is running; wait for the run to finish or cancel it.`);
    }
    const staging = typeof stored.stagingResourceGroup === 'string' && stored.stagingResourceGroup
        ? stored.stagingResourceGroup
        : `/subscriptions/${req.params.subscriptionId}/resourceGroups/IT_${req.params.resourceGroupName}_${name}_${(0,external_node_crypto_.randomUUID)().slice(0, 8)}`;
    const next = {
        id: existing?.id ?? id,
        name,
        type: TYPE,
        location,
        ...(body.tags ? { tags: body.tags } : {}),
        identity: withPrincipals(identity, existing?.body.identity),
        properties: { ...stored, exactStagingResourceGroup: existing?.body.properties?.exactStagingResourceGroup ?? staging },
    };
    const response = upsert({ req, ctx, id, type: TYPE, existing, body: next, location });
    return { ...aibPolling(response), body: image_templates_show(ctx.state.resources[id.toLowerCase()], ctx) };
}
/** Points the shared LRO's polling headers at AIB's own operations route (its api-version family). */
function aibPolling(response) {
    const headers = {};
    for (const [k, v] of Object.entries(response.headers ?? {})) {
        headers[k] = v.replace(/Microsoft\.Compute\/locations\/([^/]+)\/capsOperations\//, 'Microsoft.VirtualMachineImages/locations/$1/operations/');
    }
    return { ...response, headers };
}
/** Adds the read-only principalId/clientId ARM reports for each user-assigned identity (stable across PUTs). */
function withPrincipals(identity, previous) {
    const assigned = identity.userAssignedIdentities;
    const before = (previous?.userAssignedIdentities ?? {});
    const out = {};
    for (const key of Object.keys(assigned))
        out[key] = before[key] ?? { principalId: (0,external_node_crypto_.randomUUID)(), clientId: (0,external_node_crypto_.randomUUID)() };
    return { type: 'UserAssigned', userAssignedIdentities: out };
}
function operationHeaders(ctx, req, location, operationId) {
    const url = `${ctx.baseUrl}subscriptions/${req.params.subscriptionId}/providers/Microsoft.VirtualMachineImages/locations/${location}/operations/${operationId}`;
    return { 'Azure-AsyncOperation': `${url}?api-version=${req.apiVersion}`, Location: `${url}?api-version=${req.apiVersion}&monitor=true`, 'Retry-After': String(ctx.timing.retryAfterSeconds) };
}
function run(req, ctx) {
    const t = requireTemplate(req, ctx);
    if (isRunActive(readRun(ctx, t.id), ctx.now))
        throw armErrors.conflict('Conflict', `Image template '${t.body.name}' is already running; wait for the run to finish or cancel it.`);
    const record = startRun(ctx, t);
    return { status: 202, headers: operationHeaders(ctx, req, record.location, record.operationId) };
}
function cancel(req, ctx) {
    const t = requireTemplate(req, ctx);
    const record = readRun(ctx, t.id);
    if (!record || !isRunActive(record, ctx.now))
        throw armErrors.conflict('Conflict', `Image template '${t.body.name}' has no build in progress to cancel.`);
    record.canceledAt = ctx.now;
    ctx.changed();
    return { status: 202, headers: operationHeaders(ctx, req, record.location, record.operationId) };
}
/** GET .../Microsoft.VirtualMachineImages/locations/{location}/operations/{id}: the run's async status document. */
function operationStatus(req, ctx) {
    const id = req.params.operationId;
    if (id && ctx.state.operations[id]) {
        return handleOperationStatus(req, ctx, (op) => {
            const t = find(ctx, op.resourceId);
            return t ? image_templates_show(t, ctx) : undefined;
        });
    }
    const owner = Object.values(ctx.state.resources).find((r) => r.type === RUN_TYPE && r.body.operationId === id);
    if (!owner)
        throw new ArmError(404, 'NotFound', `The operation '${id}' was not found.`);
    const templateKey = owner.id.replace(/\/runs\/latest$/i, '');
    const template = find(ctx, templateKey);
    if (template)
        settleRun(ctx, template);
    const phase = runPhase(owner.body, ctx.now);
    const status = phase.runState === 'Running' ? 'InProgress' : phase.runState;
    const retry = { 'Retry-After': String(ctx.timing.retryAfterSeconds) };
    if (req.query.get('monitor') === 'true') {
        if (status === 'InProgress')
            return { status: 202, headers: retry };
        if (status === 'Failed')
            throw new ArmError(400, 'BuildFailed', phase.message ?? 'The build failed.');
        return { status: 200 };
    }
    const doc = { name: id, status, startTime: new Date(owner.body.startTime).toISOString() };
    if (phase.endTime !== undefined)
        doc.endTime = new Date(phase.endTime).toISOString();
    if (status === 'Failed')
        doc.error = { code: 'BuildFailed', message: phase.message };
    return { status: 200, body: doc, headers: status === 'InProgress' ? retry : {} };
}
function runOutputs(req, ctx, name) {
    const t = requireTemplate(req, ctx);
    const outputs = Object.entries(ctx.state.resources)
        .filter(([key, r]) => r.type === RUN_OUTPUT_TYPE && key.startsWith(`${t.id.toLowerCase()}/runoutputs/`))
        .map(([, r]) => structuredClone(r.body));
    if (name === undefined)
        return { status: 200, body: page(req, ctx, outputs) };
    const one = outputs.find((o) => String(o.name).toLowerCase() === name.toLowerCase());
    if (!one)
        throw armErrors.notFound(`Run output '${name}' of image template '${t.body.name}' was not found (the template has not distributed it yet).`);
    return { status: 200, body: one };
}
const imageTemplatesHandler = (req, ctx) => {
    switch (req.operationId) {
        case 'VirtualMachineImageTemplates_List':
            return { status: 200, body: page(req, ctx, resourcesOfType(ctx, `/subscriptions/${req.params.subscriptionId}`, TYPE).map((r) => image_templates_show(r, ctx))) };
        case 'VirtualMachineImageTemplates_ListByResourceGroup':
            requireResourceGroup(req, ctx);
            return { status: 200, body: page(req, ctx, resourcesOfType(ctx, resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName), TYPE).map((r) => image_templates_show(r, ctx))) };
        case 'VirtualMachineImageTemplates_Get':
            return { status: 200, body: image_templates_show(requireTemplate(req, ctx), ctx) };
        case 'VirtualMachineImageTemplates_CreateOrUpdate':
            return image_templates_put(req, ctx);
        case 'VirtualMachineImageTemplates_Delete': {
            requireResourceGroup(req, ctx);
            const t = find(ctx, templateId(req));
            if (t && isRunActive(readRun(ctx, t.id), ctx.now))
                throw armErrors.conflict('Conflict', `Image template '${t.body.name}' is running; cancel the build before deleting the template.`);
            return aibPolling(deleteTracked(req, ctx, templateId(req)));
        }
        case 'VirtualMachineImageTemplates_Run':
            return run(req, ctx);
        case 'VirtualMachineImageTemplates_Cancel':
            return cancel(req, ctx);
        case 'VirtualMachineImageTemplates_ListRunOutputs':
            return runOutputs(req, ctx);
        case 'VirtualMachineImageTemplates_GetRunOutput':
            return runOutputs(req, ctx, req.params.runOutputName);
        case 'VirtualMachineImages_OperationStatus':
            return operationStatus(req, ctx);
        default:
            throw armErrors.methodNotAllowed(req.method, req.pathname);
    }
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/data/skus.js
/** A realistic set of virtualMachines resource SKUs, shaped as GET .../Microsoft.Compute/skus returns them. */

const sizes = [
    { name: 'Standard_B2s', family: 'standardBSFamily', vcpus: 2, memoryGb: 4, maxResourceVolumeMb: 8192, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: false, premiumIo: true, maxDataDisks: 4 },
    { name: 'Standard_D2s_v5', family: 'standardDSv5Family', vcpus: 2, memoryGb: 8, maxResourceVolumeMb: 0, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: false, premiumIo: true, maxDataDisks: 4 },
    { name: 'Standard_D4s_v5', family: 'standardDSv5Family', vcpus: 4, memoryGb: 16, maxResourceVolumeMb: 0, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: false, premiumIo: true, maxDataDisks: 8 },
    { name: 'Standard_D8s_v5', family: 'standardDSv5Family', vcpus: 8, memoryGb: 32, maxResourceVolumeMb: 0, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: false, premiumIo: true, maxDataDisks: 16 },
    { name: 'Standard_D4ds_v5', family: 'standardDDSv5Family', vcpus: 4, memoryGb: 16, cachedDiskBytes: 161061273600, maxResourceVolumeMb: 153600, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: true, premiumIo: true, maxDataDisks: 8 },
    { name: 'Standard_D4ads_v6', family: 'standardDadsv6Family', vcpus: 4, memoryGb: 16, maxResourceVolumeMb: 0, nvmeDiskSizeInMiB: 225280, hyperVGenerations: 'V2', architecture: 'x64', ephemeralOsDisk: true, premiumIo: true, maxDataDisks: 12 },
    { name: 'Standard_D4pds_v5', family: 'standardDPDSv5Family', vcpus: 4, memoryGb: 16, cachedDiskBytes: 161061273600, maxResourceVolumeMb: 153600, hyperVGenerations: 'V2', architecture: 'Arm64', ephemeralOsDisk: true, premiumIo: true, maxDataDisks: 8 },
    { name: 'Standard_E8s_v5', family: 'standardESv5Family', vcpus: 8, memoryGb: 64, maxResourceVolumeMb: 0, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: false, premiumIo: true, maxDataDisks: 16 },
    { name: 'Standard_F4s_v2', family: 'standardFSv2Family', vcpus: 4, memoryGb: 8, cachedDiskBytes: 68719476736, maxResourceVolumeMb: 32768, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: true, premiumIo: true, maxDataDisks: 8 },
    { name: 'Standard_NC4as_T4_v3', family: 'Standard NCASv3_T4 Family', vcpus: 4, memoryGb: 28, cachedDiskBytes: 193273528320, maxResourceVolumeMb: 180224, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: true, premiumIo: true, maxDataDisks: 8, regions: ['eastus', 'westus2', 'westeurope', 'southcentralus', 'northeurope'] },
];
function capabilities(s) {
    const c = [
        ['MaxResourceVolumeMB', String(s.maxResourceVolumeMb)],
        ['OSVhdSizeMB', '1047552'],
        ['vCPUs', String(s.vcpus)],
        ['MemoryPreservingMaintenanceSupported', 'True'],
        ['HyperVGenerations', s.hyperVGenerations],
        ['MemoryGB', String(s.memoryGb)],
        ['MaxDataDiskCount', String(s.maxDataDisks)],
        ['CpuArchitectureType', s.architecture],
        ['LowPriorityCapable', 'True'],
        ['PremiumIO', s.premiumIo ? 'True' : 'False'],
        ['VMDeploymentTypes', 'IaaS'],
        ['vCPUsAvailable', String(s.vcpus)],
        ['ACUs', '195'],
        ['vCPUsPerCore', s.architecture === 'Arm64' ? '1' : '2'],
        ['EphemeralOSDiskSupported', s.ephemeralOsDisk ? 'True' : 'False'],
        ['EncryptionAtHostSupported', 'True'],
        ['AcceleratedNetworkingEnabled', 'True'],
        ['RdmaEnabled', 'False'],
        ['MaxNetworkInterfaces', String(Math.min(8, Math.max(2, s.vcpus / 2)))],
    ];
    if (s.cachedDiskBytes !== undefined)
        c.splice(1, 0, ['CachedDiskBytes', String(s.cachedDiskBytes)]);
    if (s.nvmeDiskSizeInMiB !== undefined)
        c.push(['NvmeDiskSizeInMiB', String(s.nvmeDiskSizeInMiB)], ['SupportedEphemeralOSDiskPlacements', 'NvmeDisk']);
    else if (s.ephemeralOsDisk)
        c.push(['SupportedEphemeralOSDiskPlacements', 'ResourceDisk,CacheDisk']);
    return c.map(([name, value]) => ({ name, value }));
}
/** One SKU entry per size and region (ARM lists a size once per location). */
function resourceSkus() {
    const out = [];
    for (const s of sizes) {
        for (const region of s.regions ?? regions.map((x) => x.name)) {
            out.push({
                resourceType: 'virtualMachines',
                name: s.name,
                tier: 'Standard',
                size: s.name.replace(/^Standard_/, ''),
                family: s.family,
                locations: [region],
                locationInfo: [{ location: region, zones: ['1', '2', '3'], zoneDetails: [] }],
                capabilities: capabilities(s),
                restrictions: [],
            });
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/locations.js
/** GET /subscriptions/{id}/locations and GET .../Microsoft.Compute/skus. */



const locationsHandler = (req) => ({
    status: 200,
    body: {
        value: regions.map((r) => ({
            id: `/subscriptions/${req.params.subscriptionId}/locations/${r.name}`,
            name: r.name,
            type: 'Region',
            displayName: r.displayName,
            regionalDisplayName: `(${r.geographyGroup}) ${r.displayName}`,
            metadata: {
                regionType: 'Physical',
                regionCategory: 'Recommended',
                geography: r.geographyGroup,
                geographyGroup: r.geographyGroup,
                longitude: r.longitude,
                latitude: r.latitude,
                physicalLocation: r.physicalLocation,
                pairedRegion: r.pairedRegion
                    ? [{ name: r.pairedRegion, id: `/subscriptions/${req.params.subscriptionId}/locations/${r.pairedRegion}` }]
                    : [],
            },
        })),
    },
});
/** Supports ARM's only documented filter for this API: `location eq '<region>'`. */
const skusHandler = (req) => {
    const filter = req.query.get('$filter');
    let skus = resourceSkus();
    if (filter) {
        const m = /^\s*location\s+eq\s+'([^']+)'\s*$/i.exec(filter);
        if (!m)
            throw armErrors.invalidParameter('$filter', `The $filter '${filter}' is not supported. Only "location eq '<region>'" is supported.`);
        const wanted = m[1].replace(/\s+/g, '').toLowerCase();
        skus = skus.filter((s) => s.locations.some((l) => l.toLowerCase() === wanted));
    }
    return { status: 200, body: { value: skus } };
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/resource-groups.js
/** Microsoft.Resources: resource groups (sync create/update; async delete through operationresults). */





function get(req, ctx) {
    const id = resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName);
    const rg = find(ctx, id);
    if (req.method === 'HEAD')
        return { status: rg ? 204 : 404 };
    if (!rg)
        throw armErrors.resourceGroupNotFound(req.params.resourceGroupName);
    return { status: 200, body: present(rg, ctx) };
}
function resource_groups_put(req, ctx) {
    const name = req.params.resourceGroupName;
    validateResourceGroupName(name);
    const body = requireObjectBody(req.body);
    const location = requireLocation(body, 'Microsoft.Resources/resourceGroups');
    validateTags(body.tags);
    const id = resourceGroupId(req.params.subscriptionId, name);
    const existing = find(ctx, id);
    if (existing && String(existing.body.location) !== location) {
        throw new ArmError(409, 'InvalidResourceGroupLocation', `Invalid resource group location '${location}'. The Resource group already exists in location '${String(existing.body.location)}'.`);
    }
    if (existing?.operationId && ctx.state.operations[existing.operationId]?.method === 'DELETE') {
        throw new ArmError(409, 'ResourceGroupBeingDeleted', `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`);
    }
    const stored = {
        id: existing?.id ?? id,
        type: 'Microsoft.Resources/resourceGroups',
        body: {
            id: existing?.id ?? id,
            name: existing ? String(existing.body.name) : name,
            type: 'Microsoft.Resources/resourceGroups',
            location,
            ...(body.tags ? { tags: body.tags } : {}),
            ...(typeof body.managedBy === 'string' ? { managedBy: body.managedBy } : {}),
            properties: { provisioningState: 'Succeeded' },
        },
    };
    ctx.state.resources[id.toLowerCase()] = stored;
    ctx.changed();
    return { status: existing ? 200 : 201, body: present(stored, ctx) };
}
function patch(req, ctx) {
    const rg = find(ctx, resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName));
    if (!rg)
        throw armErrors.resourceGroupNotFound(req.params.resourceGroupName);
    const body = requireObjectBody(req.body);
    validateTags(body.tags);
    if (body.tags !== undefined)
        rg.body.tags = body.tags;
    ctx.changed();
    return { status: 200, body: present(rg, ctx) };
}
function del(req, ctx) {
    const rg = find(ctx, resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName));
    if (!rg)
        throw armErrors.resourceGroupNotFound(req.params.resourceGroupName);
    const opId = (0,external_node_crypto_.randomUUID)();
    ctx.state.operations[opId] = {
        id: opId, method: 'DELETE', resourceId: rg.id, location: String(rg.body.location), apiVersion: req.apiVersion,
        startTime: ctx.now, endTime: ctx.now + ctx.timing.lroDurationMs, outcome: 'Succeeded', settled: false,
    };
    rg.operationId = opId;
    rg.body.properties = { provisioningState: 'Deleting' };
    ctx.changed();
    return {
        status: 202,
        headers: {
            Location: `${ctx.baseUrl}subscriptions/${req.params.subscriptionId}/operationresults/${opId}?api-version=${req.apiVersion}`,
            'Retry-After': String(ctx.timing.retryAfterSeconds),
        },
    };
}
function list(req, ctx) {
    const prefix = `/subscriptions/${req.params.subscriptionId}/resourcegroups/`;
    const groups = Object.entries(ctx.state.resources)
        .filter(([k, r]) => k.startsWith(prefix) && r.type === 'Microsoft.Resources/resourceGroups')
        .map(([, r]) => present(r, ctx));
    return { status: 200, body: page(req, ctx, groups) };
}
/** GET /subscriptions/{id}/operationresults/{opId}: 202 while a resource group delete runs, then 200. */
const operationResultsHandler = (req, ctx) => {
    const op = ctx.state.operations[req.params.operationId ?? ''];
    if (!op)
        throw armErrors.notFound(`The operation '${req.params.operationId}' was not found.`);
    if (isRunning(op, ctx.now)) {
        return { status: 202, headers: { Location: `${ctx.baseUrl}${req.pathname.slice(1)}?${req.query.toString()}`, 'Retry-After': String(ctx.timing.retryAfterSeconds) } };
    }
    if (op.outcome === 'Failed')
        throw new ArmError(400, op.error?.code ?? 'OperationFailed', op.error?.message ?? 'The operation failed.');
    return { status: 200 };
};
const resourceGroupsHandler = (req, ctx) => {
    switch (req.operationId) {
        case 'ResourceGroups_List': return list(req, ctx);
        case 'ResourceGroups_Get':
        case 'ResourceGroups_CheckExistence': return get(req, ctx);
        case 'ResourceGroups_CreateOrUpdate': return resource_groups_put(req, ctx);
        case 'ResourceGroups_Update': return patch(req, ctx);
        case 'ResourceGroups_Delete': return del(req, ctx);
        default: throw armErrors.methodNotAllowed(req.method, req.pathname);
    }
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/policy-validation.js
/**
 * What ARM checks when a policy definition or assignment is written: the rule's if/then shape, the effect, the
 * parameter declarations and that every parameters('x') the rule uses is declared. Errors use Azure Policy's codes.
 */

const MODES = ['All', 'Indexed', 'Microsoft.KeyVault.Data', 'Microsoft.Kubernetes.Data', 'Microsoft.Network.Data'];
const PARAMETER_TYPES = ['String', 'Array', 'Object', 'Boolean', 'Integer', 'Float', 'DateTime'];
const EFFECTS = ['deny', 'audit', 'disabled', 'append', 'modify', 'auditifnotexists', 'deployifnotexists', 'denyaction', 'manual'];
const CONDITION_KEYS = ['allOf', 'anyOf', 'not', 'field', 'value', 'count', 'source'];
function invalidRule(name, detail) {
    return new ArmError(400, 'InvalidPolicyRule', `Failed to parse policy rule of policy definition '${name}': ${detail}`);
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Walks a condition tree: every node must be a logical operator or a field/value/count condition. */
function checkCondition(name, node, path) {
    if (!isObject(node))
        throw invalidRule(name, `'${path}' must be an object.`);
    const keys = Object.keys(node);
    const kind = keys.find((k) => CONDITION_KEYS.includes(k));
    if (!kind)
        throw invalidRule(name, `'${path}' has none of ${CONDITION_KEYS.join(', ')}.`);
    if (kind === 'allOf' || kind === 'anyOf') {
        const list = node[kind];
        if (!Array.isArray(list) || list.length === 0)
            throw invalidRule(name, `'${path}.${kind}' must be a non-empty array.`);
        list.forEach((c, i) => checkCondition(name, c, `${path}.${kind}[${i}]`));
    }
    else if (kind === 'not')
        checkCondition(name, node.not, `${path}.not`);
    else if (kind === 'count') {
        const count = node.count;
        if (!isObject(count) || (count.field === undefined && count.value === undefined))
            throw invalidRule(name, `'${path}.count' needs 'field' or 'value'.`);
        if (count.where !== undefined)
            checkCondition(name, count.where, `${path}.count.where`);
    }
}
/** Validates and normalizes a policy definition's properties (PUT body). */
function validatePolicyDefinition(name, props) {
    const mode = props.mode ?? 'Indexed';
    if (typeof mode !== 'string' || !MODES.some((m) => m.toLowerCase() === mode.toLowerCase())) {
        throw new ArmError(400, 'InvalidPolicyMode', `The policy mode '${String(mode)}' is not supported. Supported modes: ${MODES.join(', ')}.`);
    }
    const parameters = props.parameters ?? {};
    if (!isObject(parameters))
        throw new ArmError(400, 'InvalidPolicyParameters', `The parameters of policy definition '${name}' must be an object.`);
    for (const [key, p] of Object.entries(parameters)) {
        if (!isObject(p) || typeof p.type !== 'string' || !PARAMETER_TYPES.some((t) => t.toLowerCase() === String(p.type).toLowerCase())) {
            throw new ArmError(400, 'InvalidPolicyParameters', `The parameter '${key}' of policy definition '${name}' has an invalid type; use one of ${PARAMETER_TYPES.join(', ')}.`);
        }
        if (Array.isArray(p.allowedValues) && p.defaultValue !== undefined && !p.allowedValues.some((v) => JSON.stringify(v) === JSON.stringify(p.defaultValue))) {
            throw new ArmError(400, 'InvalidPolicyParameters', `The default value of parameter '${key}' of policy definition '${name}' is not one of its allowed values.`);
        }
    }
    const rule = props.policyRule;
    if (!isObject(rule))
        throw invalidRule(name, "'policyRule' is required and must be an object with 'if' and 'then'.");
    checkCondition(name, rule.if, 'if');
    if (!isObject(rule.then) || typeof rule.then.effect !== 'string')
        throw invalidRule(name, "'then.effect' is required.");
    const effect = rule.then.effect;
    const paramRef = /^\[parameters\('([^']+)'\)\]$/.exec(effect);
    if (!paramRef && !EFFECTS.includes(effect.toLowerCase()))
        throw invalidRule(name, `'${effect}' is not a policy effect.`);
    for (const [, ref] of JSON.stringify(rule).matchAll(/parameters\('([^']+)'\)/g)) {
        if (!Object.keys(parameters).includes(ref))
            throw invalidRule(name, `the template parameter '${ref}' is not found in the definition's parameters.`);
    }
    return { ...props, mode, parameters, policyType: 'Custom' };
}
/** Checks assignment parameters against the definition's: none undeclared, none required missing. */
function validateAssignmentParameters(assignment, definitionName, definitionParams, given) {
    const params = given === undefined ? {} : given;
    if (!isObject(params))
        throw new ArmError(400, 'InvalidRequestContent', 'properties.parameters must be an object of { name: { value } }.');
    const undefinedNames = Object.keys(params).filter((k) => !(k in definitionParams));
    if (undefinedNames.length > 0) {
        throw new ArmError(400, 'UndefinedPolicyParameter', `The policy assignment '${assignment}' has the parameter(s) '${undefinedNames.join(', ')}' which are not defined in the policy definition '${definitionName}'.`);
    }
    const missing = Object.entries(definitionParams)
        .filter(([k, p]) => isObject(p) && p.defaultValue === undefined && !(k in params))
        .map(([k]) => k);
    if (missing.length > 0) {
        throw new ArmError(400, 'MissingPolicyParameter', `The policy assignment '${assignment}' has missing parameter(s) '${missing.join(', ')}' which are defined in the policy definition '${definitionName}'.`);
    }
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/policy-definitions.js
/**
 * Microsoft.Authorization/policyDefinitions at subscription scope (custom definitions only; ARM also lists
 * built-ins, the emulator does not) and policyAssignments at subscription and resource group scope.
 * Writes are synchronous (200/201), as in ARM.
 */




const POLICY_DEFINITION_TYPE = 'Microsoft.Authorization/policyDefinitions';
const POLICY_ASSIGNMENT_TYPE = 'Microsoft.Authorization/policyAssignments';
function definitionId(subscriptionId, name) {
    return `/subscriptions/${subscriptionId}/providers/${POLICY_DEFINITION_TYPE}/${name}`;
}
function definitionNotFound(name) {
    return new ArmError(404, 'PolicyDefinitionNotFound', `The policy definition '${name}' could not be found.`);
}
function stamp(ctx, existing, metadata) {
    const now = new Date(ctx.now).toISOString();
    const old = (existing?.metadata ?? {});
    return { ...(typeof metadata === 'object' && metadata !== null ? metadata : {}), createdOn: old.createdOn ?? now, updatedOn: now };
}
function store(ctx, id, type, body) {
    ctx.state.resources[id.toLowerCase()] = { id, type, body };
    ctx.changed();
}
function putDefinition(req, ctx) {
    const name = req.params.policyDefinitionName;
    const body = requireObjectBody(req.body);
    const props = optionalObject(body, 'properties', 'properties');
    if (!props)
        throw armErrors.missingProperty('properties');
    const id = definitionId(req.params.subscriptionId, name);
    const existing = find(ctx, id);
    const validated = validatePolicyDefinition(name, props);
    const stored = {
        id: existing?.id ?? id,
        type: POLICY_DEFINITION_TYPE,
        name,
        properties: { ...validated, metadata: stamp(ctx, existing?.body.properties, props.metadata) },
    };
    store(ctx, existing?.id ?? id, POLICY_DEFINITION_TYPE, stored);
    return { status: existing ? 200 : 201, body: structuredClone(stored) };
}
function scopeOf(req, ctx) {
    if (req.params.resourceGroupName === undefined)
        return `/subscriptions/${req.params.subscriptionId}`;
    requireResourceGroup(req, ctx);
    return resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName);
}
function assignmentId(scope, name) {
    return `${scope}/providers/${POLICY_ASSIGNMENT_TYPE}/${name}`;
}
function putAssignment(req, ctx) {
    const name = req.params.policyAssignmentName;
    if (name.length > 64)
        throw armErrors.invalidParameter('name', `The policy assignment name '${name}' is longer than 64 characters.`);
    const scope = scopeOf(req, ctx);
    const body = requireObjectBody(req.body);
    const props = optionalObject(body, 'properties', 'properties');
    if (!props || typeof props.policyDefinitionId !== 'string')
        throw armErrors.missingProperty('properties.policyDefinitionId');
    const definition = find(ctx, props.policyDefinitionId);
    const definitionName = props.policyDefinitionId.split('/').pop() ?? '';
    if (!definition || definition.type !== POLICY_DEFINITION_TYPE)
        throw definitionNotFound(definitionName);
    const defProps = definition.body.properties;
    validateAssignmentParameters(name, definitionName, (defProps.parameters ?? {}), props.parameters);
    const enforcementMode = props.enforcementMode ?? 'Default';
    if (enforcementMode !== 'Default' && enforcementMode !== 'DoNotEnforce') {
        throw armErrors.invalidParameter('properties.enforcementMode', `The enforcement mode '${String(enforcementMode)}' is not valid; use Default or DoNotEnforce.`);
    }
    const id = assignmentId(scope, name);
    const existing = find(ctx, id);
    const stored = {
        id: existing?.id ?? id,
        type: POLICY_ASSIGNMENT_TYPE,
        name,
        ...(typeof body.location === 'string' ? { location: body.location } : {}),
        properties: {
            ...props,
            policyDefinitionId: definition.id,
            scope,
            notScopes: props.notScopes ?? [],
            parameters: props.parameters ?? {},
            enforcementMode,
            metadata: stamp(ctx, existing?.body.properties, props.metadata),
        },
    };
    store(ctx, existing?.id ?? id, POLICY_ASSIGNMENT_TYPE, stored);
    return { status: existing ? 200 : 201, body: structuredClone(stored) };
}
const policyDefinitionsHandler = (req, ctx) => {
    const sub = req.params.subscriptionId;
    switch (req.operationId) {
        case 'PolicyDefinitions_List':
            return { status: 200, body: { value: resourcesOfType(ctx, `/subscriptions/${sub}/providers/Microsoft.Authorization`, POLICY_DEFINITION_TYPE).map((r) => structuredClone(r.body)) } };
        case 'PolicyDefinitions_Get': {
            const r = find(ctx, definitionId(sub, req.params.policyDefinitionName));
            if (!r)
                throw definitionNotFound(req.params.policyDefinitionName);
            return { status: 200, body: structuredClone(r.body) };
        }
        case 'PolicyDefinitions_CreateOrUpdate':
            return putDefinition(req, ctx);
        case 'PolicyDefinitions_Delete': {
            const r = find(ctx, definitionId(sub, req.params.policyDefinitionName));
            if (!r)
                return { status: 204 };
            const users = Object.values(ctx.state.resources).filter((a) => a.type === POLICY_ASSIGNMENT_TYPE && String(a.body.properties.policyDefinitionId).toLowerCase() === r.id.toLowerCase());
            if (users.length > 0) {
                throw new ArmError(400, 'PolicyDefinitionInUse', `The policy definition '${r.body.name}' is in use by policy assignment(s) '${users.map((u) => u.id).join(', ')}'. Delete them first.`);
            }
            delete ctx.state.resources[r.id.toLowerCase()];
            ctx.changed();
            return { status: 200, body: structuredClone(r.body) };
        }
        default:
            throw armErrors.methodNotAllowed(req.method, req.pathname);
    }
};
const policyAssignmentsHandler = (req, ctx) => {
    const op = req.operationId.split('_')[1] ?? '';
    if (op.startsWith('Create'))
        return putAssignment(req, ctx);
    const scope = scopeOf(req, ctx);
    const name = req.params.policyAssignmentName;
    const r = find(ctx, assignmentId(scope, name));
    if (op.startsWith('Get')) {
        if (!r)
            throw new ArmError(404, 'PolicyAssignmentNotFound', `The policy assignment '${name}' is not found.`);
        return { status: 200, body: structuredClone(r.body) };
    }
    if (op.startsWith('Delete')) {
        if (!r)
            return { status: 204 };
        delete ctx.state.resources[r.id.toLowerCase()];
        ctx.changed();
        return { status: 200, body: structuredClone(r.body) };
    }
    throw armErrors.methodNotAllowed(req.method, req.pathname);
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/vmss/rolling-upgrade.js
function batchStart(rec, b) {
    return rec.startTime + b * (rec.batchDurationMs + rec.pauseMs);
}
/** ISO-8601 duration (PT5S, PT1M30S, P0D) in ms; CRP's pauseTimeBetweenBatches format. */
function isoDurationMs(value) {
    if (typeof value !== 'string')
        return 0;
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(value);
    if (!m)
        return 0;
    return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000;
}
/** Splits instance ids into batches of ceil(percent% of the total), at least one instance each. */
function planBatches(ids, maxBatchPercent) {
    const size = Math.max(1, Math.ceil((ids.length * Math.max(1, Math.min(100, maxBatchPercent))) / 100));
    const out = [];
    for (let i = 0; i < ids.length; i += size)
        out.push(ids.slice(i, i + size));
    return out;
}
/** Where the run stands at `now`. `unhealthy(versionId)` is the health switch. */
function rollingOutcome(rec, now, unhealthy) {
    const total = rec.batches.reduce((n, b) => n + b.length, 0);
    let successful = 0;
    let failed = 0;
    let inProgress = 0;
    let last = -1;
    const targetUnhealthy = unhealthy(rec.targetVersionId);
    for (let b = 0; b < rec.batches.length; b++) {
        const start = batchStart(rec, b);
        if (start > now)
            break;
        if (rec.cancelledAt !== undefined && start > rec.cancelledAt)
            break;
        last = b;
        const size = rec.batches[b].length;
        const end = start + rec.batchDurationMs;
        if (now < end) {
            inProgress += size;
            break;
        }
        if (targetUnhealthy)
            failed += size;
        else
            successful += size;
        const upgraded = successful + failed;
        if (upgraded > 0 && (failed * 100) / upgraded > rec.maxUnhealthyUpgradedInstancePercent) {
            return { code: 'Faulted', lastStartedBatch: b, successful, failed, inProgress: 0, pending: total - upgraded, endTime: end, lastAction: 'Start' };
        }
    }
    const pending = total - successful - failed - inProgress;
    const lastAction = rec.cancelledAt !== undefined ? 'Cancel' : 'Start';
    if (inProgress > 0)
        return { code: 'RollingForward', lastStartedBatch: last, successful, failed, inProgress, pending, lastAction };
    if (pending === 0) {
        return { code: 'Completed', lastStartedBatch: last, successful, failed, inProgress, pending, endTime: last < 0 ? rec.startTime : batchStart(rec, last) + rec.batchDurationMs, lastAction };
    }
    if (rec.cancelledAt !== undefined && rec.cancelledAt <= now) {
        return { code: 'Cancelled', lastStartedBatch: last, successful, failed, inProgress, pending, endTime: Math.max(rec.cancelledAt, last < 0 ? rec.startTime : batchStart(rec, last) + rec.batchDurationMs), lastAction };
    }
    return { code: 'RollingForward', lastStartedBatch: last, successful, failed, inProgress, pending, lastAction };
}
/** The RollingUpgradeStatusInfo body of GET rollingUpgrades/latest. */
function rollingStatusBody(rec, outcome, vmssId, location, targetUnhealthy) {
    const props = {
        policy: rec.policy,
        runningStatus: {
            code: outcome.code,
            startTime: new Date(rec.startTime).toISOString(),
            lastAction: outcome.lastAction,
            lastActionTime: new Date(outcome.lastAction === 'Cancel' ? rec.cancelledAt : rec.startTime).toISOString(),
        },
        progress: {
            successfulInstanceCount: outcome.successful,
            failedInstanceCount: outcome.failed,
            inProgressInstanceCount: outcome.inProgress,
            pendingInstanceCount: outcome.pending,
        },
    };
    if (outcome.code === 'Faulted' && targetUnhealthy) {
        props.error = {
            code: 'MaxUnhealthyUpgradedInstancePercentExceededInRollingUpgrade',
            message: `Rolling upgrade failed: more than ${rec.maxUnhealthyUpgradedInstancePercent}% of the upgraded instances are unhealthy after the upgrade to '${rec.targetVersionId}'.`,
        };
    }
    return { id: `${vmssId}/rollingUpgrades/latest`, name: 'latest', type: 'Microsoft.Compute/virtualMachineScaleSets/rollingUpgrades', location, properties: props };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/vmss/vmss-model.js
/**
 * The scale-set instance model: every instance is a stored child resource holding what it runs (`applied`) and,
 * while an upgrade/reimage is under way, what it is moving to (`pending`, with start/end times). What an instance
 * runs at a given moment is derived from those timestamps and the emulated clock, like every other LRO here.
 */


const SCALE_SET_TYPE = 'Microsoft.Compute/virtualMachineScaleSets';
const INSTANCE_TYPE = 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines';
/** Emulator-only bookkeeping stored as a child of the scale set, so deleting the scale set removes it too. */
const SIM_TYPE = 'Emulator/virtualMachineScaleSetState';
const HEALTH_ID = '/_emulator/vmss-health';
/** Canonical JSON (sorted keys) so equal profiles hash equal whatever key order the client sent. */
function stableStringify(v) {
    if (Array.isArray(v))
        return `[${v.map(stableStringify).join(',')}]`;
    if (v && typeof v === 'object') {
        return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`).join(',')}}`;
    }
    return JSON.stringify(v);
}
/** Hash of the model's virtualMachineProfile: instances whose applied hash differs are not on the latest model. */
function profileHash(profile) {
    return (0,external_node_crypto_.createHash)('sha256').update(stableStringify(profile ?? {})).digest('hex').slice(0, 16);
}
function imageReferenceOf(vmss) {
    const props = (vmss.properties ?? {});
    const vmp = (props.virtualMachineProfile ?? {});
    const sp = (vmp.storageProfile ?? {});
    return (sp.imageReference ?? {});
}
function upgradeModeOf(vmss) {
    const mode = String(vmss.properties?.upgradePolicy?.mode ?? 'Manual');
    return mode.toLowerCase() === 'rolling' ? 'Rolling' : mode.toLowerCase() === 'automatic' ? 'Automatic' : 'Manual';
}
function isEphemeral(vmss) {
    const props = (vmss.properties ?? {});
    const osDisk = (props.virtualMachineProfile?.storageProfile?.osDisk ?? {});
    return osDisk.diffDiskSettings !== undefined && osDisk.diffDiskSettings !== null;
}
function semverKey(name) {
    return name.split('.').map((p) => Number(p));
}
/** The version id an imageReference boots now: itself for a version id, else the latest eligible version of the definition. */
function resolveVersionId(state, imageReference) {
    const id = String(imageReference.id ?? '');
    if (/\/versions\/[^/]+$/i.test(id))
        return id;
    const prefix = `${id.toLowerCase()}/versions/`;
    let best;
    for (const [key, r] of Object.entries(state.resources)) {
        if (!key.startsWith(prefix) || key.slice(prefix.length).includes('/'))
            continue;
        const profile = (r.body.properties?.publishingProfile ?? {});
        if (profile.excludeFromLatest === true)
            continue;
        const name = String(r.body.name ?? '');
        if (!best || compareVersions(name, String(best.body.name)) > 0)
            best = r;
    }
    return best?.id ?? id;
}
function compareVersions(a, b) {
    const x = semverKey(a);
    const y = semverKey(b);
    for (let i = 0; i < 3; i++)
        if ((x[i] ?? 0) !== (y[i] ?? 0))
            return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
}
/** The model as an instance would apply it right now. */
function currentModel(state, vmss) {
    const imageReference = imageReferenceOf(vmss);
    const props = (vmss.properties ?? {});
    return { imageReference: structuredClone(imageReference), versionId: resolveVersionId(state, imageReference), profileHash: profileHash(props.virtualMachineProfile) };
}
function simId(vmssId) {
    return `${vmssId}/emulatorState/state`;
}
function instanceId(vmssId, id) {
    return `${vmssId}/virtualMachines/${id}`;
}
function loadSim(state, vmssId) {
    const r = state.resources[simId(vmssId).toLowerCase()];
    return r?.body ?? { nextInstanceId: 0 };
}
function saveSim(state, vmssId, sim) {
    state.resources[simId(vmssId).toLowerCase()] = { id: simId(vmssId), type: SIM_TYPE, body: sim };
}
/** Instances of a scale set, ordered by numeric instance id. */
function instancesOf(state, vmssId) {
    const prefix = `${vmssId.toLowerCase()}/virtualmachines/`;
    return Object.entries(state.resources)
        .filter(([key, r]) => key.startsWith(prefix) && r.type === INSTANCE_TYPE)
        .map(([, r]) => r.body)
        .sort((a, b) => Number(a.instanceId) - Number(b.instanceId));
}
function storeInstance(state, vmssId, inst) {
    const id = instanceId(vmssId, inst.instanceId);
    state.resources[id.toLowerCase()] = { id, type: INSTANCE_TYPE, body: inst };
}
/** Creates instances until the scale set has `capacity`, removing the highest ids when it has more. */
function reconcileCapacity(state, vmssId, vmssName, capacity, model, now) {
    const sim = loadSim(state, vmssId);
    const existing = instancesOf(state, vmssId);
    for (const extra of existing.slice(capacity))
        delete state.resources[instanceId(vmssId, extra.instanceId).toLowerCase()];
    for (let n = existing.length; n < capacity; n++) {
        const id = String(sim.nextInstanceId++);
        storeInstance(state, vmssId, { instanceId: id, name: `${vmssName}_${id}`, vmId: (0,external_node_crypto_.randomUUID)(), createdAt: now, applied: structuredClone(model) });
    }
    saveSim(state, vmssId, sim);
}
/** Evaluates the instance at `now` (a rolling change only counts once the rolling run has reached its batch). */
function instanceAt(state, vmssId, inst, now) {
    const p = inst.pending;
    if (!p)
        return { sim: inst, running: inst.applied, updating: false };
    if (p.kind === 'rolling') {
        const sim = loadSim(state, vmssId);
        const rec = sim.rolling;
        if (!rec || rec.id !== p.rollingId)
            return { sim: inst, running: inst.applied, updating: false };
        const outcome = rollingOutcome(rec, now, (v) => isUnhealthyVersion(state, v));
        if (p.batch === undefined || p.batch > outcome.lastStartedBatch)
            return { sim: inst, running: inst.applied, updating: false };
    }
    if (now < p.startTime)
        return { sim: inst, running: inst.applied, updating: false };
    if (now < p.endTime)
        return { sim: inst, running: inst.applied, updating: true };
    return { sim: inst, running: { imageReference: p.imageReference, versionId: p.versionId, profileHash: p.profileHash }, updating: false };
}
/** Makes a finished (or never-to-start) change permanent, before the rolling record it depends on is replaced. */
function foldInstance(state, vmssId, inst, now) {
    const at = instanceAt(state, vmssId, inst, now);
    if (at.updating || !inst.pending)
        return;
    inst.applied = structuredClone(at.running);
    delete inst.pending;
    storeInstance(state, vmssId, inst);
}
/** Schedules a change for the instance, first folding in one that has finished. */
function schedule(state, vmssId, inst, change, now) {
    const at = instanceAt(state, vmssId, inst, now);
    inst.applied = structuredClone(at.running);
    inst.pending = change;
    storeInstance(state, vmssId, inst);
}
/** The health rules the health switch sets: gallery version ids whose instances report unhealthy. */
function unhealthyVersions(state) {
    const r = state.resources[HEALTH_ID];
    return (r?.body.unhealthyImageVersions ?? []).map((v) => v.toLowerCase());
}
function setUnhealthyVersions(state, versionIds) {
    state.resources[HEALTH_ID] = { id: HEALTH_ID, type: 'Emulator/healthRules', body: { unhealthyImageVersions: [...versionIds] } };
}
function isUnhealthyVersion(state, versionId) {
    return unhealthyVersions(state).includes(versionId.toLowerCase());
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/vmss/instance-view.js

function instance_view_status(code, displayStatus, level = 'Info', time) {
    return { code, level, displayStatus, ...(time !== undefined ? { time: new Date(time).toISOString() } : {}) };
}
/** The instance view: provisioning, power and Application Health extension state. */
function instanceView(state, at, now) {
    const unhealthy = isUnhealthyVersion(state, at.running.versionId);
    const health = at.updating
        ? instance_view_status('HealthState/unknown', 'The VM health is unknown', 'Info', now)
        : unhealthy
            ? instance_view_status('HealthState/unhealthy', 'The VM is unhealthy', 'Warning', now)
            : instance_view_status('HealthState/healthy', 'The VM is healthy', 'Info', now);
    return {
        platformUpdateDomain: Number(at.sim.instanceId) % 5,
        platformFaultDomain: Number(at.sim.instanceId) % 2,
        computerName: `${at.sim.name.replace(/_/g, '').slice(0, 9)}${at.sim.instanceId.padStart(6, '0')}`,
        osName: 'ubuntu',
        vmHealth: { status: health },
        statuses: [
            at.updating ? instance_view_status('ProvisioningState/updating', 'Updating') : instance_view_status('ProvisioningState/succeeded', 'Provisioning succeeded', 'Info', at.sim.createdAt),
            at.updating ? instance_view_status('PowerState/starting', 'VM starting') : instance_view_status('PowerState/running', 'VM running'),
        ],
    };
}
/** A VirtualMachineScaleSetVM body; `expand` adds properties.instanceView as $expand=instanceView does. */
function presentInstance(state, vmss, vmssId, at, latestHash, now, expand) {
    const inst = at.sim;
    const vmProps = (vmss.properties?.virtualMachineProfile ?? {});
    const storage = (vmProps.storageProfile ?? {});
    const versionName = at.running.versionId.split('/').pop() ?? '';
    const props = {
        latestModelApplied: !at.updating && at.running.profileHash === latestHash,
        vmId: inst.vmId,
        storageProfile: {
            imageReference: { ...at.running.imageReference, exactVersion: versionName },
            osDisk: { ...(storage.osDisk ?? {}), name: `${inst.name}_OsDisk_1_${inst.vmId.replace(/-/g, '').slice(0, 32)}`, osType: 'Linux' },
            dataDisks: [],
        },
        osProfile: { computerName: `${inst.name.replace(/_/g, '').slice(0, 9)}${inst.instanceId.padStart(6, '0')}` },
        provisioningState: at.updating ? 'Updating' : 'Succeeded',
        timeCreated: new Date(inst.createdAt).toISOString(),
    };
    if (expand)
        props.instanceView = instanceView(state, at, now);
    return {
        id: `${vmssId}/virtualMachines/${inst.instanceId}`,
        name: `${String(vmss.name)}_${inst.instanceId}`,
        type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
        location: vmss.location,
        instanceId: inst.instanceId,
        ...(vmss.sku ? { sku: { name: vmss.sku.name, tier: vmss.sku.tier ?? 'Standard' } } : {}),
        properties: props,
    };
}


;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/vmss/flexible-vms.js


/** VM bodies of every Flexible scale set's instances under `scopeId`, optionally of one scale set only. */
function flexibleVirtualMachines(state, scopeId, now, opts = {}) {
    const prefix = `${scopeId.toLowerCase()}/`;
    const out = [];
    for (const [key, r] of Object.entries(state.resources)) {
        if (!key.startsWith(prefix) || r.type !== SCALE_SET_TYPE)
            continue;
        if (opts.scaleSetId && key !== opts.scaleSetId.toLowerCase())
            continue;
        const vmss = r.body;
        if (String(vmss.properties?.orchestrationMode) !== 'Flexible')
            continue;
        const rgId = r.id.split('/providers/')[0];
        for (const inst of instancesOf(state, r.id)) {
            const at = instanceAt(state, r.id, inst, now);
            const props = {
                vmId: inst.vmId,
                virtualMachineScaleSet: { id: r.id },
                storageProfile: { imageReference: { ...at.running.imageReference, exactVersion: at.running.versionId.split('/').pop() } },
                provisioningState: at.updating ? 'Updating' : 'Succeeded',
                timeCreated: new Date(inst.createdAt).toISOString(),
            };
            if (opts.expandInstanceView)
                props.instanceView = instanceView(state, at, now);
            out.push({ id: `${rgId}/providers/Microsoft.Compute/virtualMachines/${inst.name}`, name: inst.name, type: 'Microsoft.Compute/virtualMachines', location: vmss.location, properties: props });
        }
    }
    return out;
}
/** The Flexible VM `name` in resource group `rgId`, or undefined (seeded standalone VMs are not found here). */
function flexibleVirtualMachine(state, rgId, name, now, expandInstanceView = false) {
    return flexibleVirtualMachines(state, rgId, now, { expandInstanceView }).find((vm) => String(vm.name).toLowerCase() === name.toLowerCase());
}
/** The instance view of a Flexible VM (GET virtualMachines/{name}/instanceView), or undefined. */
function flexibleInstanceView(state, rgId, name, now) {
    const vm = flexibleVirtualMachine(state, rgId, name, now, true);
    return vm ? vm.properties.instanceView : undefined;
}
/**
 * The scale set id of `$filter='virtualMachineScaleSet/id' eq '<id>'`, the only filter ARM accepts on a VM list;
 * undefined for no filter. Anything else throws, for the handler to answer 400 InvalidParameter.
 */
function scaleSetIdOfFilter(filter) {
    if (filter === null || filter.trim() === '')
        return undefined;
    const m = /^\s*'?virtualMachineScaleSet\/id'?\s+eq\s+'([^']+)'\s*$/i.exec(filter);
    if (!m)
        throw new Error(`The $filter '${filter}' is not supported; the only filter is 'virtualMachineScaleSet/id' eq '<scale set id>'.`);
    return m[1];
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/virtual-machines.js
/**
 * Microsoft.Compute/virtualMachines, read-only: list (subscription, resource group), get and instanceView over
 * VMs seeded into the state (capture sources, image consumers) plus the VMs of Flexible scale sets (../vmss).
 * Lists accept ARM's one VM filter, `$filter='virtualMachineScaleSet/id' eq '<id>'`, and `$expand=instanceView`.
 * Creating VMs is not emulated; see docs/emulator-deviations.md.
 */



const virtual_machines_type = 'Microsoft.Compute/virtualMachines';
function scaleSetFilter(req) {
    try {
        return scaleSetIdOfFilter(req.query.get('$filter'));
    }
    catch (e) {
        throw armErrors.invalidParameter('$filter', e.message);
    }
}
function expandsInstanceView(req) {
    return (req.query.get('$expand') ?? '').toLowerCase() === 'instanceview';
}
/** Seeded VMs and Flexible scale set VMs under `scopeId`, narrowed to one scale set when filtered. */
function listUnder(req, ctx, scopeId) {
    const scaleSetId = scaleSetFilter(req);
    const seeded = resourcesOfType(ctx, scopeId, virtual_machines_type)
        .filter((r) => scaleSetId === undefined || sameValue(r.body.properties?.virtualMachineScaleSet?.id, scaleSetId))
        .map((r) => present(r, ctx));
    const flexible = flexibleVirtualMachines(ctx.state, scopeId, ctx.now, { ...(scaleSetId ? { scaleSetId } : {}), expandInstanceView: expandsInstanceView(req) });
    return [...seeded, ...flexible];
}
function getOne(req, ctx, expand) {
    requireResourceGroup(req, ctx);
    const rgId = resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName);
    const seeded = resourcesOfType(ctx, rgId, virtual_machines_type).find((r) => r.id.split('/').pop().toLowerCase() === req.params.vmName.toLowerCase());
    const vm = seeded ? present(seeded, ctx) : flexibleVirtualMachine(ctx.state, rgId, req.params.vmName, ctx.now, expand);
    if (!vm)
        throw armErrors.resourceNotFound(virtual_machines_type, req.params.vmName, req.params.resourceGroupName);
    return vm;
}
const virtualMachinesHandler = (req, ctx) => {
    switch (req.operationId) {
        case 'VirtualMachines_ListAll':
            return { status: 200, body: page(req, ctx, listUnder(req, ctx, `/subscriptions/${req.params.subscriptionId}`)) };
        case 'VirtualMachines_List':
            requireResourceGroup(req, ctx);
            return { status: 200, body: page(req, ctx, listUnder(req, ctx, resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName))) };
        case 'VirtualMachines_Get':
            return { status: 200, body: getOne(req, ctx, expandsInstanceView(req)) };
        case 'VirtualMachines_InstanceView': {
            const vm = getOne(req, ctx, true);
            const rgId = resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName);
            const view = flexibleInstanceView(ctx.state, rgId, req.params.vmName, ctx.now) ?? vm.properties?.instanceView ?? { statuses: [] };
            return { status: 200, body: view };
        }
        default:
            throw armErrors.methodNotAllowed(req.method, req.pathname);
    }
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/vmss/model-change.js
/**
 * What a scale set does with its instances when asked: manualupgrade and reimage schedule per-instance changes,
 * a model change under Automatic/Rolling policy schedules them on its own, osRollingUpgrade starts batches.
 */



/** Upgrade duration of one instance (emulated ms): the seeded value, else the LRO duration (fast timing: instant). */
function instanceUpgradeMs(ctx, vmssId) {
    return loadSim(ctx.state, vmssId).instanceUpgradeMs ?? ctx.timing.lroDurationMs;
}
/** Manual upgrade: the listed instances move to the latest model. Returns when the last one finishes. */
function manualUpgrade(ctx, vmssId, vmss, ids) {
    const model = currentModel(ctx.state, vmss);
    const end = ctx.now + instanceUpgradeMs(ctx, vmssId);
    for (const inst of selectInstances(ctx, vmssId, ids, isFlexible(vmss))) {
        const at = instanceAt(ctx.state, vmssId, inst, ctx.now);
        const settled = !inst.pending || ctx.now >= inst.pending.endTime;
        if (!at.updating && settled && at.running.profileHash === model.profileHash)
            continue;
        schedule(ctx.state, vmssId, inst, { ...model, kind: 'upgrade', startTime: ctx.now, endTime: end }, ctx.now);
    }
    ctx.changed();
    return end;
}
/** Reimage: ephemeral OS disks boot the model's image again; managed OS disks are restored from their own image. */
function reimage(ctx, vmssId, vmss, ids) {
    const model = currentModel(ctx.state, vmss);
    const ephemeral = isEphemeral(vmss);
    const end = ctx.now + instanceUpgradeMs(ctx, vmssId);
    const all = instancesOf(ctx.state, vmssId);
    const chosen = ids === undefined ? all : selectInstances(ctx, vmssId, ids, isFlexible(vmss));
    for (const inst of chosen) {
        const running = instanceAt(ctx.state, vmssId, inst, ctx.now).running;
        const target = ephemeral ? model : running;
        schedule(ctx.state, vmssId, inst, { ...structuredClone(target), kind: 'reimage', startTime: ctx.now, endTime: end }, ctx.now);
    }
    ctx.changed();
    return end;
}
/** Flexible scale sets name their instances by VM name in manualupgrade/reimage, as CRP documents. */
function isFlexible(vmss) {
    return String(vmss.properties?.orchestrationMode ?? 'Uniform') === 'Flexible';
}
/**
 * Instances by id (Uniform) or VM name (Flexible, case-insensitive); an unknown one is CRP's 400 InvalidParameter
 * and changes nothing.
 */
function selectInstances(ctx, vmssId, ids, flexible = false) {
    const all = instancesOf(ctx.state, vmssId);
    const key = (id) => (flexible ? id.toLowerCase() : id);
    const byId = new Map(all.map((i) => [flexible ? i.name.toLowerCase() : i.instanceId, i]));
    const missing = ids.filter((id) => !byId.has(key(String(id))));
    if (missing.length > 0)
        throw new InvalidInstanceIds(missing, flexible);
    return ids.map((id) => byId.get(key(String(id))));
}
class InvalidInstanceIds extends Error {
    ids;
    constructor(ids, flexible = false) {
        super(flexible
            ? `The instance ids ${ids.map((i) => `'${i}'`).join(', ')} are not virtual machine names of the scale set (a Flexible scale set's instanceIds are its VM names).`
            : `The instance ids ${ids.map((i) => `'${i}'`).join(', ')} are not valid instance ids of the scale set.`);
        this.ids = ids;
    }
}
/** Called after the model changed: Automatic upgrades every instance in waves, Rolling starts a rolling upgrade. */
function onModelChanged(ctx, vmssId, vmss) {
    const mode = upgradeModeOf(vmss);
    if (mode === 'Manual')
        return;
    if (mode === 'Rolling') {
        startRolling(ctx, vmssId, vmss);
        return;
    }
    // Automatic: CRP gives no ordering guarantees; waves of 20% keep "over emulated time" observable.
    const model = currentModel(ctx.state, vmss);
    const outdated = outdatedInstances(ctx, vmssId, model.profileHash);
    const dur = instanceUpgradeMs(ctx, vmssId);
    planBatches(outdated.map((i) => i.instanceId), 20).forEach((batch, b) => {
        for (const id of batch) {
            const inst = outdated.find((i) => i.instanceId === id);
            schedule(ctx.state, vmssId, inst, { ...model, kind: 'upgrade', startTime: ctx.now + b * dur, endTime: ctx.now + (b + 1) * dur }, ctx.now);
        }
    });
    ctx.changed();
}
function outdatedInstances(ctx, vmssId, hash) {
    return instancesOf(ctx.state, vmssId).filter((i) => {
        const at = instanceAt(ctx.state, vmssId, i, ctx.now);
        const target = i.pending && (at.updating || ctx.now < i.pending.startTime) ? i.pending.profileHash : at.running.profileHash;
        return target !== hash || at.running.profileHash !== hash;
    });
}
/** True while a rolling upgrade of this scale set is rolling forward. */
function rollingInProgress(ctx, vmssId) {
    const rec = loadSim(ctx.state, vmssId).rolling;
    return rec !== undefined && rollingOutcome(rec, ctx.now, (v) => isUnhealthyVersion(ctx.state, v)).code === 'RollingForward';
}
/** Starts a rolling upgrade of every instance not on the latest model; returns its end time. */
function startRolling(ctx, vmssId, vmss) {
    const props = (vmss.properties ?? {});
    const policy = (props.upgradePolicy?.rollingUpgradePolicy ?? {});
    const fullPolicy = {
        maxBatchInstancePercent: 20, maxUnhealthyInstancePercent: 20, maxUnhealthyUpgradedInstancePercent: 20, pauseTimeBetweenBatches: 'PT0S',
        ...policy,
    };
    const model = currentModel(ctx.state, vmss);
    for (const inst of instancesOf(ctx.state, vmssId))
        foldInstance(ctx.state, vmssId, inst, ctx.now);
    const sim = loadSim(ctx.state, vmssId);
    const outdated = instancesOf(ctx.state, vmssId).filter((i) => instanceAt(ctx.state, vmssId, i, ctx.now).running.profileHash !== model.profileHash);
    const rec = {
        id: (0,external_node_crypto_.randomUUID)(),
        startTime: ctx.now,
        batchDurationMs: instanceUpgradeMs(ctx, vmssId),
        pauseMs: isoDurationMs(fullPolicy.pauseTimeBetweenBatches),
        batches: planBatches(outdated.map((i) => i.instanceId), Number(fullPolicy.maxBatchInstancePercent)),
        maxUnhealthyUpgradedInstancePercent: Number(fullPolicy.maxUnhealthyUpgradedInstancePercent),
        targetVersionId: model.versionId,
        policy: fullPolicy,
    };
    rec.batches.forEach((batch, b) => {
        const start = batchStart(rec, b);
        for (const id of batch) {
            const inst = outdated.find((i) => i.instanceId === id);
            schedule(ctx.state, vmssId, inst, { ...model, kind: 'rolling', rollingId: rec.id, batch: b, startTime: start, endTime: start + rec.batchDurationMs }, ctx.now);
        }
    });
    sim.rolling = rec;
    saveSim(ctx.state, vmssId, sim);
    ctx.changed();
    return rec.batches.length === 0 ? ctx.now : batchStart(rec, rec.batches.length - 1) + rec.batchDurationMs;
}
/** Cancels the running rolling upgrade: the batch under way finishes, later batches never start. */
function cancelRolling(ctx, vmssId) {
    const sim = loadSim(ctx.state, vmssId);
    if (!sim.rolling || !rollingInProgress(ctx, vmssId))
        return false;
    sim.rolling.cancelledAt = ctx.now;
    saveSim(ctx.state, vmssId, sim);
    ctx.changed();
    return true;
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/scale-sets.js
/**
 * Microsoft.Compute/virtualMachineScaleSets (Uniform and Flexible): CRUD, manualupgrade, reimage, reimageall.
 * Instances and rolling upgrades live in ../vmss; see docs/emulator-deviations.md for what is simplified.
 */








function scaleSetId(req) {
    const name = req.params.vmScaleSetName ?? req.params.virtualMachineScaleSetName;
    return `${resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName)}/providers/${SCALE_SET_TYPE}/${name}`;
}
/** The scale set of a request, or ARM's 404 naming it. */
function requireScaleSet(req, ctx) {
    requireResourceGroup(req, ctx);
    const id = scaleSetId(req);
    const r = find(ctx, id);
    if (!r)
        throw armErrors.resourceNotFound(SCALE_SET_TYPE, id.split('/').pop(), req.params.resourceGroupName);
    return { id: r.id, body: r.body };
}
function validateProfile(ctx, props) {
    const t = 'properties.virtualMachineProfile';
    const vmp = optionalObject(props, 'virtualMachineProfile', t);
    if (!vmp)
        throw armErrors.missingProperty(t);
    const sp = optionalObject(vmp, 'storageProfile', `${t}.storageProfile`);
    const ref = optionalObject(sp, 'imageReference', `${t}.storageProfile.imageReference`);
    if (!ref)
        throw armErrors.missingProperty(`${t}.storageProfile.imageReference`);
    if (typeof ref.id === 'string') {
        if (!find(ctx, ref.id)) {
            throw new ArmError(404, 'GalleryImageNotFound', `The gallery image '${ref.id}' referenced by the scale set model is not available. Check the id or publish it first.`, `${t}.storageProfile.imageReference.id`);
        }
    }
    else if (ref.publisher === undefined && ref.communityGalleryImageId === undefined && ref.sharedGalleryImageId === undefined) {
        throw armErrors.invalidParameter(`${t}.storageProfile.imageReference`, 'imageReference needs id, a marketplace publisher/offer/sku/version, or a shared/community gallery image id.');
    }
    const mode = optionalObject(props, 'upgradePolicy', 'properties.upgradePolicy');
    if (mode?.mode !== undefined)
        requireEnum(mode.mode, ['Manual', 'Rolling', 'Automatic'], 'properties.upgradePolicy.mode');
}
function scale_sets_put(req, ctx, isPatch) {
    requireResourceGroup(req, ctx);
    const name = req.params.vmScaleSetName;
    validateComputeResourceName('vmScaleSet', name);
    const body = requireObjectBody(req.body);
    validateTags(body.tags);
    const id = scaleSetId(req);
    const existing = find(ctx, id);
    if (isPatch && !existing)
        throw armErrors.resourceNotFound(SCALE_SET_TYPE, name, req.params.resourceGroupName);
    const location = existing ? String(existing.body.location) : requireLocation(body, SCALE_SET_TYPE);
    const oldProps = (existing?.body.properties ?? {});
    const requested = optionalObject(body, 'properties', 'properties') ?? {};
    const props = isPatch ? mergePatch(oldProps, requested) : { ...requested };
    validateProfile(ctx, props);
    const orchestration = requireEnum(props.orchestrationMode ?? 'Uniform', ['Uniform', 'Flexible'], 'properties.orchestrationMode');
    if (existing && !sameValue(orchestration, oldProps.orchestrationMode ?? 'Uniform'))
        throw armErrors.propertyChangeNotAllowed('orchestrationMode');
    delete props.provisioningState;
    stripWriteOnly(props);
    props.orchestrationMode = orchestration;
    if (orchestration === 'Uniform')
        props.singlePlacementGroup ??= true;
    props.upgradePolicy = { mode: 'Manual', ...(props.upgradePolicy ?? {}) };
    props.uniqueId = oldProps.uniqueId ?? (0,external_node_crypto_.randomUUID)();
    props.timeCreated = oldProps.timeCreated ?? new Date(ctx.now).toISOString();
    const sku = (body.sku !== undefined ? (isPatch ? mergePatch((existing?.body.sku ?? {}), body.sku) : body.sku) : existing?.body.sku ?? { name: 'Standard_D2s_v3', tier: 'Standard', capacity: 0 });
    const capacity = Number(sku.capacity ?? 0);
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > 1000)
        throw armErrors.invalidParameter('sku.capacity', 'sku.capacity must be an integer from 0 to 1000.');
    const tags = body.tags !== undefined ? body.tags : existing?.body.tags;
    const next = { id: existing?.id ?? id, name, type: SCALE_SET_TYPE, location, sku: { ...sku, capacity }, ...(tags ? { tags } : {}), properties: props };
    if (body.zones !== undefined)
        next.zones = body.zones;
    const modelChanged = existing !== undefined && !sameValue(oldProps.virtualMachineProfile, props.virtualMachineProfile);
    const res = upsert({ req, ctx, id, type: SCALE_SET_TYPE, existing, body: next, location });
    // New instances start on the model as it is now; existing ones change only as the upgrade policy says.
    reconcileCapacity(ctx.state, next.id, name, capacity, currentModel(ctx.state, next), ctx.now);
    if (modelChanged)
        onModelChanged(ctx, next.id, next);
    ctx.changed();
    return res;
}
/** CRP never returns adminPassword or customData: they are write-only, and a secret must not be echoed. */
function stripWriteOnly(props) {
    const os = (props.virtualMachineProfile?.osProfile);
    if (!os)
        return;
    delete os.adminPassword;
    delete os.customData;
    os.secrets ??= [];
}
function instanceIdsOf(body, required) {
    const ids = body && typeof body === 'object' ? body.instanceIds : undefined;
    if (ids === undefined || ids === null) {
        if (required)
            throw armErrors.missingProperty('instanceIds');
        return undefined;
    }
    if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string'))
        throw armErrors.invalidParameter('instanceIds', 'instanceIds must be an array of instance id strings.');
    return ids;
}
/** 202 + polling headers for an action on the scale set, finishing when its instances do. */
function actionAccepted(req, ctx, vmss, endTime) {
    // Recorded as PATCH: the scale set itself is not replaced; the monitor answers with its body when done.
    const { headers } = startOperation(ctx, {
        method: 'PATCH',
        resourceId: vmss.id,
        location: String(vmss.body.location),
        subscriptionId: req.params.subscriptionId,
        apiVersion: req.apiVersion,
        durationMs: endTime - ctx.now,
    });
    return { status: 202, headers };
}
function action(req, ctx, run) {
    const vmss = requireScaleSet(req, ctx);
    try {
        return actionAccepted(req, ctx, vmss, run(vmss));
    }
    catch (e) {
        if (e instanceof InvalidInstanceIds)
            throw armErrors.invalidParameter('instanceIds', e.message);
        throw e;
    }
}
const scaleSetsHandler = (req, ctx) => {
    const op = req.operationId.split('_')[1];
    switch (op) {
        case 'ListAll':
            return { status: 200, body: page(req, ctx, resourcesOfType(ctx, `/subscriptions/${req.params.subscriptionId}`, SCALE_SET_TYPE).map((r) => present(r, ctx))) };
        case 'List':
            requireResourceGroup(req, ctx);
            return { status: 200, body: page(req, ctx, resourcesOfType(ctx, resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName), SCALE_SET_TYPE).map((r) => present(r, ctx))) };
        case 'Get': {
            const vmss = requireScaleSet(req, ctx);
            return { status: 200, body: present(find(ctx, vmss.id), ctx) };
        }
        case 'CreateOrUpdate': return scale_sets_put(req, ctx, false);
        case 'Update': return scale_sets_put(req, ctx, true);
        case 'Delete':
            requireResourceGroup(req, ctx);
            return deleteTracked(req, ctx, scaleSetId(req));
        case 'UpdateInstances':
            return action(req, ctx, (vmss) => manualUpgrade(ctx, vmss.id, vmss.body, instanceIdsOf(req.body, true)));
        case 'Reimage':
            return action(req, ctx, (vmss) => reimage(ctx, vmss.id, vmss.body, instanceIdsOf(req.body, false)));
        case 'ReimageAll':
            return action(req, ctx, (vmss) => reimage(ctx, vmss.id, vmss.body, instanceIdsOf(req.body, false)));
        default: throw armErrors.methodNotAllowed(req.method, req.pathname);
    }
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/handlers/scale-set-vms.js
/**
 * Scale-set VMs of Uniform scale sets (list/get/instanceView) and rolling upgrades (osRollingUpgrade, rollingUpgrades/latest, cancel).
 * Every answer is derived from the instances' stored start/end times and the clock of this request.
 */







function scale_set_vms_expandsInstanceView(req) {
    return (req.query.get('$expand') ?? '').toLowerCase().includes('instanceview');
}
/**
 * The scale set of a scale-set VM request. CRP serves these only for Uniform orchestration: a Flexible scale
 * set's VMs are Microsoft.Compute/virtualMachines resources, listed with a virtualMachineScaleSet/id filter.
 */
function uniformScaleSet(req, ctx, operation) {
    const vmss = requireScaleSet(req, ctx);
    if (isFlexible(vmss.body)) {
        throw new ArmError(409, 'OperationNotAllowed', `Operation '${operation}' is not allowed on Virtual Machine Scale Set '${String(vmss.body.name)}' since it uses Flexible orchestration mode. ` +
            `Use the virtual machines API with $filter='virtualMachineScaleSet/id' eq '${vmss.id}'.`);
    }
    return vmss;
}
function oneInstance(req, ctx, operation) {
    const vmss = uniformScaleSet(req, ctx, operation);
    const inst = instancesOf(ctx.state, vmss.id).find((i) => i.instanceId === req.params.instanceId);
    if (!inst)
        throw armErrors.notFound(`The virtual machine '${req.params.instanceId}' of scale set '${String(vmss.body.name)}' was not found.`, 'instanceId');
    return { vmss, at: instanceAt(ctx.state, vmss.id, inst, ctx.now) };
}
function rollingLatest(req, ctx) {
    const vmss = requireScaleSet(req, ctx);
    const rec = loadSim(ctx.state, vmss.id).rolling;
    if (!rec)
        throw new ArmError(404, 'NotFound', `No rolling upgrade has run on scale set '${String(vmss.body.name)}'.`);
    const unhealthy = (v) => isUnhealthyVersion(ctx.state, v);
    return { status: 200, body: rollingStatusBody(rec, rollingOutcome(rec, ctx.now, unhealthy), vmss.id, String(vmss.body.location), unhealthy(rec.targetVersionId)) };
}
function startOsRollingUpgrade(req, ctx) {
    const vmss = requireScaleSet(req, ctx);
    if (upgradeModeOf(vmss.body) === 'Manual') {
        throw new ArmError(409, 'OperationNotAllowed', `Rolling upgrades need upgradePolicy.mode Rolling or Automatic; scale set '${String(vmss.body.name)}' uses Manual. Use manualupgrade instead.`);
    }
    if (rollingInProgress(ctx, vmss.id)) {
        throw new ArmError(409, 'RollingUpgradeInProgress', `A rolling upgrade is already in progress on scale set '${String(vmss.body.name)}'. Cancel it or wait for it to finish.`);
    }
    return actionAccepted(req, ctx, vmss, startRolling(ctx, vmss.id, vmss.body));
}
function scale_set_vms_cancel(req, ctx) {
    const vmss = requireScaleSet(req, ctx);
    if (!cancelRolling(ctx, vmss.id)) {
        throw new ArmError(409, 'RollingUpgradeNotInProgress', `No rolling upgrade is in progress on scale set '${String(vmss.body.name)}'.`);
    }
    return actionAccepted(req, ctx, vmss, ctx.now);
}
const scaleSetVmsHandler = (req, ctx) => {
    switch (req.operationId) {
        case 'VirtualMachineScaleSetVMs_List': {
            const vmss = uniformScaleSet(req, ctx, 'VirtualMachineScaleSetVMs.List.GET');
            const latest = currentModel(ctx.state, vmss.body).profileHash;
            const expand = scale_set_vms_expandsInstanceView(req);
            const items = instancesOf(ctx.state, vmss.id).map((i) => presentInstance(ctx.state, vmss.body, vmss.id, instanceAt(ctx.state, vmss.id, i, ctx.now), latest, ctx.now, expand));
            return { status: 200, body: page(req, ctx, items, 100) };
        }
        case 'VirtualMachineScaleSetVMs_Get': {
            const { vmss, at } = oneInstance(req, ctx, 'VirtualMachineScaleSetVMs.Get.GET');
            return { status: 200, body: presentInstance(ctx.state, vmss.body, vmss.id, at, currentModel(ctx.state, vmss.body).profileHash, ctx.now, scale_set_vms_expandsInstanceView(req)) };
        }
        case 'VirtualMachineScaleSetVMs_GetInstanceView': {
            const { at } = oneInstance(req, ctx, 'VirtualMachineScaleSetVMs.GetInstanceView.GET');
            return { status: 200, body: instanceView(ctx.state, at, ctx.now) };
        }
        case 'VirtualMachineScaleSetRollingUpgrades_GetLatest': return rollingLatest(req, ctx);
        case 'VirtualMachineScaleSetRollingUpgrades_StartOSUpgrade': return startOsRollingUpgrade(req, ctx);
        case 'VirtualMachineScaleSetRollingUpgrades_Cancel': return scale_set_vms_cancel(req, ctx);
        default: throw armErrors.methodNotAllowed(req.method, req.pathname);
    }
};

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/arm-service.js
/** ARM dispatch (route + api-version) and execution (settle LROs, run the handler, persist). */

















const capsOperations = (req, ctx) => handleOperationStatus(req, ctx, (op) => {
    const r = find(ctx, op.resourceId);
    if (!r)
        return undefined;
    return present(r, ctx, (p) => {
        if (r.replication && req.query.get('$expand')?.toLowerCase() === 'replicationstatus')
            p.replicationStatus = replicationStatus(r.replication, ctx.now);
    });
});
const handlers = {
    galleries: galleriesHandler,
    galleryImages: galleryImagesHandler,
    galleryImageVersions: galleryImageVersionsHandler,
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
};
/** Finds the route and checks api-version, as ARM's front door does before authentication. */
function dispatch(method, url) {
    const { match, pathExists } = matchRoute(method, url.pathname);
    if (!match)
        throw pathExists ? armErrors.methodNotAllowed(method, url.pathname) : armErrors.noRoute(method, url.pathname);
    const apiVersion = url.searchParams.get('api-version');
    if (!apiVersion)
        throw armErrors.missingApiVersion();
    const supported = supportedApiVersions[match.route.family];
    if (!supported.includes(apiVersion))
        throw armErrors.invalidApiVersion(apiVersion, match.route.family, supported);
    return { ...match, apiVersion };
}
/** Parses the JSON body ARM requires on writes; a syntax error is InvalidRequestContent. */
function parseBody(raw, method) {
    if (raw.length === 0)
        return undefined;
    if (method === 'GET' || method === 'HEAD' || method === 'DELETE')
        return undefined;
    try {
        return JSON.parse(raw.toString('utf8'));
    }
    catch (e) {
        throw armErrors.invalidRequestContent(`The request content was invalid and could not be deserialized: '${e.message}'.`);
    }
}
/** Runs one ARM request against the store; the store is saved only when state changed. */
function execute(d, url, method, rawBody, deps) {
    const body = parseBody(rawBody, method);
    const state = deps.store.load();
    let dirty = false;
    const ctx = {
        state,
        now: deps.now,
        timing: deps.timing,
        faults: deps.faults,
        baseUrl: deps.baseUrl,
        changed: () => {
            dirty = true;
        },
    };
    const req = {
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
        const handler = handlers[d.route.handler];
        return handler(req, ctx);
    }
    finally {
        // A failed request can still have settled finished operations; persist that too.
        if (dirty)
            deps.store.save(state);
    }
}


;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/authz/status-poll-authz.js
/** The action and scope to check for this request: the resource group read for a status poll, else unchanged. */
function statusPollCheck(action, scope, lookup) {
    if (!/^Microsoft\.Compute\/locations\/(capsOperations|operations)\/read$/i.test(action))
        return { action, scope };
    const operationId = scope.split('/').pop() ?? '';
    const resourceId = lookup(operationId)?.resourceId;
    const group = resourceId ? /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(resourceId)?.[0] : undefined;
    return group ? { action: 'Microsoft.Resources/subscriptions/resourceGroups/read', scope: group } : { action, scope };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/server/pipeline.js
/**
 * The request pipeline, in one place so its order is explicit (as Azurite's BlobRequestListenerFactory):
 *   1. context     request id, correlation id, body, emulated time
 *   2. admin       /_emulator/* (admin key), never faulted
 *   3. identity    Entra/GitHub OIDC routes owned by the identity service; then Key Vault /keys/** (own audience)
 *   4. dispatch    method + path template (most specific) + api-version -> route, or ARM's 400/404
 *   5. faults      injected 429/5xx/reset/latency (ARM routes unless a rule asks otherwise)
 *   6. authn       bearer token -> principal, else 401 + WWW-Authenticate
 *   7. authz       role assignments -> 403 AuthorizationFailed
 *   8. validation  JSON body parse (per-property checks live in the handlers)
 *   9. handler     settle finished LROs, run the resource handler against the store
 *  10. LRO         handlers add 201/202 + Azure-AsyncOperation/Location/Retry-After
 *  11. serializer  JSON, x-ms-request-id / x-ms-correlation-request-id on every response
 *  12. error       ArmError -> {"error":{code,message,target}}; anything else -> 500 InternalServerError
 */





async function readBody(req) {
    const chunks = [];
    for await (const chunk of req)
        chunks.push(chunk);
    return Buffer.concat(chunks);
}
function send(res, r, ids) {
    const headers = { ...ids, ...(r.headers ?? {}) };
    let payload;
    if (r.body !== undefined) {
        payload = JSON.stringify(r.body);
        headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    headers['Content-Length'] = String(payload ? Buffer.byteLength(payload) : 0);
    res.writeHead(r.status, headers);
    res.end(payload);
}
function errorResponse(e) {
    if (e instanceof ArmError)
        return { status: e.status, body: e.toBody(), headers: e.headers };
    return { status: 500, body: { error: { code: 'InternalServerError', message: `The emulator failed: ${e.message}` } } };
}
function faultResponse(action) {
    const code = action.code ?? (action.status === 429 ? 'TooManyRequests' : action.status === 503 ? 'ServiceUnavailable' : 'InternalServerError');
    const message = action.message ?? (action.status === 429
        ? 'The request is being throttled (injected fault). Retry after the time in the Retry-After header.'
        : `The service is temporarily unavailable (injected fault ${action.status}).`);
    const headers = {};
    if (action.retryAfterSeconds !== undefined)
        headers['Retry-After'] = String(action.retryAfterSeconds);
    return { status: action.status, body: { error: { code, message } }, headers };
}
/** Builds the node:https request listener. */
function createPipeline(deps) {
    return (req, res) => {
        void handle(req, res).catch((e) => {
            deps.log?.(`emulator: unhandled error: ${e.message}`);
            if (!res.headersSent)
                send(res, errorResponse(e), {});
            else
                res.destroy();
        });
    };
    async function handle(req, res) {
        // 1. context
        const started = Date.now();
        const emulatedTime = deps.clock.now();
        const requestId = (0,external_node_crypto_.randomUUID)();
        const correlation = req.headers['x-ms-correlation-request-id'] ?? (0,external_node_crypto_.randomUUID)();
        const ids = { 'x-ms-request-id': requestId, 'x-ms-correlation-request-id': correlation };
        const clientRequestId = req.headers['x-ms-client-request-id'];
        if (typeof clientRequestId === 'string')
            ids['x-ms-client-request-id'] = clientRequestId;
        for (const [k, v] of Object.entries(ids))
            res.setHeader(k, v);
        const method = (req.method ?? 'GET').toUpperCase();
        const url = new URL(req.url ?? '/', deps.baseUrl());
        const body = await readBody(req);
        const entry = { requestId, method, path: url.pathname, status: 0, latencyMs: 0, emulatedTime, realTime: started, route: 'unknown' };
        const apiVersion = url.searchParams.get('api-version');
        if (apiVersion)
            entry.apiVersion = apiVersion;
        res.on('finish', () => finish(res.statusCode));
        res.on('close', () => {
            if (!res.writableFinished)
                finish(0);
        });
        let logged = false;
        function finish(status) {
            if (logged)
                return;
            logged = true;
            entry.status = status;
            entry.latencyMs = Date.now() - started;
            const retryAfter = res.getHeader('retry-after');
            if (retryAfter !== undefined)
                entry.retryAfter = String(retryAfter);
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
            if (await applyFault(identityFault))
                return;
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
        // 4. dispatch
        entry.route = 'arm';
        let d;
        try {
            d = dispatch(method, url);
            entry.operationId = d.route.operationId;
        }
        catch (e) {
            return send(res, errorResponse(e), ids);
        }
        // 5. faults
        const fault = deps.faults.pick(method, url.pathname, 'arm');
        if (fault && (await applyFault(fault)))
            return;
        // 6. authn
        const auth = await deps.identity.authenticate(req.headers.authorization);
        if (!auth.ok) {
            return send(res, { status: 401, body: { error: { code: auth.code, message: auth.message } }, headers: { 'WWW-Authenticate': auth.wwwAuthenticate } }, ids);
        }
        // 7. authz
        const { action, scope } = statusPollCheck(deps.armActionFor(method, url.pathname), deps.scopeOf(url.pathname), (id) => deps.store.load().operations[id]);
        const denied = deps.authz.check(auth.principal, action, scope);
        if (denied)
            return send(res, { status: 403, body: { error: denied } }, ids);
        // 8-12. validation, handler, LRO, serializer, error
        let out;
        try {
            out = execute(d, url, method, body, {
                store: deps.store,
                now: deps.clock.now(),
                timing: deps.timing,
                faults: deps.faults,
                baseUrl: deps.baseUrl(),
            });
        }
        catch (e) {
            out = errorResponse(e);
        }
        if (method === 'HEAD')
            out = { ...out, body: undefined };
        send(res, out, ids);
        async function applyFault(action) {
            if (action.kind === 'latency') {
                entry.fault = `latency:${action.ms}`;
                await (0,promises_.setTimeout)(action.ms);
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
function isArmPath(pathname) {
    return /^\/subscriptions(\/|$)/i.test(pathname);
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/keyvault/prehashed-signing.js

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const A = P - 3n;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const G = {
    x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};
/** Signs a 32-byte digest; ECDSA output is raw r||s as Key Vault returns it. */
function signDigest(privateKey, alg, digest) {
    if (alg === 'ES256') {
        const d = toBigInt(Buffer.from(privateKey.export({ format: 'jwk' }).d, 'base64url'));
        return ecdsaSign(d, toBigInt(digest));
    }
    const em = alg === 'PS256' ? pssEncode(digest, modulusBits(privateKey)) : pkcs1Encode(digest, modulusBytes(privateKey));
    // Raw RSA private operation on the encoded message; privateDecrypt with no padding is exactly m^d mod n.
    return (0,external_node_crypto_.privateDecrypt)({ key: privateKey, padding: external_node_crypto_.constants.RSA_NO_PADDING }, leftPad(em, modulusBytes(privateKey)));
}
/** Verifies a signature over a 32-byte digest. */
function verifyDigest(publicKey, alg, digest, signature) {
    try {
        if (alg === 'ES256') {
            const jwk = publicKey.export({ format: 'jwk' });
            const q = { x: toBigInt(Buffer.from(jwk.x, 'base64url')), y: toBigInt(Buffer.from(jwk.y, 'base64url')) };
            return signature.length === 64 && ecdsaVerify(q, toBigInt(digest), toBigInt(signature.subarray(0, 32)), toBigInt(signature.subarray(32)));
        }
        const k = modulusBytes(publicKey);
        if (signature.length !== k)
            return false;
        const em = (0,external_node_crypto_.publicEncrypt)({ key: publicKey, padding: external_node_crypto_.constants.RSA_NO_PADDING }, signature);
        if (alg === 'RS256')
            return em.equals(pkcs1Encode(digest, k));
        return pssVerify(digest, em, modulusBits(publicKey));
    }
    catch {
        return false;
    }
}
function ecdsaSign(d, z) {
    for (;;) {
        const k = (toBigInt((0,external_node_crypto_.randomBytes)(40)) % (N - 1n)) + 1n;
        const r = multiply(G, k).x % N;
        if (r === 0n)
            continue;
        const s = (inverse(k, N) * (z + r * d)) % N;
        if (s === 0n)
            continue;
        return Buffer.concat([toBytes(r, 32), toBytes(s, 32)]);
    }
}
function ecdsaVerify(q, z, r, s) {
    if (r <= 0n || r >= N || s <= 0n || s >= N)
        return false;
    const w = inverse(s, N);
    const point = add(multiply(G, (z * w) % N), multiply(q, (r * w) % N));
    return point !== null && point.x % N === r;
}
function add(p, q) {
    if (p === null)
        return q;
    if (q === null)
        return p;
    let lambda;
    if (p.x === q.x) {
        if ((p.y + q.y) % P === 0n)
            return null;
        lambda = ((3n * p.x * p.x + A) * inverse(2n * p.y, P)) % P;
    }
    else {
        lambda = (((q.y - p.y) % P + P) * inverse(((q.x - p.x) % P + P) % P, P)) % P;
    }
    const x = ((lambda * lambda - p.x - q.x) % P + 2n * P) % P;
    const y = ((lambda * (p.x - x) - p.y) % P + 2n * P) % P;
    return { x, y };
}
function multiply(point, scalar) {
    let result = null;
    let addend = point;
    for (let k = scalar; k > 0n; k >>= 1n) {
        if (k & 1n)
            result = add(result, addend);
        addend = add(addend, addend);
    }
    return result;
}
function inverse(value, modulus) {
    let [a, b, x0, x1] = [((value % modulus) + modulus) % modulus, modulus, 0n, 1n];
    while (a > 1n) {
        const q = a / b;
        [a, b] = [b, a % b];
        [x0, x1] = [x1 - q * x0, x0];
    }
    return (x1 + modulus) % modulus;
}
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
function pkcs1Encode(digest, k) {
    const t = Buffer.concat([SHA256_DIGEST_INFO, digest]);
    return Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(k - t.length - 3, 0xff), Buffer.from([0]), t]);
}
function pssEncode(mHash, modBits) {
    const emBits = modBits - 1;
    const emLen = Math.ceil(emBits / 8);
    const salt = (0,external_node_crypto_.randomBytes)(32);
    const h = sha256(Buffer.concat([Buffer.alloc(8), mHash, salt]));
    const db = Buffer.concat([Buffer.alloc(emLen - 32 - 32 - 2), Buffer.from([1]), salt]);
    const masked = xor(db, mgf1(h, emLen - 33));
    masked[0] &= 0xff >> (8 * emLen - emBits);
    return Buffer.concat([masked, h, Buffer.from([0xbc])]);
}
function pssVerify(mHash, signatureEm, modBits) {
    const emBits = modBits - 1;
    const emLen = Math.ceil(emBits / 8);
    const em = signatureEm.subarray(signatureEm.length - emLen);
    if (em[emLen - 1] !== 0xbc)
        return false;
    const masked = em.subarray(0, emLen - 33);
    const h = em.subarray(emLen - 33, emLen - 1);
    const db = xor(masked, mgf1(h, emLen - 33));
    db[0] &= 0xff >> (8 * emLen - emBits);
    const one = db.indexOf(1);
    if (one === -1 || db.subarray(0, one).some((byte) => byte !== 0))
        return false;
    const salt = db.subarray(one + 1);
    return sha256(Buffer.concat([Buffer.alloc(8), mHash, salt])).equals(h);
}
function mgf1(seed, length) {
    const blocks = [];
    for (let counter = 0; blocks.length * 32 < length; counter++) {
        const c = Buffer.alloc(4);
        c.writeUInt32BE(counter);
        blocks.push(sha256(Buffer.concat([seed, c])));
    }
    return Buffer.concat(blocks).subarray(0, length);
}
function xor(a, b) {
    return Buffer.from(a.map((byte, i) => byte ^ b[i]));
}
function sha256(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data).digest();
}
function modulusBits(key) {
    return key.asymmetricKeyDetails.modulusLength;
}
function modulusBytes(key) {
    return Math.ceil(modulusBits(key) / 8);
}
function leftPad(bytes, length) {
    return bytes.length >= length ? bytes : Buffer.concat([Buffer.alloc(length - bytes.length), bytes]);
}
function toBigInt(bytes) {
    return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}
function toBytes(value, length) {
    return Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/keyvault/keyvault-service.js


/** The audience Key Vault tokens are issued for; the challenge tells clients to ask for it. */
const KEY_VAULT_AUDIENCE = 'https://vault.azure.net';
/** api-versions accepted: what @azure/keyvault-keys 4.10 sends (2025-07-01) and the 7.x line older tools send. */
const KEY_VAULT_API_VERSIONS = ['7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '2025-07-01'];
// /keys/{name}/create, /keys/{name}[/{version}], /keys/{name}/{version}/(sign|verify); versions are 32 hex chars.
const ROUTE = /^\/keys\/([A-Za-z0-9-]{1,127})(?:\/create|\/([0-9a-f]{32})?\/?|\/([0-9a-f]{32})\/(sign|verify))$/;
/** A Key Vault keys endpoint (create, get, sign, verify) backed by real node:crypto keys held in memory. */
function createKeyVaultService(options) {
    const keys = new Map();
    function store(name, kty, keySize, keyOps, tags) {
        const pair = kty === 'EC'
            ? (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'P-256' })
            : (0,external_node_crypto_.generateKeyPairSync)('rsa', { modulusLength: keySize ?? 2048 });
        const key = {
            name,
            version: (0,external_node_crypto_.randomBytes)(16).toString('hex'),
            kty,
            privateKey: pair.privateKey,
            publicKey: pair.publicKey,
            keyOps: keyOps ?? (kty === 'EC' ? ['sign', 'verify'] : ['sign', 'verify', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey']),
            created: Math.floor(options.now() / 1000),
            tags,
        };
        keys.set(name, [...(keys.get(name) ?? []), key]);
        return key;
    }
    function find(name, version) {
        const versions = keys.get(name) ?? [];
        return version ? versions.find((key) => key.version === version) : versions.at(-1);
    }
    async function handle(req, res, url, body) {
        const match = ROUTE.exec(url.pathname);
        if (!match)
            return false;
        const name = match[1];
        const version = match[2] ?? match[3];
        const action = url.pathname.endsWith('/create') ? 'create' : match[4];
        const vaultUrl = `https://${req.headers.host ?? url.host}`;
        const apiVersion = url.searchParams.get('api-version');
        if (apiVersion === null)
            return fail(res, 400, 'BadParameter', 'api-version query parameter is missing.');
        if (!KEY_VAULT_API_VERSIONS.includes(apiVersion)) {
            sendError(res, 400, 'BadParameter', `The specified version (${apiVersion}) is not recognized. Consider using the latest supported version (2025-07-01).`);
            return true;
        }
        const auth = await options.authenticate(header(req.headers.authorization), KEY_VAULT_AUDIENCE);
        if (!auth.ok) {
            // Key Vault's challenge: the SDK sends a first request without a token and reads where to get one from here.
            res.setHeader('WWW-Authenticate', `Bearer authorization="${options.authorizationUri}", resource="${KEY_VAULT_AUDIENCE}"`);
            sendError(res, 401, 'Unauthorized', req.headers.authorization ? `AKV10032: Invalid token: ${auth.message}` : 'AKV10000: Request is missing a Bearer or PoP token.');
            return true;
        }
        const operation = action === 'create' ? 'create' : action === 'sign' ? 'sign' : action === 'verify' ? 'verify' : 'get';
        const expectedMethod = operation === 'get' ? 'GET' : 'POST';
        if (req.method !== expectedMethod || (operation === 'create' && version) || ((operation === 'sign' || operation === 'verify') && !version)) {
            sendError(res, 405, 'MethodNotAllowed', `${req.method} ${url.pathname} is not supported by this emulator.`);
            return true;
        }
        if (options.authorize && !options.authorize(auth.principal.objectId, operation, name)) {
            sendError(res, 403, 'Forbidden', `Caller is not authorized to perform action on resource. Operation: keys/${operation}, key: ${name}.`);
            return true;
        }
        const request = keyvault_service_parseBody(body);
        if (request === undefined)
            return fail(res, 400, 'BadParameter', 'The request body is not valid JSON.');
        if (operation === 'create') {
            const kty = String(request.kty ?? '').replace(/-HSM$/, '');
            const size = request.key_size;
            const crv = request.crv ?? 'P-256';
            if (kty !== 'EC' && kty !== 'RSA')
                return fail(res, 400, 'BadParameter', `Key type '${String(request.kty)}' is not supported by the emulator (EC, RSA).`);
            if (kty === 'EC' && crv !== 'P-256')
                return fail(res, 400, 'BadParameter', `Curve '${crv}' is not supported by the emulator (P-256).`);
            if (kty === 'RSA' && size !== undefined && ![2048, 3072, 4096].includes(size))
                return fail(res, 400, 'BadParameter', `RSA key size ${size} is not supported (2048, 3072, 4096).`);
            const key = store(name, kty, size, request.key_ops, request.tags);
            return keyvault_service_reply(res, 200, bundle(vaultUrl, key));
        }
        const key = find(name, version || undefined);
        if (!key) {
            sendError(res, 404, 'KeyNotFound', `A key with (name/id) ${name}${version ? `/${version}` : ''} was not found in this key vault.`);
            return true;
        }
        if (operation === 'get')
            return keyvault_service_reply(res, 200, bundle(vaultUrl, key));
        const alg = request.alg;
        const compatible = (alg === 'ES256' && key.kty === 'EC') || ((alg === 'PS256' || alg === 'RS256') && key.kty === 'RSA');
        if (!compatible)
            return fail(res, 400, 'BadParameter', `Algorithm '${String(alg)}' is not valid for a ${key.kty} key.`);
        if (!key.keyOps.includes(operation))
            return fail(res, 403, 'Forbidden', `Operation ${operation} is not permitted on this key.`);
        const digest = Buffer.from(String(operation === 'sign' ? request.value : request.digest), 'base64url');
        if (digest.length !== 32)
            return fail(res, 400, 'BadParameter', `Digest length ${digest.length} is invalid for ${alg}; it must be 32 bytes.`);
        const kid = `${vaultUrl}/keys/${key.name}/${key.version}`;
        if (operation === 'sign') {
            return keyvault_service_reply(res, 200, { kid, value: signDigest(key.privateKey, alg, digest).toString('base64url') });
        }
        const signature = Buffer.from(String(request.value), 'base64url');
        return keyvault_service_reply(res, 200, { value: verifyDigest(key.publicKey, alg, digest, signature) });
    }
    return {
        handle,
        createKey(vaultUrl, name, kind) {
            const key = store(name, kind.kty, kind.keySize, undefined);
            return `${vaultUrl.replace(/\/+$/, '')}/keys/${name}/${key.version}`;
        },
    };
}
function bundle(vaultUrl, key) {
    const jwk = key.publicKey.export({ format: 'jwk' });
    const material = key.kty === 'EC' ? { crv: 'P-256', x: jwk.x, y: jwk.y } : { n: jwk.n, e: jwk.e };
    return {
        key: { kid: `${vaultUrl}/keys/${key.name}/${key.version}`, kty: key.kty, key_ops: key.keyOps, ...material },
        attributes: {
            enabled: true,
            created: key.created,
            updated: key.created,
            recoveryLevel: 'Recoverable+Purgeable',
            recoverableDays: 90,
            exportable: false,
        },
        ...(key.tags ? { tags: key.tags } : {}),
    };
}
function keyvault_service_parseBody(body) {
    if (body.length === 0)
        return {};
    try {
        const value = JSON.parse(body.toString('utf8'));
        return value !== null && typeof value === 'object' ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function header(value) {
    return Array.isArray(value) ? value[0] : value;
}
function sendJson(res, status, value) {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('x-ms-request-id', (0,external_node_crypto_.randomBytes)(16).toString('hex'));
    res.end(JSON.stringify(value));
}
function sendError(res, status, code, message) {
    sendJson(res, status, { error: { code, message } });
}
/** Sends Key Vault's error shape and reports the request as handled. */
function fail(res, status, code, message) {
    sendError(res, status, code, message);
    return true;
}
/** Sends a JSON body and reports the request as handled. */
function keyvault_service_reply(res, status, value) {
    sendJson(res, status, value);
    return true;
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/server/request-log.js
/** The emulator's request log: one entry per request, for test assertions and benchmarks. Never holds secrets. */
/** Keeps the newest `limit` entries. */
function createRequestLog(limit = 20000) {
    let list = [];
    return {
        entries: () => [...list],
        clear: () => {
            list = [];
        },
        add: (entry) => {
            list.push(entry);
            if (list.length > limit)
                list = list.slice(list.length - limit);
        },
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/server/state-api.js
/** Derives 'Microsoft.Compute/galleries/images' from an ARM id. */
function typeFromId(id) {
    const parts = id.split('/').filter(Boolean);
    const p = parts.findIndex((x) => x.toLowerCase() === 'providers');
    if (p < 0)
        return parts.length === 4 ? 'Microsoft.Resources/resourceGroups' : 'Microsoft.Resources/subscriptions';
    return [parts[p + 1], ...parts.slice(p + 2).filter((_, i) => i % 2 === 0)].join('/');
}
function createEmulatorState(store) {
    return {
        reset: () => store.reset(),
        seed(resources) {
            const state = store.load();
            for (const r of resources) {
                const type = r.type ?? typeFromId(r.id);
                const name = r.id.split('/').filter(Boolean).pop() ?? '';
                state.resources[r.id.toLowerCase()] = { id: r.id, type, body: { id: r.id, name, type, ...r.body } };
            }
            store.save(state);
        },
        resource: (id) => {
            const r = store.load().resources[id.toLowerCase()];
            return r ? structuredClone(r.body) : undefined;
        },
        snapshot: () => structuredClone(store.load().resources),
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/store/state-types.js
/** Shapes of the emulator's persisted state: one JSON document, so a file store can hold it. */
function emptyState() {
    return { resources: {}, operations: {} };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/store/state-store.js
/**
 * Persistence behind the ARM handlers (like Azurite's IExtentStore): a memory store, and a file store that lets
 * emulators in separate processes (steps run as a runner runs them) see one Azure.
 */



/** Keeps state in this process only. */
function createMemoryStore() {
    let state = emptyState();
    return {
        load: () => state,
        save: (next) => {
            state = next;
        },
        reset: () => {
            state = { ...emptyState(), ...(state.meta ? { meta: state.meta } : {}) };
        },
    };
}
/** Keeps state in a JSON file written atomically (temp file + rename), reloaded when its mtime changes. */
function createFileStore(file) {
    let state = emptyState();
    let loadedStamp = '';
    const stamp = () => {
        if (!(0,external_node_fs_.existsSync)(file))
            return '';
        const s = (0,external_node_fs_.statSync)(file);
        return `${s.mtimeMs}:${s.size}:${s.ino}`;
    };
    const write = (next) => {
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(file), { recursive: true });
        const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
        (0,external_node_fs_.writeFileSync)(tmp, JSON.stringify(next));
        (0,external_node_fs_.renameSync)(tmp, file);
        loadedStamp = stamp();
    };
    return {
        load() {
            const current = stamp();
            if (current !== '' && current !== loadedStamp) {
                state = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
                loadedStamp = current;
            }
            return state;
        },
        save(next) {
            state = next;
            write(next);
        },
        reset() {
            // The cloud's identity survives a reset; only resources and operations go.
            state = { ...emptyState(), ...(state.meta ? { meta: state.meta } : {}) };
            write(state);
        },
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/reflect-shim.js
const reflect_shim_r = Reflect;
if (!reflect_shim_r.getMetadata) {
    const store = new WeakMap();
    const bucket = (target, prop) => {
        let byProp = store.get(target);
        if (!byProp)
            store.set(target, (byProp = new Map()));
        let m = byProp.get(prop);
        if (!m)
            byProp.set(prop, (m = new Map()));
        return m;
    };
    reflect_shim_r.defineMetadata = (key, value, target, prop) => void bucket(target, prop).set(key, value);
    reflect_shim_r.getMetadata = (key, target, prop) => {
        for (let t = target; t; t = Object.getPrototypeOf(t)) {
            const m = store.get(t)?.get(prop);
            if (m?.has(key))
                return m.get(key);
        }
        return undefined;
    };
    reflect_shim_r.getOwnMetadata = (key, target, prop) => store.get(target)?.get(prop)?.get(key);
    reflect_shim_r.hasMetadata = (key, target, prop) => reflect_shim_r.getMetadata(key, target, prop) !== undefined;
    reflect_shim_r.metadata = (key, value) => (target, prop) => reflect_shim_r.defineMetadata(key, value, target, prop);
}


// EXTERNAL MODULE: ./node_modules/@peculiar/x509/build/x509.cjs.js
var x509_cjs = __webpack_require__(8927);
;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/tls.js
/**
 * Test PKI for the emulator: a CA and a server certificate for localhost/127.0.0.1/::1. Clients trust the CA via
 * NODE_EXTRA_CA_CERTS instead of disabling TLS verification.
 */



x509_cjs/* cryptoProvider */.Ve.set(external_node_crypto_.webcrypto);
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const day = 24 * 60 * 60 * 1000;
async function exportKeyPem(key) {
    const der = await external_node_crypto_.webcrypto.subtle.exportKey('pkcs8', key);
    return x509_cjs/* PemConverter */.v6.encode(der, 'PRIVATE KEY');
}
async function importKeyPem(pem) {
    const der = x509_cjs/* PemConverter */.v6.decode(pem)[0];
    if (!der)
        throw new Error('CA key PEM holds no key');
    return external_node_crypto_.webcrypto.subtle.importKey('pkcs8', der, alg, true, ['sign']);
}
function serial() {
    return Buffer.from(external_node_crypto_.webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}
/** Creates a self-signed CA valid for ten years. */
async function createCertificateAuthority(commonName = 'image-publish emulator test CA') {
    const keys = (await external_node_crypto_.webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']));
    const cert = await x509_cjs/* X509CertificateGenerator */.Jy.createSelfSigned({
        serialNumber: serial(),
        name: `CN=${commonName}`,
        notBefore: new Date(Date.now() - day),
        notAfter: new Date(Date.now() + 3650 * day),
        keys,
        signingAlgorithm: alg,
        extensions: [
            new x509_cjs/* BasicConstraintsExtension */.WA(true, 0, true),
            new x509_cjs/* KeyUsagesExtension */.hy(x509_cjs/* KeyUsageFlags */.Ob.keyCertSign | x509_cjs/* KeyUsageFlags */.Ob.cRLSign, true),
            await x509_cjs/* SubjectKeyIdentifierExtension */.QE.create(keys.publicKey),
        ],
    });
    return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}
/** Issues a server certificate for localhost, 127.0.0.1 and ::1, signed by `ca`. */
async function issueServerCertificate(ca) {
    const caCert = new x509_cjs/* X509Certificate */.yI(ca.certPem);
    const caKey = await importKeyPem(ca.keyPem);
    const keys = (await external_node_crypto_.webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']));
    const cert = await x509_cjs/* X509CertificateGenerator */.Jy.create({
        serialNumber: serial(),
        subject: 'CN=localhost',
        issuer: caCert.subject,
        notBefore: new Date(Date.now() - day),
        notAfter: new Date(Date.now() + 365 * day),
        publicKey: keys.publicKey,
        signingKey: caKey,
        signingAlgorithm: alg,
        extensions: [
            new x509_cjs/* BasicConstraintsExtension */.WA(false, undefined, true),
            new x509_cjs/* KeyUsagesExtension */.hy(x509_cjs/* KeyUsageFlags */.Ob.digitalSignature | x509_cjs/* KeyUsageFlags */.Ob.keyEncipherment, true),
            new x509_cjs/* ExtendedKeyUsageExtension */.j6([x509_cjs/* ExtendedKeyUsage */.CD.serverAuth]),
            new x509_cjs/* SubjectAlternativeNameExtension */.Wx([
                { type: 'dns', value: 'localhost' },
                { type: 'ip', value: '127.0.0.1' },
                { type: 'ip', value: '::1' },
            ]),
            await x509_cjs/* AuthorityKeyIdentifierExtension */.Z$.create(caCert),
        ],
    });
    return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/arm/vmss/vmss-controls.js
/**
 * Test controls for scale sets, behind the handle and /_emulator/scale-sets: seed scale sets with N instances in
 * one call (tests and the benchmark need hundreds), and the health switch ("instances running version X are
 * unhealthy") that makes a canary fail its health gate.
 */


/** The body a PUT of this seed would have stored. */
function seedBody(s, id, now) {
    const osDisk = { createOption: 'FromImage', caching: s.ephemeral ? 'ReadOnly' : 'ReadWrite', managedDisk: { storageAccountType: 'Standard_LRS' } };
    if (s.ephemeral)
        osDisk.diffDiskSettings = { option: 'Local', placement: 'ResourceDisk' };
    return {
        id,
        name: s.name,
        type: SCALE_SET_TYPE,
        location: s.location,
        sku: { name: 'Standard_D2s_v3', tier: 'Standard', capacity: s.capacity },
        ...(s.tags ? { tags: { ...s.tags } } : {}),
        properties: {
            orchestrationMode: s.orchestrationMode ?? 'Uniform',
            upgradePolicy: { mode: 'Manual', ...(s.upgradePolicy ?? {}) },
            virtualMachineProfile: {
                osProfile: { computerNamePrefix: s.name.slice(0, 9), adminUsername: 'azureuser' },
                storageProfile: { imageReference: structuredClone(s.imageReference), osDisk },
                extensionProfile: {
                    extensions: [{ name: 'HealthExtension', properties: { publisher: 'Microsoft.ManagedServices', type: 'ApplicationHealthLinux', typeHandlerVersion: '2.0', settings: { protocol: 'http', port: 80, requestPath: '/health' } } }],
                },
            },
            uniqueId: (0,external_node_crypto_.randomUUID)(),
            timeCreated: new Date(now).toISOString(),
        },
    };
}
/** Builds the controls over the emulator's store and clock. */
function createScaleSetControls(store, defaultSubscription, now) {
    return {
        seed(scaleSets) {
            const state = store.load();
            const ids = [];
            for (const s of scaleSets) {
                const sub = s.subscriptionId ?? defaultSubscription;
                const rgId = `/subscriptions/${sub}/resourceGroups/${s.resourceGroup}`;
                if (!state.resources[rgId.toLowerCase()]) {
                    state.resources[rgId.toLowerCase()] = {
                        id: rgId, type: 'Microsoft.Resources/resourceGroups',
                        body: { id: rgId, name: s.resourceGroup, type: 'Microsoft.Resources/resourceGroups', location: s.location, properties: { provisioningState: 'Succeeded' } },
                    };
                }
                const id = `${rgId}/providers/${SCALE_SET_TYPE}/${s.name}`;
                const prefix = id.toLowerCase();
                for (const key of Object.keys(state.resources))
                    if (key === prefix || key.startsWith(`${prefix}/`))
                        delete state.resources[key];
                const body = seedBody(s, id, now());
                state.resources[prefix] = { id, type: SCALE_SET_TYPE, body };
                reconcileCapacity(state, id, s.name, s.capacity, currentModel(state, body), now());
                if (s.instanceUpgradeMs !== undefined)
                    saveSim(state, id, { ...loadSim(state, id), instanceUpgradeMs: s.instanceUpgradeMs });
                ids.push(id);
            }
            store.save(state);
            return ids;
        },
        setUnhealthyImageVersions(versionIds) {
            const state = store.load();
            setUnhealthyVersions(state, versionIds);
            store.save(state);
        },
        unhealthyImageVersions: () => unhealthyVersions(store.load()),
        instances(scaleSetId) {
            const state = store.load();
            const t = now();
            return instancesOf(state, scaleSetId).map((i) => {
                const at = instanceAt(state, scaleSetId, i, t);
                return { instanceId: i.instanceId, versionId: at.running.versionId, updating: at.updating };
            });
        },
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/authz/action-match.js
const patternCache = new Map();
function toRegExp(pattern) {
    let re = patternCache.get(pattern);
    if (!re) {
        const body = pattern
            .split('*')
            .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*');
        re = new RegExp(`^${body}$`, 'i');
        patternCache.set(pattern, re);
    }
    return re;
}
/** True when `action` matches the permission pattern (e.g. `Microsoft.Compute/galleries/*`, `* /read`). */
function actionMatches(pattern, action) {
    return toRegExp(pattern).test(action);
}
/** True when the role's actions grant `action` and none of its notActions remove it. */
function roleAllows(role, action) {
    return role.actions.some((p) => actionMatches(p, action)) && !role.notActions.some((p) => actionMatches(p, action));
}
/** Normalises a scope for comparison: lower case, no trailing slash. */
function normalizeScope(scope) {
    return scope.replace(/\/+$/, '').toLowerCase();
}
/** True when an assignment at `assignmentScope` covers `scope` (same scope or a descendant, whole segments only). */
function scopeCovers(assignmentScope, scope) {
    const parent = normalizeScope(assignmentScope);
    const child = normalizeScope(scope);
    // An assignment at the root scope "/" covers everything.
    if (parent === '')
        return true;
    return child === parent || child.startsWith(`${parent}/`);
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/authz/built-in-roles.js
const builtInRoles = {
    Owner: {
        name: 'Owner',
        id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
        actions: ['*'],
        notActions: [],
    },
    Contributor: {
        name: 'Contributor',
        id: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
        actions: ['*'],
        notActions: [
            'Microsoft.Authorization/*/Delete',
            'Microsoft.Authorization/*/Write',
            'Microsoft.Authorization/elevateAccess/Action',
            'Microsoft.Blueprint/blueprintAssignments/write',
            'Microsoft.Blueprint/blueprintAssignments/delete',
            'Microsoft.Compute/galleries/share/action',
            'Microsoft.Purview/consents/write',
            'Microsoft.Purview/consents/delete',
            'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
            'Microsoft.Subscription/cancel/action',
            'Microsoft.Subscription/enable/action',
        ],
    },
    Reader: {
        name: 'Reader',
        id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
        actions: ['*/read'],
        notActions: [],
    },
    'Compute Gallery Artifacts Publisher': {
        name: 'Compute Gallery Artifacts Publisher',
        id: '85a2d0d9-2eba-4c9c-b355-11c2cc0788ab',
        actions: [
            'Microsoft.Authorization/*/read',
            'Microsoft.Compute/galleries/*',
            'Microsoft.Compute/galleries/images/*',
            'Microsoft.Compute/galleries/images/versions/*',
            'Microsoft.Compute/galleries/applications/*',
            'Microsoft.Compute/galleries/applications/versions/*',
            'Microsoft.Resources/subscriptions/resourceGroups/read',
        ],
        notActions: [],
    },
    'Compute Gallery Image Reader': {
        name: 'Compute Gallery Image Reader',
        id: 'cf7c76d2-98a3-4358-a134-615aa78bf44d',
        actions: [
            'Microsoft.Compute/galleries/read',
            'Microsoft.Compute/galleries/images/read',
            'Microsoft.Compute/galleries/images/versions/read',
        ],
        notActions: [],
    },
    'Virtual Machine Contributor': {
        name: 'Virtual Machine Contributor',
        id: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
        actions: [
            'Microsoft.Authorization/*/read',
            'Microsoft.Compute/availabilitySets/*',
            'Microsoft.Compute/locations/*',
            'Microsoft.Compute/virtualMachines/*',
            'Microsoft.Compute/virtualMachineScaleSets/*',
            'Microsoft.Compute/cloudServices/*',
            'Microsoft.Compute/disks/write',
            'Microsoft.Compute/disks/read',
            'Microsoft.Compute/disks/delete',
            'Microsoft.DevTestLab/schedules/*',
            'Microsoft.Insights/alertRules/*',
            'Microsoft.Network/applicationGateways/backendAddressPools/join/action',
            'Microsoft.Network/loadBalancers/backendAddressPools/join/action',
            'Microsoft.Network/loadBalancers/inboundNatPools/join/action',
            'Microsoft.Network/loadBalancers/inboundNatRules/join/action',
            'Microsoft.Network/loadBalancers/probes/join/action',
            'Microsoft.Network/loadBalancers/read',
            'Microsoft.Network/locations/*',
            'Microsoft.Network/networkInterfaces/*',
            'Microsoft.Network/networkSecurityGroups/join/action',
            'Microsoft.Network/networkSecurityGroups/read',
            'Microsoft.Network/publicIPAddresses/join/action',
            'Microsoft.Network/publicIPAddresses/read',
            'Microsoft.Network/virtualNetworks/read',
            'Microsoft.Network/virtualNetworks/subnets/join/action',
            'Microsoft.RecoveryServices/locations/*',
            'Microsoft.ResourceHealth/availabilityStatuses/read',
            'Microsoft.Resources/deployments/*',
            'Microsoft.Resources/subscriptions/resourceGroups/read',
            'Microsoft.SerialConsole/serialPorts/connect/action',
            'Microsoft.SqlVirtualMachine/*',
            'Microsoft.Storage/storageAccounts/listKeys/action',
            'Microsoft.Storage/storageAccounts/read',
            'Microsoft.Support/*',
        ],
        notActions: [],
    },
    'Resource Policy Contributor': {
        name: 'Resource Policy Contributor',
        id: '36243c78-bf99-498c-9df9-86d9f8d28608',
        actions: [
            '*/read',
            'Microsoft.Authorization/policyassignments/*',
            'Microsoft.Authorization/policydefinitions/*',
            'Microsoft.Authorization/policyexemptions/*',
            'Microsoft.Authorization/policysetdefinitions/*',
            'Microsoft.PolicyInsights/*',
            'Microsoft.Support/*',
        ],
        notActions: [],
    },
};
/** True when `name` is one of the built-in roles above. */
function isBuiltInRoleName(name) {
    return Object.prototype.hasOwnProperty.call(builtInRoles, name);
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/authz/arm-actions.js
/**
 * Maps an ARM request (method + path) to the RBAC action ARM checks and the scope it checks it over, using the
 * real action names (`Microsoft.Compute/galleries/images/versions/write`, `.../manualUpgrade/action`, ...).
 */
// Paths arrive in whatever case the client sent; the 403 message should name the canonical action.
const canonicalSegments = Object.fromEntries([
    'Microsoft.Compute', 'Microsoft.Resources', 'Microsoft.Authorization', 'Microsoft.Network', 'Microsoft.Storage',
    'Microsoft.KeyVault', 'galleries', 'images', 'versions', 'applications', 'virtualMachines', 'virtualMachineScaleSets',
    'disks', 'snapshots', 'locations', 'skus', 'capsOperations', 'operations', 'resourceGroups', 'subscriptions',
    'providers', 'extensions', 'availabilitySets', 'diskAccesses', 'diskEncryptionSets', 'roleAssignments',
    'roleDefinitions', 'manualUpgrade', 'beginGetAccess', 'endGetAccess', 'powerOff', 'deallocate', 'start', 'restart',
    'generalize', 'capture', 'reimage', 'redeploy', 'runCommand', 'upgrade', 'updateInstances', 'share',
    'deleteInstances', 'osUpgradeHistory', 'instanceView', 'rollingUpgrades', 'resources', 'deployments',
    'reimageAll', 'osRollingUpgrade', 'cancel',
    'Microsoft.VirtualMachineImages', 'imageTemplates', 'runOutputs', 'run',
].map((name) => [name.toLowerCase(), name]));
function canonical(segment) {
    return canonicalSegments[segment.toLowerCase()] ?? segment;
}
function segmentsOf(resourcePath) {
    const path = resourcePath.split('?')[0] ?? '';
    return path.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
}
function verbFor(method) {
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
/** Finds the last `providers/{namespace}` pair, where the resource types start. */
function parseProviderPath(segments) {
    for (let i = segments.length - 2; i >= 0; i--) {
        if (segments[i]?.toLowerCase() === 'providers') {
            return { namespace: canonical(segments[i + 1] ?? ''), rest: segments.slice(i + 2) };
        }
    }
    return undefined;
}
/** Action for a path below `/subscriptions/{s}` with no provider segment (resource groups, locations, ...). */
function resourcesAction(segments, verb) {
    // segments: subscriptions, s, [resourceGroups, rg, [resources|deployments...]] | [locations]
    const types = ['subscriptions'];
    for (let i = 2; i < segments.length; i += 2)
        types.push(canonical(segments[i] ?? ''));
    const readOnly = types.length === 2 && types[1] === 'locations';
    return `Microsoft.Resources/${types.join('/')}/${readOnly ? 'read' : verb === 'action' ? 'read' : verb}`;
}
/**
 * The RBAC action ARM checks for this request, e.g.
 * ('PUT', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g') -> 'Microsoft.Compute/galleries/write'.
 */
function armActionFor(method, resourcePath) {
    const segments = segmentsOf(resourcePath);
    const verb = verbFor(method);
    const provider = parseProviderPath(segments);
    if (!provider) {
        if (segments.length === 0)
            return 'Microsoft.Resources/subscriptions/read';
        return resourcesAction(segments, verb);
    }
    const { namespace, rest } = provider;
    const types = [];
    for (let i = 0; i < rest.length; i += 2)
        types.push(canonical(rest[i] ?? ''));
    // Operation status documents are read whatever their path below locations/{x}.
    if (types[0] === 'locations' && (types[1] === 'capsOperations' || types[1] === 'operations')) {
        return `${namespace}/locations/${types[1]}/read`;
    }
    if (rest.length % 2 === 1 && verb === 'action' && types.length > 1) {
        // POST .../{type}/{name}/{action}: the last segment is an action, not a collection.
        const action = types.pop();
        return `${namespace}/${types.join('/')}/${action}/action`;
    }
    if (verb === 'action' && types[types.length - 1] === 'rollingUpgrades') {
        // POST .../virtualMachineScaleSets/{n}/rollingUpgrades/cancel: the name slot holds the action.
        return `${namespace}/${types.join('/')}/${canonical(rest[rest.length - 1] ?? '')}/action`;
    }
    if (types.length === 0)
        return `${namespace}/register/action`;
    return `${namespace}/${types.join('/')}/${verb === 'action' ? 'action' : verb}`;
}
/**
 * The resource id a request acts on: api paths reduced to the resource (collections -> their parent, actions ->
 * their resource, `/providers/{ns}` alone -> the scope above it). Query strings are dropped.
 */
function arm_actions_scopeOf(resourcePath) {
    const segments = segmentsOf(resourcePath);
    const provider = parseProviderPath(segments);
    let keep;
    if (provider) {
        const prefixLength = segments.length - provider.rest.length;
        const rest = provider.rest.length % 2 === 1 ? provider.rest.slice(0, -1) : provider.rest;
        keep = rest.length === 0 ? segments.slice(0, prefixLength - 2) : [...segments.slice(0, prefixLength), ...rest];
    }
    else {
        keep = segments.length % 2 === 1 ? segments.slice(0, -1) : segments;
    }
    return `/${keep.join('/')}`;
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/authz/index.js
/** The emulator's RBAC: role assignments per principal and scope, checked as ARM checks them. */






/** ARM's exact AuthorizationFailed message. */
function authorizationFailedMessage(clientId, objectId, action, scope) {
    return (`The client '${clientId}' with object id '${objectId}' does not have authorization to perform action ` +
        `'${action}' over scope '${scope}' or the scope is invalid. ` +
        'If access was recently granted, please refresh your credentials.');
}
/** Creates an empty authorizer; callers assign roles. */
function createAuthorizer() {
    const assignments = new Map();
    return {
        assign(principalId, roleName, scope) {
            if (!isBuiltInRoleName(roleName)) {
                throw new Error(`Unknown role '${String(roleName)}': the emulator knows ${Object.keys(builtInRoles).join(', ')}. Assign one of those.`);
            }
            if (!scope.startsWith('/'))
                throw new Error(`Role assignment scope '${scope}' must start with '/' (e.g. /subscriptions/<id>).`);
            const normalizedScope = scope.replace(/\/+$/, '') || '/';
            // Re-assigning the same role at the same scope is a no-op, as ARM answers RoleAssignmentExists.
            for (const existing of assignments.values()) {
                if (existing.principalId === principalId &&
                    existing.roleName === roleName &&
                    existing.scope.toLowerCase() === normalizedScope.toLowerCase()) {
                    return { ...existing };
                }
            }
            const assignment = {
                id: `${normalizedScope === '/' ? '' : normalizedScope}/providers/Microsoft.Authorization/roleAssignments/${(0,external_node_crypto_.randomUUID)()}`,
                principalId,
                roleName,
                scope: normalizedScope,
            };
            assignments.set(assignment.id, assignment);
            return { ...assignment };
        },
        remove(assignmentId) {
            assignments.delete(assignmentId);
        },
        list(principalId) {
            return [...assignments.values()]
                .filter((a) => principalId === undefined || a.principalId === principalId)
                .map((a) => ({ ...a }));
        },
        check(principal, action, scope) {
            for (const a of assignments.values()) {
                if (a.principalId === principal.objectId && scopeCovers(a.scope, scope) && roleAllows(builtInRoles[a.roleName], action)) {
                    return null;
                }
            }
            return { code: 'AuthorizationFailed', message: authorizationFailedMessage(principal.clientId, principal.objectId, action, scope) };
        },
    };
}

// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/decode_jwt.js
var decode_jwt = __webpack_require__(77961);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwt/verify.js + 1 modules
var verify = __webpack_require__(25057);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/errors.js
var errors = __webpack_require__(5674);
;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/arm-authentication.js
/** ARM's bearer-token check: signature by the tenant key, issuer, audience, expiry, with ARM's 401 codes and texts. */

/** ARM allows five minutes of clock skew. */
const clockSkewSeconds = 300;
/** ARM prints times as .NET's en-US general format: `11/26/2026 10:04:27 AM`. */
function armTime(ms) {
    const d = new Date(ms);
    const h = d.getUTCHours();
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}
/** The audiences ARM accepts for management tokens, plus the configured one. */
function allowedAudiences(armAudience) {
    return withAndWithoutSlash(['https://management.core.windows.net/', 'https://management.azure.com/', armAudience]);
}
/** Entra issues `aud` with or without the trailing slash depending on how the scope was asked for. */
function withAndWithoutSlash(audiences) {
    return [...new Set(audiences.flatMap((a) => [a.endsWith('/') ? a : `${a}/`, a.replace(/\/+$/, '')]))];
}
/** Validates an `Authorization` header value for an ARM request. */
async function authenticateArmRequest(opts, header) {
    const fail = (code, message) => ({
        ok: false,
        status: 401,
        code,
        message,
        wwwAuthenticate: `Bearer authorization_uri="${opts.authorizationUri}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
    });
    if (header === undefined || header.trim() === '') {
        return fail('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    }
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (!token)
        return fail('AuthenticationFailed', "Authentication failed. The 'Authorization' header is provided in an invalid format.");
    let claims;
    try {
        claims = (0,decode_jwt/* decodeJwt */.i)(token);
    }
    catch {
        return fail('InvalidAuthenticationToken', 'The access token is invalid.');
    }
    try {
        await (0,verify/* jwtVerify */.V)(token, opts.publicKey, {
            algorithms: ['RS256'],
            currentDate: new Date(opts.now()),
            clockTolerance: clockSkewSeconds,
        });
    }
    catch (error) {
        if (error instanceof errors/* JWTExpired */.n && typeof claims.exp === 'number') {
            return fail('ExpiredAuthenticationToken', `The access token expiry UTC time '${armTime(claims.exp * 1000)}' is earlier than current UTC time '${armTime(opts.now())}'.`);
        }
        if (error instanceof errors/* JWTClaimValidationFailed */.ie && error.claim === 'nbf') {
            return fail('InvalidAuthenticationToken', 'The access token is not yet valid.');
        }
        // Signature failures and malformed tokens get ARM's generic text: it never says which check failed.
        return fail('InvalidAuthenticationToken', 'The access token is invalid.');
    }
    if (claims.iss !== opts.issuer || claims.tid !== opts.tenantId) {
        return fail('InvalidAuthenticationTokenTenant', `The access token is from the wrong issuer '${String(claims.iss)}'. It must match the tenant '${opts.issuer}' associated with this subscription. Please use the authority (URL) '${opts.authorizationUri}' to get the token.`);
    }
    const audiences = opts.audiences ? withAndWithoutSlash(opts.audiences) : allowedAudiences(opts.armAudience);
    const tokenAudiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? ''];
    if (!tokenAudiences.some((a) => audiences.includes(a))) {
        return fail('InvalidAuthenticationTokenAudience', `The access token has been obtained for wrong audience or resource '${tokenAudiences.join(',')}'. It should exactly match with one of the allowed audiences ${audiences.map((a) => `'${a}'`).join(',')}.`);
    }
    const objectId = typeof claims.oid === 'string' ? claims.oid : undefined;
    const clientId = typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : undefined;
    if (!objectId || !clientId)
        return fail('InvalidAuthenticationToken', 'The access token is invalid.');
    const principal = { objectId, clientId, tenantId: opts.tenantId, displayName: opts.displayNameOf(objectId) ?? clientId };
    return { ok: true, principal };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/http-json.js
/** Writes `body` as JSON with Entra's no-store cache headers (token responses must never be cached). */
function http_json_sendJson(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store, no-cache',
        Pragma: 'no-cache',
        'Content-Length': Buffer.byteLength(text).toString(),
        ...headers,
    });
    res.end(text);
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/azure-devops-oidc.js
/**
 * Azure DevOps workload identity federation: an issuer standing in for https://vstoken.dev.azure.com/{organizationId}
 * (discovery + JWKS), and the job's OIDC request endpoint the agent exposes as System.OidcRequestUri, which answers
 * `POST ?api-version=7.1&serviceConnectionId=<id>` with `Authorization: Bearer <System.AccessToken>` by
 * `{"oidcToken": "<jwt>"}` whose subject is `sc://{organization}/{project}/{serviceConnectionName}`.
 */


const azureDevopsPathPrefix = '/azure-devops';
/** Azure DevOps ID tokens are short-lived; the emulator uses ten minutes (see docs/emulator-deviations.md). */
const idTokenLifetimeSeconds = 600;
const tokenExchangeAudience = 'api://AzureADTokenExchange';
// `/azure-devops/vstoken/{organizationId}` stands for vstoken.dev.azure.com, `/azure-devops/dev/{org}/...` for dev.azure.com.
const issuerRoute = /^\/vstoken\/([0-9a-f-]{36})\/\.well-known\/(openid-configuration|jwks)$/;
const oidcTokenRoute = /^\/dev\/([^/]+)\/([0-9a-f-]{36})\/_apis\/distributedtask\/hubs\/build\/plans\/([0-9a-f-]{36})\/jobs\/([0-9a-f-]{36})\/oidctoken$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Azure DevOps answers unauthenticated API calls with TF400813 (with X-TFS-FedAuthRedirect: Suppress, as JSON). */
function unauthorized(res) {
    http_json_sendJson(res, 401, {
        $id: '1',
        innerException: null,
        message: "TF400813: The user '' is not authorized to access this resource. The System.AccessToken is missing, expired or not the one of this job.",
        typeName: 'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
        typeKey: 'UnauthorizedRequestException',
        errorCode: 0,
        eventId: 3000,
    });
}
function badRequest(res, status, typeKey, message) {
    http_json_sendJson(res, status, { $id: '1', innerException: null, message, typeName: `Microsoft.VisualStudio.Services.WebApi.${typeKey}`, typeKey, errorCode: 0, eventId: 3000 });
}
function bearerToken(req) {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    return match?.[1] === undefined ? undefined : Buffer.from(match[1]);
}
function validateClaims(claims) {
    if (!claims.organization || /[/\s]/.test(claims.organization)) {
        throw new Error(`grantAzurePipelinesRun: organization must be a name without '/' or spaces, got '${claims.organization ?? ''}'.`);
    }
    if (!claims.project)
        throw new Error('grantAzurePipelinesRun: project is required.');
    if (!claims.serviceConnectionName)
        throw new Error('grantAzurePipelinesRun: serviceConnectionName is required.');
    if (!GUID.test(claims.serviceConnectionId ?? '')) {
        throw new Error(`grantAzurePipelinesRun: serviceConnectionId must be the service connection's GUID, got '${claims.serviceConnectionId ?? ''}'.`);
    }
}
/** Creates the Azure DevOps issuer and OIDC endpoint under `${issuerBaseUrl}/azure-devops`. */
function createAzureDevopsOidc(issuerBaseUrl, key, now) {
    const base = `${issuerBaseUrl}${azureDevopsPathPrefix}`;
    const organizationIds = new Map();
    const projectIds = new Map();
    const grants = [];
    const issuerOf = (organizationId) => `${base}/vstoken/${organizationId}`;
    const organizationIdOf = (organization) => {
        // Organization names are case-insensitive in Azure DevOps; the id is what the issuer carries.
        const name = organization.toLowerCase();
        let id = organizationIds.get(name);
        if (!id) {
            id = (0,external_node_crypto_.randomUUID)();
            organizationIds.set(name, id);
        }
        return id;
    };
    const findGrant = (token) => token === undefined ? undefined : grants.find((g) => g.token.length === token.length && (0,external_node_crypto_.timingSafeEqual)(g.token, token));
    async function oidcToken(req, res, url, path) {
        if (req.method !== 'POST') {
            badRequest(res, 405, 'MethodNotAllowedException', `The OIDC token endpoint answers POST, not ${req.method ?? ''}.`);
            return;
        }
        const grant = findGrant(bearerToken(req));
        // A job's access token is scoped to its own plan and job, so another job's URL is as unauthorized as no token.
        if (!grant || grant.path !== path) {
            unauthorized(res);
            return;
        }
        if (!url.searchParams.get('api-version')) {
            badRequest(res, 400, 'VssVersionNotSpecifiedException', 'No api-version was supplied for the POST request. Add ?api-version=7.1.');
            return;
        }
        const serviceConnectionId = url.searchParams.get('serviceConnectionId') ?? '';
        if (serviceConnectionId.toLowerCase() !== grant.serviceConnectionId.toLowerCase()) {
            badRequest(res, 400, 'InvalidRequestException', `Service connection '${serviceConnectionId}' was not found or this pipeline is not authorized to use it. Pass the id of the AzureRM service connection the task uses.`);
            return;
        }
        const nowSeconds = Math.floor(now() / 1000);
        const oidcToken = await key.sign({
            jti: (0,external_node_crypto_.randomUUID)(),
            sub: grant.subject,
            aud: tokenExchangeAudience,
            iss: grant.issuer,
            nbf: nowSeconds,
            iat: nowSeconds,
            exp: nowSeconds + idTokenLifetimeSeconds,
        });
        http_json_sendJson(res, 200, { oidcToken });
    }
    return {
        ownsIssuer: (issuer) => [...organizationIds.values()].some((id) => issuerOf(id) === issuer),
        issuerFor: (organization) => issuerOf(organizationIdOf(organization)),
        grant(claims) {
            validateClaims(claims);
            const organizationId = organizationIdOf(claims.organization);
            const projectKey = `${claims.organization.toLowerCase()}/${claims.project.toLowerCase()}`;
            const projectId = projectIds.get(projectKey) ?? (0,external_node_crypto_.randomUUID)();
            projectIds.set(projectKey, projectId);
            const path = `/dev/${encodeURIComponent(claims.organization)}/${projectId}/_apis/distributedtask/hubs/build/plans/${(0,external_node_crypto_.randomUUID)()}/jobs/${(0,external_node_crypto_.randomUUID)()}/oidctoken`;
            const token = (0,external_node_crypto_.randomBytes)(32).toString('base64url');
            const issuer = issuerOf(organizationId);
            const subject = claims.subject ?? `sc://${claims.organization}/${claims.project}/${claims.serviceConnectionName}`;
            grants.push({ token: Buffer.from(token), path, issuer, subject, serviceConnectionId: claims.serviceConnectionId });
            return { oidcRequestUri: `${base}${path}`, systemAccessToken: token, issuer, subject, organizationId };
        },
        async handle(req, res, url) {
            const path = url.pathname.slice(azureDevopsPathPrefix.length);
            const issuerMatch = issuerRoute.exec(path);
            if (issuerMatch) {
                const [, organizationId = '', document] = issuerMatch;
                if (![...organizationIds.values()].includes(organizationId)) {
                    http_json_sendJson(res, 404, { message: `No Azure DevOps organization with id '${organizationId}' has been granted in this emulator.` });
                    return true;
                }
                const issuer = issuerOf(organizationId);
                if (document === 'jwks') {
                    http_json_sendJson(res, 200, key.jwks);
                    return true;
                }
                http_json_sendJson(res, 200, {
                    issuer,
                    jwks_uri: `${issuer}/.well-known/jwks`,
                    subject_types_supported: ['public', 'pairwise'],
                    response_types_supported: ['id_token'],
                    claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'nbf', 'jti'],
                    id_token_signing_alg_values_supported: ['RS256'],
                    scopes_supported: ['openid'],
                });
                return true;
            }
            if (oidcTokenRoute.test(path)) {
                await oidcToken(req, res, url, path);
                return true;
            }
            return false;
        },
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/entra-errors.js
/**
 * Entra (AAD STS) error responses with the real AADSTS codes, so MSAL and @azure/identity surface the same text
 * users see against login.microsoftonline.com.
 */

/** Raised by the credential checks; the token endpoint turns it into the response body. */
class EntraRequestError extends Error {
    detail;
    constructor(detail) {
        super(`AADSTS${detail.aadsts}: ${detail.message}`);
        this.detail = detail;
    }
}
/** Shorthand for throwing an Entra error. */
function entraError(status, error, aadsts, message) {
    return new EntraRequestError({ status, error, aadsts, message });
}
/** Formats Entra's timestamp: `2026-11-26 10:04:27Z`. */
function entraTimestamp(nowMs) {
    return `${new Date(nowMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`;
}
/** The JSON body Entra returns for a failed token request. */
function entraErrorBody(detail, nowMs, correlationId, authority) {
    const traceId = (0,external_node_crypto_.randomUUID)();
    const correlation = correlationId && /^[0-9a-f-]{36}$/i.test(correlationId) ? correlationId : (0,external_node_crypto_.randomUUID)();
    const timestamp = entraTimestamp(nowMs);
    return {
        error: detail.error,
        error_description: `AADSTS${detail.aadsts}: ${detail.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
        error_codes: [detail.aadsts],
        timestamp,
        trace_id: traceId,
        correlation_id: correlation,
        error_uri: `${authority}/error?code=${detail.aadsts}`,
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/github-oidc-issuer.js
/**
 * A GitHub-Actions-compatible OIDC issuer: discovery document, JWKS, and the runner's ID token endpoint
 * (ACTIONS_ID_TOKEN_REQUEST_URL), which answers `{"value": "<jwt>"}` to `Authorization: Bearer <request token>`.
 */


/** GitHub ID tokens live five minutes. */
const github_oidc_issuer_idTokenLifetimeSeconds = 300;
const githubOidcPathPrefix = '/github-oidc';
function idTokenClaims(issuer, grant, audience, nowSeconds) {
    const c = grant.claims;
    const [owner = ''] = c.repository.split('/');
    const workflow = c.workflow ?? 'publish';
    const sha = c.sha ?? '0000000000000000000000000000000000000000';
    const workflowRef = `${c.repository}/.github/workflows/${workflow}.yml@${c.ref}`;
    return {
        jti: (0,external_node_crypto_.randomUUID)(),
        sub: c.subject ?? `repo:${c.repository}:ref:${c.ref}`,
        aud: audience,
        ref: c.ref,
        sha,
        repository: c.repository,
        repository_owner: owner,
        run_id: grant.runId,
        run_number: '1',
        run_attempt: '1',
        repository_visibility: 'private',
        actor: c.actor ?? owner,
        workflow,
        head_ref: '',
        base_ref: '',
        event_name: 'push',
        ref_type: c.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
        workflow_ref: workflowRef,
        workflow_sha: sha,
        job_workflow_ref: workflowRef,
        job_workflow_sha: sha,
        runner_environment: 'github-hosted',
        ...(c.environment === undefined ? {} : { environment: c.environment }),
        iss: issuer,
        // GitHub backdates nbf a little so slightly slow clocks still accept the token.
        nbf: nowSeconds - 5,
        iat: nowSeconds,
        exp: nowSeconds + github_oidc_issuer_idTokenLifetimeSeconds,
    };
}
function github_oidc_issuer_bearerToken(req) {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    return match?.[1] === undefined ? undefined : Buffer.from(match[1]);
}
/** Creates the issuer at `${issuerBaseUrl}/github-oidc`. */
function createGithubOidcIssuer(issuerBaseUrl, key, now) {
    const issuer = `${issuerBaseUrl}${githubOidcPathPrefix}`;
    const grants = [];
    const findGrant = (token) => token === undefined ? undefined : grants.find((g) => g.token.length === token.length && (0,external_node_crypto_.timingSafeEqual)(g.token, token));
    return {
        issuer,
        grant(claims) {
            if (!claims.repository || !/^[^/\s]+\/[^/\s]+$/.test(claims.repository)) {
                throw new Error(`grantGithubRun: repository must be 'owner/name', got '${claims.repository}'.`);
            }
            if (!claims.ref)
                throw new Error("grantGithubRun: ref is required (e.g. 'refs/heads/main').");
            const token = (0,external_node_crypto_.randomBytes)(32).toString('base64url');
            grants.push({ token: Buffer.from(token), claims: { ...claims }, runId: claims.runId ?? String(1_000_000_000 + grants.length) });
            // Like GitHub's URL it already has a query, so @actions/core can append `&audience=`.
            return { requestUrl: `${issuer}/idtoken?api-version=2.0`, requestToken: token };
        },
        async handle(req, res, url) {
            const path = url.pathname.slice(githubOidcPathPrefix.length);
            if (path === '/.well-known/openid-configuration') {
                http_json_sendJson(res, 200, {
                    issuer,
                    jwks_uri: `${issuer}/.well-known/jwks`,
                    subject_types_supported: ['public', 'pairwise'],
                    response_types_supported: ['id_token'],
                    claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'sha', 'repository', 'repository_owner',
                        'run_id', 'run_number', 'run_attempt', 'actor', 'workflow', 'event_name', 'ref_type', 'job_workflow_ref', 'environment'],
                    id_token_signing_alg_values_supported: ['RS256'],
                    scopes_supported: ['openid'],
                });
                return true;
            }
            if (path === '/.well-known/jwks') {
                http_json_sendJson(res, 200, key.jwks);
                return true;
            }
            if (path === '/idtoken') {
                if (req.method !== 'GET') {
                    http_json_sendJson(res, 405, { message: 'Method not allowed: the ID token endpoint answers GET.' });
                    return true;
                }
                const grant = findGrant(github_oidc_issuer_bearerToken(req));
                if (!grant) {
                    http_json_sendJson(res, 401, { message: 'Unauthorized: the ACTIONS_ID_TOKEN_REQUEST_TOKEN is missing or not valid for this run.' });
                    return true;
                }
                const owner = grant.claims.repository.split('/')[0] ?? '';
                const audience = url.searchParams.get('audience') || `https://github.com/${owner}`;
                const value = await key.sign(idTokenClaims(issuer, grant, audience, Math.floor(now() / 1000)));
                http_json_sendJson(res, 200, { count: 1, value });
                return true;
            }
            return false;
        },
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/app-access-token.js
/** The v2 app-only access token the emulated tenant issues, whichever endpoint (token, managed identity) asks. */

/** Signs the token; returns it with its expiry in epoch seconds. */
async function issueAppAccessToken(tenant, request) {
    const nowSeconds = Math.floor(request.nowMs / 1000);
    const expiresOn = nowSeconds + request.lifetimeSeconds;
    const accessToken = await tenant.key.sign({
        aud: request.resource,
        iss: tenant.issuer,
        iat: nowSeconds,
        nbf: nowSeconds,
        exp: expiresOn,
        aio: (0,external_node_crypto_.randomUUID)(),
        ...(request.displayName === undefined ? {} : { app_displayname: request.displayName }),
        appid: request.clientId,
        appidacr: request.appidacr,
        azp: request.clientId,
        idp: `${tenant.authority}/`,
        idtyp: 'app',
        oid: request.objectId,
        rh: (0,external_node_crypto_.randomUUID)(),
        sub: request.objectId,
        tid: tenant.tenantId,
        uti: (0,external_node_crypto_.randomUUID)().replace(/-/g, ''),
        ver: '2.0',
    });
    return { accessToken, expiresOn };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/managed-identity-endpoint.js
/**
 * A managed identity endpoint for an emulated Azure host (e.g. the VM of a self-hosted agent), speaking App Service's
 * protocol (api-version 2019-08-01): `GET IDENTITY_ENDPOINT?resource=..&api-version=..[&client_id=|object_id=]` with
 * the `X-IDENTITY-HEADER` secret. It is the one ManagedIdentityCredential source whose URL comes from the environment
 * (IMDS is fixed at 169.254.169.254 over plain HTTP), so the real SDK can reach it over HTTPS on localhost.
 */



const managedIdentityPathPrefix = '/managed-identity';
const hostRoute = /^\/([0-9a-f-]{36})\/msi\/token$/;
const managed_identity_endpoint_supportedApiVersions = ['2019-08-01'];
/** App Service's error shape: MSAL reads `message` as the error description. */
function managed_identity_endpoint_fail(res, status, message) {
    http_json_sendJson(res, status, { statusCode: status, message, correlationId: (0,external_node_crypto_.randomUUID)() });
}
function headerMatches(expected, given) {
    if (typeof given !== 'string')
        return false;
    const b = Buffer.from(given);
    return b.length === expected.length && (0,external_node_crypto_.timingSafeEqual)(b, expected);
}
/** Picks the identity a request names, or the system-assigned one; a message when there is none. */
function selectIdentity(host, query) {
    const clientId = query.get('client_id');
    const objectId = query.get('object_id');
    if (query.get('mi_res_id'))
        return 'Selecting a managed identity by resource id (mi_res_id) is not supported by the emulator; use client_id.';
    if (clientId) {
        return host.userAssigned.find((p) => p.clientId.toLowerCase() === clientId.toLowerCase()) ??
            `No user-assigned managed identity with client_id '${clientId}' is assigned to this host. Assign it, or fix the client id.`;
    }
    if (objectId) {
        return host.userAssigned.find((p) => p.objectId.toLowerCase() === objectId.toLowerCase()) ??
            `No user-assigned managed identity with object_id '${objectId}' is assigned to this host.`;
    }
    return host.systemAssigned ??
        'This host has no system-assigned managed identity. Enable it, or pass the client id of a user-assigned identity.';
}
function register(opts, a) {
    // The registry issues a secret to credential-less principals; a managed identity has none, so it is dropped here.
    const { displayName, clientId, objectId } = opts.register({ displayName: a.displayName, ...(a.clientId ? { clientId: a.clientId } : {}), ...(a.objectId ? { objectId: a.objectId } : {}) });
    return { displayName, clientId, objectId };
}
/** Creates the endpoint; hosts are added with grant(). */
function createManagedIdentityEndpoint(opts) {
    const hosts = new Map();
    async function token(req, res, url, host) {
        if (req.method !== 'GET')
            return managed_identity_endpoint_fail(res, 405, `The managed identity endpoint answers GET, not ${req.method ?? ''}.`);
        if (!headerMatches(host.header, req.headers['x-identity-header'])) {
            return managed_identity_endpoint_fail(res, 401, 'The X-IDENTITY-HEADER header is missing or wrong: send the value of the IDENTITY_HEADER environment variable.');
        }
        const apiVersion = url.searchParams.get('api-version') ?? '';
        if (!managed_identity_endpoint_supportedApiVersions.includes(apiVersion)) {
            return managed_identity_endpoint_fail(res, 400, `api-version '${apiVersion}' is not supported; use ${managed_identity_endpoint_supportedApiVersions.join(', ')}.`);
        }
        const requested = (url.searchParams.get('resource') ?? '').replace(/\/+$/, '').toLowerCase();
        const resource = opts.resources().find((r) => r.replace(/\/+$/, '').toLowerCase() === requested);
        if (!resource)
            return managed_identity_endpoint_fail(res, 400, `Resource '${url.searchParams.get('resource') ?? ''}' is not a resource of tenant '${opts.tenantId}'.`);
        const identity = selectIdentity(host, url.searchParams);
        if (typeof identity === 'string')
            return managed_identity_endpoint_fail(res, 400, identity);
        const { accessToken, expiresOn } = await issueAppAccessToken(opts, {
            clientId: identity.clientId,
            objectId: identity.objectId,
            resource,
            appidacr: '2',
            nowMs: opts.now(),
            lifetimeSeconds: opts.accessTokenLifetimeSeconds(),
        });
        // App Service sends expires_on as a string of epoch seconds.
        http_json_sendJson(res, 200, { access_token: accessToken, expires_on: String(expiresOn), resource, token_type: 'Bearer', client_id: identity.clientId });
    }
    return {
        grant(registration) {
            if (!registration.systemAssigned && !(registration.userAssigned ?? []).length) {
                throw new Error('grantManagedIdentityHost: assign a systemAssigned identity, at least one userAssigned identity, or both.');
            }
            const hostId = (0,external_node_crypto_.randomUUID)();
            const header = (0,external_node_crypto_.randomBytes)(24).toString('base64url');
            const host = {
                header: Buffer.from(header),
                ...(registration.systemAssigned ? { systemAssigned: register(opts, registration.systemAssigned) } : {}),
                userAssigned: (registration.userAssigned ?? []).map((a) => register(opts, a)),
            };
            hosts.set(hostId, host);
            return {
                identityEndpoint: `${opts.issuerBaseUrl}${managedIdentityPathPrefix}/${hostId}/msi/token`,
                identityHeader: header,
                ...(host.systemAssigned ? { systemAssigned: host.systemAssigned } : {}),
                userAssigned: host.userAssigned,
            };
        },
        async handle(req, res, url) {
            const match = hostRoute.exec(url.pathname.slice(managedIdentityPathPrefix.length));
            if (!match)
                return false;
            const host = hosts.get(match[1] ?? '');
            if (!host)
                managed_identity_endpoint_fail(res, 404, 'No managed identity host at this IDENTITY_ENDPOINT: grant one with grantManagedIdentityHost.');
            else
                await token(req, res, url, host);
            return true;
        },
    };
}

// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwks/remote.js + 1 modules
var remote = __webpack_require__(87315);
;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/remote-issuer-keys.js
/** Signing keys of a federated issuer found the way Entra finds them: OIDC discovery, then its jwks_uri. */

/** Key lookup for `issuer`; discovery runs on first use and again after a failure. */
function discoveredIssuerKeys(issuer) {
    let keySet;
    const discover = async () => {
        const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
        const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        if (!response.ok)
            throw new Error(`GET ${url} answered ${response.status}`);
        const document = (await response.json());
        if (typeof document.jwks_uri !== 'string')
            throw new Error(`${url} has no jwks_uri`);
        return (0,remote/* createRemoteJWKSet */.RD)(new URL(document.jwks_uri));
    };
    return async (header, token) => {
        keySet ??= discover();
        try {
            return await (await keySet)(header, token);
        }
        catch (error) {
            keySet = undefined;
            throw error;
        }
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/openid-documents.js
/** OpenID discovery documents for the emulated Entra tenant, shaped like login.microsoftonline.com's. */
/** Endpoint URLs for `tenantId` on `issuerBaseUrl` (no trailing slash). */
function tenantEndpoints(issuerBaseUrl, tenantId) {
    const authority = `${issuerBaseUrl}/${tenantId}`;
    return {
        authority,
        issuerV2: `${authority}/v2.0`,
        tokenV2: `${authority}/oauth2/v2.0/token`,
        tokenV1: `${authority}/oauth2/token`,
        jwksV2: `${authority}/discovery/v2.0/keys`,
        jwksV1: `${authority}/discovery/keys`,
    };
}
/** `/{tenant}/v2.0/.well-known/openid-configuration`: MSAL requires authorization_endpoint, token_endpoint, issuer, jwks_uri. */
function openIdConfigurationV2(e, host) {
    return {
        token_endpoint: e.tokenV2,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: e.jwksV2,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        // MSAL accepts an issuer on the authority's own origin, which this is.
        issuer: e.issuerV2,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${e.authority}/openid/userinfo`,
        authorization_endpoint: `${e.authority}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${e.authority}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${e.authority}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'azp', 'appid', 'ver'],
        kerberos_endpoint: `${e.authority}/kerberos`,
        tenant_region_scope: null,
        cloud_instance_name: host,
        cloud_graph_host_name: host,
        msgraph_host: host,
        rbac_url: `https://${host}`,
    };
}
/** `/{tenant}/.well-known/openid-configuration` (v1 endpoints), for clients that still use them. */
function openIdConfigurationV1(e, host) {
    return {
        ...openIdConfigurationV2(e, host),
        token_endpoint: e.tokenV1,
        jwks_uri: e.jwksV1,
        authorization_endpoint: `${e.authority}/oauth2/authorize`,
        end_session_endpoint: `${e.authority}/oauth2/logout`,
        issuer: `${e.authority}/`,
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/service-principals.js
/** App registrations / service principals of the emulated tenant and their credentials (secret, certificate, federated). */

/** A secret shaped like Entra's (40 chars, `~` in position 4). */
function newClientSecret() {
    const body = (0,external_node_crypto_.randomBytes)(30).toString('base64url').slice(0, 37);
    return `${body.slice(0, 3)}8Q~${body.slice(3)}`;
}
function certificateOf(pem) {
    // The PEM may be a bundle holding the private key too (as ClientCertificateCredential takes it); keep the certificate.
    const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
    if (!block)
        throw new Error('certificatePem holds no "-----BEGIN CERTIFICATE-----" block; pass the PEM certificate of the key that signs assertions.');
    const der = new external_node_crypto_.X509Certificate(block).raw;
    return {
        x5t: (0,external_node_crypto_.createHash)('sha1').update(der).digest('base64url'),
        x5tS256: (0,external_node_crypto_.createHash)('sha256').update(der).digest('base64url'),
        certificatePem: block,
    };
}
function validateFederated(fic) {
    if (!fic.name || !fic.issuer || !fic.subject || !Array.isArray(fic.audiences) || fic.audiences.length === 0) {
        throw new Error(`Federated credential '${fic.name ?? '?'}' needs name, issuer, subject and at least one audience (usually api://AzureADTokenExchange).`);
    }
    return { name: fic.name, issuer: fic.issuer, subject: fic.subject, audiences: [...fic.audiences] };
}
/** True when `presented` equals the stored secret (constant time). */
function secretMatches(stored, presented) {
    if (stored === undefined)
        return false;
    const a = Buffer.from(stored);
    const b = Buffer.from(presented);
    return a.length === b.length && (0,external_node_crypto_.timingSafeEqual)(a, b);
}
/** An empty registry. */
function createServicePrincipalRegistry() {
    const records = new Map();
    const publicView = (r) => ({
        displayName: r.displayName,
        clientId: r.clientId,
        objectId: r.objectId,
    });
    return {
        register(registration) {
            if (!registration.displayName)
                throw new Error('registerServicePrincipal needs a displayName.');
            const certificates = registration.certificatePem ? [certificateOf(registration.certificatePem)] : [];
            const federatedCredentials = (registration.federatedCredentials ?? []).map(validateFederated);
            // With no credential at all, issue a secret as `az ad sp create-for-rbac` does.
            const clientSecret = registration.clientSecret ?? (certificates.length === 0 && federatedCredentials.length === 0 ? newClientSecret() : undefined);
            const record = {
                displayName: registration.displayName,
                clientId: registration.clientId ?? (0,external_node_crypto_.randomUUID)(),
                objectId: registration.objectId ?? (0,external_node_crypto_.randomUUID)(),
                certificates,
                federatedCredentials,
                ...(clientSecret === undefined ? {} : { clientSecret }),
            };
            records.set(record.clientId.toLowerCase(), record);
            return { ...publicView(record), ...(clientSecret === undefined ? {} : { clientSecret }) };
        },
        byClientId: (clientId) => records.get(clientId.toLowerCase()),
        byObjectId: (objectId) => [...records.values()].find((r) => r.objectId === objectId),
        // Secrets are returned once, at registration, as Entra does; listings never carry them.
        list: () => [...records.values()].map(publicView),
    };
}

// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/key/generate_key_pair.js
var generate_key_pair = __webpack_require__(59480);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/key/export.js
var key_export = __webpack_require__(17968);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwk/thumbprint.js
var thumbprint = __webpack_require__(7448);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwt/sign.js + 1 modules
var sign = __webpack_require__(72896);
;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/signing-key.js
/** RSA signing keys for the emulated tenant and the emulated GitHub issuer, published as JWKS like Entra's and GitHub's. */

/** Generates a fresh RS256 key; the emulator makes new keys at each start, as nothing outlives a run. */
async function createSigningKey() {
    const { publicKey, privateKey } = await (0,generate_key_pair/* generateKeyPair */.T)('RS256', { extractable: true });
    const publicJwk = await (0,key_export/* exportJWK */.JU)(publicKey);
    const kid = await (0,thumbprint/* calculateJwkThumbprint */.s)(publicJwk);
    const jwk = { ...publicJwk, kid, kty: 'RSA', use: 'sig', alg: 'RS256' };
    return {
        kid,
        publicKey,
        jwks: { keys: [jwk] },
        sign: (payload) => new sign/* SignJWT */.P(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, x5t: kid }).sign(privateKey),
    };
}

// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/key/import.js + 1 modules
var key_import = __webpack_require__(8137);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/util/decode_protected_header.js
var decode_protected_header = __webpack_require__(61196);
;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/client-authentication.js
/**
 * Authenticates the client of a client_credentials request the way Entra does: client secret, certificate-signed
 * client assertion (x5t / x5t#S256), or a federated assertion (e.g. a GitHub Actions ID token) matched against the
 * app's federated identity credentials and verified with its issuer's keys.
 */



const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Entra tolerates five minutes of clock skew on assertions. */
const client_authentication_clockSkewSeconds = 300;
function appNotFound(ctx, clientId) {
    return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${ctx.tenantId}'. This can happen if the ` +
        'application has not been installed by the administrator of the tenant or consented to by any user in the tenant. ' +
        'You may have sent your authentication request to the wrong tenant.');
}
function timeRangeError(ctx, payload) {
    const iso = (s) => (s === undefined ? 'unknown' : new Date(s * 1000).toISOString());
    return entraError(400, 'invalid_client', 700024, `Client assertion is not within its valid time range. Current time: ${new Date(ctx.now()).toISOString()}, ` +
        `assertion valid from ${iso(payload.nbf ?? payload.iat)}, expiry time of assertion ${iso(payload.exp)}.`);
}
function malformed() {
    return entraError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
}
/** Verifies signature and time window; maps jose errors onto Entra's codes. */
async function verifyAssertion(ctx, assertion, key, payload, algorithms) {
    try {
        const options = { currentDate: new Date(ctx.now()), clockTolerance: client_authentication_clockSkewSeconds, algorithms };
        // Two calls because jwtVerify's overloads take a key or a key getter, not their union.
        if (typeof key === 'function')
            await (0,verify/* jwtVerify */.V)(assertion, key, options);
        else
            await (0,verify/* jwtVerify */.V)(assertion, key, options);
    }
    catch (error) {
        if (error instanceof errors/* JWTExpired */.n)
            throw timeRangeError(ctx, payload);
        if (error instanceof errors/* JWTClaimValidationFailed */.ie && (error.claim === 'nbf' || error.claim === 'iat')) {
            throw timeRangeError(ctx, payload);
        }
        if (error instanceof errors/* JWSSignatureVerificationFailed */.h2 || error instanceof errors/* JWKSNoMatchingKey */.BT) {
            throw entraError(401, 'invalid_client', 50013, 'Assertion failed signature validation. [Reason - The key was not found.]');
        }
        if (error instanceof errors/* JOSEError */.i4)
            throw malformed();
        throw entraError(401, 'invalid_client', 50013, `Assertion failed signature validation: the issuer's signing keys could not be fetched (${error.message}).`);
    }
    if (payload.exp === undefined)
        throw timeRangeError(ctx, payload);
}
function audiencesOf(payload) {
    if (payload.aud === undefined)
        return [];
    return Array.isArray(payload.aud) ? payload.aud : [payload.aud];
}
async function certificateAssertion(ctx, app, assertion, header, payload) {
    const cert = app.certificates.find((c) => c.x5tS256 === header['x5t#S256'] || c.x5t === header.x5t);
    if (!cert) {
        throw entraError(401, 'invalid_client', 700027, `The certificate with identifier used to sign the client assertion is not registered on application '${app.clientId}'.`);
    }
    const alg = header.alg ?? 'RS256';
    if (!['RS256', 'PS256', 'ES256'].includes(alg))
        throw malformed();
    await verifyAssertion(ctx, assertion, await (0,key_import/* importX509 */.Mh)(cert.certificatePem, alg), payload, [alg]);
    if (payload.iss !== app.clientId || payload.sub !== app.clientId) {
        throw entraError(401, 'invalid_client', 700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
    }
    const audiences = audiencesOf(payload);
    if (!audiences.some((a) => ctx.assertionAudiences.includes(a))) {
        throw entraError(401, 'invalid_client', 700027, `Client assertion contains an invalid audience '${audiences.join(', ')}'; it must be the token endpoint ${ctx.assertionAudiences[0] ?? ''}.`);
    }
}
async function federatedAssertion(ctx, app, assertion, payload) {
    const audiences = audiencesOf(payload);
    // Entra matches issuer and subject exactly (case-sensitive), then requires one of the record's audiences.
    const match = app.federatedCredentials.find((f) => f.issuer === payload.iss && f.subject === payload.sub && f.audiences.some((a) => audiences.includes(a)));
    if (!match) {
        throw entraError(400, 'invalid_request', 70021, `No matching federated identity record found for presented assertion. Assertion Issuer: '${payload.iss ?? ''}'. ` +
            `Assertion Subject: '${payload.sub ?? ''}'. Assertion Audience: '${audiences.join(',')}'.`);
    }
    await verifyAssertion(ctx, assertion, ctx.issuerKeys(match.issuer), payload, ['RS256']);
}
/** Returns the authenticated app, or throws an EntraRequestError with the AADSTS code Entra would return. */
async function authenticateClient(ctx, form) {
    const clientId = form.get('client_id');
    if (!clientId) {
        throw entraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
    }
    const app = ctx.registry.byClientId(clientId);
    if (!app)
        throw appNotFound(ctx, clientId);
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
        if (!secretMatches(app.clientSecret, secret)) {
            throw entraError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
                `not the client secret ID, for a secret added to app '${app.clientId}'.`);
        }
        return app;
    }
    if (assertion === null) {
        throw entraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    if (form.get('client_assertion_type') !== jwtBearerAssertionType) {
        throw entraError(400, 'invalid_request', 700010, `client_assertion_type must be '${jwtBearerAssertionType}'.`);
    }
    let header;
    let payload;
    try {
        header = (0,decode_protected_header/* decodeProtectedHeader */._)(assertion);
        payload = (0,decode_jwt/* decodeJwt */.i)(assertion);
    }
    catch {
        throw malformed();
    }
    // A self-signed app assertion names the app as issuer; anything else is a federated token (GitHub tokens carry x5t too).
    if (payload.iss === app.clientId) {
        await certificateAssertion(ctx, app, assertion, header, payload);
    }
    else {
        await federatedAssertion(ctx, app, assertion, payload);
    }
    return app;
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/token-endpoint.js




/** Maps `https://management.azure.com/.default` to the registered resource `https://management.azure.com/`. */
function resourceForScope(scope, resources, tenantId) {
    const scopes = scope.split(' ').filter((s) => s.length > 0);
    const resourceScope = scopes.find((s) => s !== 'openid' && s !== 'profile' && s !== 'offline_access');
    if (!resourceScope || !resourceScope.endsWith('/.default')) {
        throw entraError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    const requested = resourceScope.slice(0, -'/.default'.length).replace(/\/+$/, '').toLowerCase();
    const resource = resources.find((r) => r.replace(/\/+$/, '').toLowerCase() === requested);
    if (!resource) {
        throw entraError(400, 'invalid_resource', 500011, `The resource principal named ${resourceScope.slice(0, -'.default'.length)} was not found in the tenant named ${tenantId}. ` +
            'This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.');
    }
    return resource;
}
async function issueToken(opts, form) {
    if (form.get('grant_type') !== 'client_credentials') {
        throw entraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'. The emulator supports client_credentials.`);
    }
    const scope = form.get('scope');
    if (!scope)
        throw entraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
    const resource = resourceForScope(scope, opts.resources(), opts.tenantId);
    const app = await authenticateClient(opts.client, form);
    const lifetime = opts.accessTokenLifetimeSeconds();
    const { accessToken } = await issueAppAccessToken(opts, {
        clientId: app.clientId,
        objectId: app.objectId,
        displayName: app.displayName,
        resource,
        appidacr: form.get('client_secret') !== null ? '1' : '2',
        nowMs: opts.client.now(),
        lifetimeSeconds: lifetime,
    });
    return { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken };
}
/** Answers a token request; never echoes the secret, assertion or token anywhere but the response body. */
async function handleTokenRequest(opts, req, res, body) {
    const correlationId = typeof req.headers['client-request-id'] === 'string' ? req.headers['client-request-id'] : undefined;
    try {
        if (req.method !== 'POST') {
            throw entraError(400, 'invalid_request', 900561, 'The endpoint only accepts POST requests. Received a ' + (req.method ?? '') + ' request.');
        }
        const contentType = String(req.headers['content-type'] ?? '');
        if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
            throw entraError(400, 'invalid_request', 900144, `The request body must be application/x-www-form-urlencoded and contain the parameter 'grant_type' (got content type '${contentType}').`);
        }
        const form = new URLSearchParams(body.toString('utf8'));
        const response = await issueToken(opts, form);
        http_json_sendJson(res, 200, response, correlationId ? { 'client-request-id': correlationId } : {});
    }
    catch (error) {
        if (!(error instanceof EntraRequestError))
            throw error;
        http_json_sendJson(res, error.detail.status, entraErrorBody(error.detail, opts.client.now(), correlationId, opts.authority));
    }
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/identity/index.js











/** Resources Entra would know in any tenant, in the spelling it puts into `aud`. */
const wellKnownResources = ['https://management.azure.com/', 'https://management.core.windows.net/', 'https://vault.azure.net', 'https://storage.azure.com'];
const tenantRoute = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|oauth2\/v2\.0\/token|oauth2\/token|discovery\/v2\.0\/keys|discovery\/keys)$/;
/** Creates the identity service; keys are generated here, so await it once at emulator start. */
async function createIdentityService(opts) {
    const [tenantKey, githubKey, azureDevopsKey] = await Promise.all([createSigningKey(), createSigningKey(), createSigningKey()]);
    const endpoints = tenantEndpoints(opts.issuerBaseUrl, opts.tenantId);
    const host = new URL(opts.issuerBaseUrl).host;
    const registry = createServicePrincipalRegistry();
    const github = createGithubOidcIssuer(opts.issuerBaseUrl, githubKey, opts.now);
    const azureDevops = createAzureDevopsOidc(opts.issuerBaseUrl, azureDevopsKey, opts.now);
    const remoteKeySets = new Map();
    const client = {
        tenantId: opts.tenantId,
        registry,
        now: opts.now,
        assertionAudiences: [endpoints.tokenV2, endpoints.tokenV1, endpoints.issuerV2, `${endpoints.authority}/`],
        issuerKeys(issuer) {
            if (issuer === github.issuer)
                return githubKey.publicKey;
            if (azureDevops.ownsIssuer(issuer))
                return azureDevopsKey.publicKey;
            // Any other issuer (e.g. token.actions.githubusercontent.com) is trusted through its published keys, as Entra does.
            let keys = remoteKeySets.get(issuer);
            if (!keys) {
                keys = discoveredIssuerKeys(issuer);
                remoteKeySets.set(issuer, keys);
            }
            return keys;
        },
    };
    const lifetime = opts.accessTokenLifetimeSeconds ?? 3600;
    const tokenOptions = {
        tenantId: opts.tenantId,
        issuer: endpoints.issuerV2,
        authority: endpoints.authority,
        resources: () => [...new Set([...wellKnownResources, opts.armAudience, ...(opts.extraResources ?? [])])],
        accessTokenLifetimeSeconds: () => lifetime,
        key: tenantKey,
        client,
    };
    const managedIdentity = createManagedIdentityEndpoint({
        issuerBaseUrl: opts.issuerBaseUrl,
        tenantId: opts.tenantId,
        issuer: endpoints.issuerV2,
        authority: endpoints.authority,
        resources: tokenOptions.resources,
        accessTokenLifetimeSeconds: tokenOptions.accessTokenLifetimeSeconds,
        key: tenantKey,
        now: opts.now,
        register: (registration) => registry.register(registration),
    });
    const owns = (path, prefix) => path === prefix || path.startsWith(`${prefix}/`);
    const tenantNotFound = (res, tenant) => {
        const detail = {
            status: 400,
            error: 'invalid_tenant',
            aadsts: 90002,
            message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. The emulator's tenant is '${opts.tenantId}'.`,
        };
        http_json_sendJson(res, 400, entraErrorBody(detail, opts.now(), undefined, endpoints.authority));
    };
    const armAuthOptions = {
        tenantId: opts.tenantId,
        issuer: endpoints.issuerV2,
        armAudience: opts.armAudience,
        authorizationUri: endpoints.authority,
        publicKey: tenantKey.publicKey,
        now: opts.now,
        displayNameOf: (objectId) => registry.byObjectId(objectId)?.displayName,
    };
    return {
        tenantId: opts.tenantId,
        githubIssuer: github.issuer,
        async handle(req, res, url, body) {
            if (url.pathname === githubOidcPathPrefix || url.pathname.startsWith(`${githubOidcPathPrefix}/`)) {
                return github.handle(req, res, url);
            }
            if (owns(url.pathname, azureDevopsPathPrefix))
                return azureDevops.handle(req, res, url);
            if (owns(url.pathname, managedIdentityPathPrefix))
                return managedIdentity.handle(req, res, url);
            const match = tenantRoute.exec(url.pathname);
            if (!match)
                return false;
            const [, tenant = '', route = ''] = match;
            if (tenant.toLowerCase() !== opts.tenantId.toLowerCase()) {
                tenantNotFound(res, tenant);
                return true;
            }
            switch (route) {
                case 'v2.0/.well-known/openid-configuration':
                    http_json_sendJson(res, 200, openIdConfigurationV2(endpoints, host));
                    return true;
                case '.well-known/openid-configuration':
                    http_json_sendJson(res, 200, openIdConfigurationV1(endpoints, host));
                    return true;
                case 'discovery/v2.0/keys':
                case 'discovery/keys':
                    http_json_sendJson(res, 200, tenantKey.jwks);
                    return true;
                default:
                    await handleTokenRequest(tokenOptions, req, res, body);
                    return true;
            }
        },
        authenticate: (header) => authenticateArmRequest(armAuthOptions, header),
        authenticateFor: (header, audience) => authenticateArmRequest({ ...armAuthOptions, audiences: [audience] }, header),
        registerServicePrincipal: (registration) => registry.register(registration),
        listServicePrincipals: () => registry.list(),
        grantGithubRun: (claims) => github.grant(claims),
        grantAzurePipelinesRun: (claims) => azureDevops.grant(claims),
        grantManagedIdentityHost: (registration) => managedIdentity.grant(registration),
    };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/wiring.js
/** Builds the identity service and the authorizer from src/emulator/identity and src/emulator/authz. */


async function createIdentityAndAuthz(opts) {
    return { identity: await createIdentityService(opts), authz: createAuthorizer(), armActionFor: armActionFor, scopeOf: arm_actions_scopeOf };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/index.js
/**
 * The local Azure the real SDKs talk to over HTTPS: ARM Microsoft.Compute galleries (+ resource groups, locations,
 * SKUs, managed images, disks, snapshots), an Entra-compatible authority, GitHub OIDC and RBAC, on one port.
 */
















const defaultTiming = { lroDurationMs: 1000, retryAfterSeconds: 1, replicationMsPerReplica: 2000 };
/** Starts an emulator; resolves once it listens. */
async function startEmulator(options = {}) {
    const host = options.host ?? '127.0.0.1';
    const store = options.stateFile ? createFileStore(options.stateFile) : createMemoryStore();
    const saved = store.load().meta;
    const tenantId = options.tenantId ?? saved?.tenantId ?? (0,external_node_crypto_.randomUUID)();
    const subscriptionId = options.subscriptionId ?? saved?.subscriptionId ?? (0,external_node_crypto_.randomUUID)();
    const armAudience = 'https://management.azure.com/';
    const timing = { ...defaultTiming, ...stripUndefined(options.timing ?? {}) };
    const clock = createEmulatorClock({ speed: options.clockSpeed ?? 1 });
    const ca = options.ca ?? (await createCertificateAuthority());
    const serverCert = await issueServerCertificate(ca);
    const tempDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'image-publish-emulator-'));
    const caCertFile = (0,external_node_path_.join)(tempDir, 'ca.pem');
    (0,external_node_fs_.writeFileSync)(caCertFile, ca.certPem);
    // Listen first: the identity service needs the final https://localhost:PORT as its issuer.
    let listener;
    const server = (0,external_node_https_.createServer)({ cert: serverCert.certPem, key: serverCert.keyPem }, (req, res) => {
        if (listener)
            listener(req, res);
        else
            res.destroy();
    });
    server.keepAliveTimeout = 5000;
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, host, () => resolve());
    });
    const port = server.address().port;
    const baseUrl = `https://localhost:${port}`;
    const { identity, authz, armActionFor, scopeOf } = await createIdentityAndAuthz({
        issuerBaseUrl: baseUrl,
        tenantId,
        armAudience,
        now: () => clock.now(),
    });
    const faults = createFaultInjector();
    const requestLog = createRequestLog();
    const state = createEmulatorState(store);
    const adminKey = options.adminKey ?? saved?.adminKey ?? (0,external_node_crypto_.randomBytes)(24).toString('base64url');
    const principal = identity.registerServicePrincipal({
        displayName: 'image-publish emulator default principal',
        // Same principal after a restart on the same state file, so saved credentials keep working.
        ...(saved && saved.tenantId === tenantId ? saved.defaultPrincipal : {}),
    });
    if (!principal.clientSecret)
        throw new Error('identity service did not issue a client secret for the default principal');
    authz.assign(principal.objectId, 'Contributor', `/subscriptions/${subscriptionId}`);
    const defaultPrincipal = { clientId: principal.clientId, clientSecret: principal.clientSecret, objectId: principal.objectId };
    const current = store.load();
    current.meta = { tenantId, subscriptionId, defaultPrincipal, adminKey };
    store.save(current);
    const scaleSets = createScaleSetControls(store, subscriptionId, () => clock.now());
    const admin = createAdminRoutes({
        adminKey, clock, faults, identity, authz, requestLog, state, scaleSets,
        info: () => ({ url: baseUrl, tenantId, subscriptionId, armAudience, caCertFile, defaultPrincipal, timing }),
    });
    const keyVault = createKeyVaultService({
        now: () => clock.now(),
        authenticate: (header, audience) => identity.authenticateFor(header, audience),
        authorizationUri: `${baseUrl}/${tenantId}`,
    });
    listener = createPipeline({
        baseUrl: () => `${baseUrl}/`, clock, store, timing, faults, identity, keyVault, authz, armActionFor, scopeOf, requestLog, admin,
        ...(options.log ? { log: options.log } : {}),
    });
    return {
        url: baseUrl,
        armEndpoint: `${baseUrl}/`,
        authorityHost: `${baseUrl}/`,
        armAudience,
        caCertPem: ca.certPem,
        caCertFile,
        tenantId,
        subscriptionId,
        defaultPrincipal,
        identity,
        authz,
        faults,
        requestLog: { entries: () => requestLog.entries(), clear: () => requestLog.clear() },
        clock,
        state,
        scaleSets,
        keyVault,
        keyVaultUrl: `${baseUrl}/`,
        adminKey,
        close: () => new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => {
                (0,external_node_fs_.rmSync)(tempDir, { recursive: true, force: true });
                resolve();
            });
        }),
    };
}
function stripUndefined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

;// CONCATENATED MODULE: ./.tmp/build/lib/emulator/emulator-cli.js
/**
 * `image-publish emulator` / `npm run emulator`: starts the emulator and prints how to use it. The printed client
 * secret is a local test credential of this emulator only; it is printed here and nowhere else.
 * Flags: --port N, --state-file PATH, --host H, --ca-cert PEM --ca-key PEM (issue the server certificate from this
 * CA), --quiet (no request lines), --json (print one JSON line with the connection details, for test harnesses).
 */



/** Runs the emulator until SIGINT/SIGTERM; resolves with the process exit code. */
async function runEmulatorCli(argv) {
    const { values } = (0,external_node_util_.parseArgs)({
        args: argv,
        options: {
            port: { type: 'string' },
            host: { type: 'string' },
            'state-file': { type: 'string' },
            quiet: { type: 'boolean' },
            json: { type: 'boolean' },
            'ca-cert': { type: 'string' },
            'ca-key': { type: 'string' },
        },
    });
    if ((values['ca-cert'] === undefined) !== (values['ca-key'] === undefined)) {
        console.error('--ca-cert and --ca-key go together: pass both PEM files, or neither to generate a CA');
        return 2;
    }
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`--port ${values.port}: expected a port number from 0 to 65535`);
        return 2;
    }
    const emulator = await startEmulator({
        port,
        ...(values.host ? { host: values.host } : {}),
        ...(values['state-file'] ? { stateFile: values['state-file'] } : {}),
        ...(values['ca-cert'] && values['ca-key'] ? { ca: { certPem: (0,external_node_fs_.readFileSync)(values['ca-cert'], 'utf8'), keyPem: (0,external_node_fs_.readFileSync)(values['ca-key'], 'utf8') } } : {}),
        ...(values.quiet || values.json ? {} : { log: (line) => console.log(line) }),
    });
    const stopped = new Promise((resolve) => {
        const stop = (signal) => {
            if (!values.json)
                console.log(`received ${signal}, stopping the emulator`);
            void emulator.close().then(() => resolve(0));
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
    });
    if (values.json) {
        const { url, armEndpoint, authorityHost, armAudience, caCertFile, tenantId, subscriptionId, defaultPrincipal, adminKey } = emulator;
        console.log(JSON.stringify({ url, armEndpoint, authorityHost, armAudience, caCertFile, tenantId, subscriptionId, defaultPrincipal, adminKey }));
    }
    else {
        printBanner(emulator);
    }
    return stopped;
}
function printBanner(emulator) {
    const p = emulator.defaultPrincipal;
    console.log(`image-publish Azure emulator
  endpoint (ARM + authority): ${emulator.armEndpoint}
  CA certificate:             ${emulator.caCertFile}
  tenant:                     ${emulator.tenantId}
  subscription:               ${emulator.subscriptionId}
  client id:                  ${p.clientId}
  client secret:              ${p.clientSecret}
  admin key (x-emulator-admin-key): ${emulator.adminKey}

# Use it from a shell:
export NODE_EXTRA_CA_CERTS='${emulator.caCertFile}'
export AZURE_TENANT_ID='${emulator.tenantId}'
export AZURE_SUBSCRIPTION_ID='${emulator.subscriptionId}'
export AZURE_CLIENT_ID='${p.clientId}'
export AZURE_CLIENT_SECRET='${p.clientSecret}'
export AZURE_AUTHORITY_HOST='${emulator.authorityHost}'
export IMAGE_PUBLISH_ARM_ENDPOINT='${emulator.armEndpoint}'

# Get a token and list galleries with curl:
TOKEN=$(curl -s --cacert "$NODE_EXTRA_CA_CERTS" -X POST "${emulator.authorityHost}$AZURE_TENANT_ID/oauth2/v2.0/token" \\
  -d grant_type=client_credentials -d client_id="$AZURE_CLIENT_ID" --data-urlencode client_secret="$AZURE_CLIENT_SECRET" \\
  --data-urlencode scope=${emulator.armAudience}.default | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
curl -s --cacert "$NODE_EXTRA_CA_CERTS" -H "Authorization: Bearer $TOKEN" \\
  "${emulator.armEndpoint}subscriptions/$AZURE_SUBSCRIPTION_ID/providers/Microsoft.Compute/galleries?api-version=2025-12-03"

Press Ctrl+C to stop.`);
}


/***/ })

};
