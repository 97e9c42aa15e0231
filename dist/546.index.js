export const id = 546;
export const ids = [546];
export const modules = {

/***/ 46546:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAzdoStep: () => (/* binding */ runAzdoStep)
});

// EXTERNAL MODULE: ./node_modules/azure-pipelines-task-lib/task.js
var task = __webpack_require__(70358);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./.tmp/build/lib/steps/registry.js + 396 modules
var registry = __webpack_require__(53467);
// EXTERNAL MODULE: ./.tmp/build/lib/runtime/shared/execute-step.js + 3 modules
var execute_step = __webpack_require__(36082);
// EXTERNAL MODULE: ./.tmp/build/lib/runtime/shared/failure.js
var shared_failure = __webpack_require__(4339);
// EXTERNAL MODULE: ./.tmp/build/lib/runtime/shared/input-names.js
var input_names = __webpack_require__(58724);
// EXTERNAL MODULE: ./.tmp/build/lib/runtime/shared/run-info.js
var run_info = __webpack_require__(59993);
// EXTERNAL MODULE: ./.tmp/build/lib/runtime/shared/secret-scrubber.js
var secret_scrubber = __webpack_require__(15062);
// EXTERNAL MODULE: ./.tmp/build/lib/runtime/shared/summary-render.js
var summary_render = __webpack_require__(65630);
// EXTERNAL MODULE: ./node_modules/azure-pipelines-task-lib/internal.js
var internal = __webpack_require__(28202);
// EXTERNAL MODULE: ./.tmp/build/lib/core/azure/credentials.js + 167 modules
var credentials = __webpack_require__(98328);
// EXTERNAL MODULE: ./.tmp/build/lib/core/errors.js
var errors = __webpack_require__(7227);
// EXTERNAL MODULE: ./.tmp/build/lib/steps/common-inputs.js
var common_inputs = __webpack_require__(72529);
;// CONCATENATED MODULE: ./.tmp/build/lib/runtime/azdo/azdo-secret-read.js


// task-lib's getInput and getEndpointAuthorizationParameter write `name=value` as a ##vso[task.debug] line
// before the caller can mask the value; secrets are therefore read from task-lib's vault directly, which
// is where _loadData moved every INPUT_ and ENDPOINT_AUTH_ variable at import.
/** A secret input's value without task-lib echoing it in debug output. */
function readSecretInput(name) {
    return internal._vault.retrieveSecret((0,input_names/* azdoInputEnvName */.pD)(name)) ?? undefined;
}
/** A secret service-connection authorization parameter, read the same way. */
function readSecretEndpointParameter(connectionId, key) {
    return internal._vault.retrieveSecret(`ENDPOINT_AUTH_PARAMETER_${connectionId}_${key.toUpperCase()}`) ?? undefined;
}

;// CONCATENATED MODULE: ./.tmp/build/lib/runtime/azdo/azdo-credential.js






const KNOWN_ENVIRONMENTS = ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'];
function connectionId(parsed) {
    const id = parsed[common_inputs/* AZURE_SUBSCRIPTION_INPUT */.J3];
    if (typeof id !== 'string') {
        throw new errors/* ConfigurationError */.j1(errors/* ErrorCodes */.tG.inputMissing, `Input 'azureSubscription' is required: this run signs in to Azure. Choose an Azure Resource Manager service connection.`);
    }
    return id;
}
function param(id, key) {
    return task.getEndpointAuthorizationParameter(id, key, true) || undefined;
}
/**
 * The job access token, without task-lib's `name=value` debug echo (tl.getVariable prints it in a task.debug line).
 * An explicit System.AccessToken (secret variable, or `env: SYSTEM_ACCESSTOKEN`) wins; otherwise the
 * SYSTEMVSSCONNECTION endpoint the agent hands every task, where Microsoft's own AzureRM tasks read it.
 */
function systemAccessToken() {
    const explicit = internal._vault.retrieveSecret('SECRET_SYSTEM_ACCESSTOKEN') || process.env.SYSTEM_ACCESSTOKEN;
    if (explicit)
        return explicit;
    const vss = task.getEndpointAuthorization('SYSTEMVSSCONNECTION', true);
    return vss?.scheme?.toLowerCase() === 'oauth' ? vss.parameters.AccessToken || undefined : undefined;
}
/** Maps the AzureRM service connection's scheme to a credential spec (secrets read without debug echo). */
function azdoCredentialSpec(parsed, mask) {
    const id = connectionId(parsed);
    const scheme = task.getEndpointAuthorizationScheme(id, true) ?? '';
    const clientId = param(id, 'serviceprincipalid') ?? '';
    const tenantId = param(id, 'tenantid') ?? '';
    switch (scheme.toLowerCase()) {
        case 'serviceprincipal': {
            if ((param(id, 'authenticationType') ?? 'spnKey').toLowerCase() === 'spncertificate') {
                const certificatePem = readSecretEndpointParameter(id, 'servicePrincipalCertificate') ?? '';
                mask(certificatePem);
                return { kind: 'client-certificate', clientId, tenantId, certificatePem };
            }
            const clientSecret = readSecretEndpointParameter(id, 'serviceprincipalkey') ?? '';
            mask(clientSecret);
            return { kind: 'client-secret', clientId, tenantId, clientSecret };
        }
        case 'workloadidentityfederation': {
            const token = systemAccessToken();
            if (!token) {
                throw new errors/* ConfigurationError */.j1(errors/* ErrorCodes */.tG.authFailed, `Service connection '${id}' uses workload identity federation, which needs the job access token, and the agent provided none ` +
                    `(no SYSTEMVSSCONNECTION endpoint). Add 'env: { SYSTEM_ACCESSTOKEN: $(System.AccessToken) }' to the task.`);
            }
            mask(token);
            // AzurePipelinesCredential reads this from the environment itself; say what is missing instead of its generic text.
            if (!process.env.SYSTEM_OIDCREQUESTURI) {
                throw new errors/* ConfigurationError */.j1(errors/* ErrorCodes */.tG.authFailed, `Service connection '${id}' uses workload identity federation, which needs the System.OidcRequestUri variable (SYSTEM_OIDCREQUESTURI), ` +
                    'and it is not set: run the task on a current Azure Pipelines agent, in a pipeline job (not a local run).');
            }
            return { kind: 'azure-pipelines', clientId, tenantId, serviceConnectionId: id, systemAccessToken: token };
        }
        case 'managedserviceidentity':
            return { kind: 'managed-identity' };
        default:
            throw new errors/* ConfigurationError */.j1(errors/* ErrorCodes */.tG.authFailed, `Service connection '${id}' has authorization scheme '${scheme || 'none'}'. Use an Azure Resource Manager connection with workload identity federation, a service principal or a managed identity.`);
    }
}
/** The TokenCredential for an Azure DevOps run. */
function azdoCredential(parsed, cloud, mask) {
    return (0,credentials/* createCredential */.G)(azdoCredentialSpec(parsed, mask), cloud);
}
/** Subscription id stored on the service connection; without a connection, the step cannot reach Azure at all. */
function azdoSubscriptionId(parsed) {
    return task.getEndpointDataParameter(connectionId(parsed), 'subscriptionId', true) || undefined;
}
/** The service connection's cloud: a named environment, or its URLs for Azure Stack and custom clouds. */
function azdoCloud(parsed) {
    const id = parsed[common_inputs/* AZURE_SUBSCRIPTION_INPUT */.J3];
    if (typeof id !== 'string')
        return undefined;
    const environment = task.getEndpointDataParameter(id, 'environment', true) || 'AzureCloud';
    if (KNOWN_ENVIRONMENTS.includes(environment))
        return { cloud: environment };
    const armEndpoint = task.getEndpointUrl(id, true) || undefined;
    const authorityHost = task.getEndpointDataParameter(id, 'activeDirectoryAuthority', true) || undefined;
    // AzureRM connections to Azure Stack and custom clouds carry the token audience under this name.
    const armAudience = task.getEndpointDataParameter(id, 'activeDirectoryServiceEndpointResourceId', true) || undefined;
    return { cloud: 'Custom', armEndpoint, authorityHost, armAudience };
}

;// CONCATENATED MODULE: ./.tmp/build/lib/runtime/azdo/azdo-logger.js

/** Logger on azure-pipelines-task-lib: ##vso issues and ##[group] markers; every line scrubbed first. */
class AzdoLogger {
    scrubber;
    constructor(scrubber) {
        this.scrubber = scrubber;
    }
    debug(message) {
        task.debug(this.scrubber.scrub(message));
    }
    info(message) {
        console.log(this.scrubber.scrub(message));
    }
    warn(message, annotation) {
        this.issue(task.IssueType.Warning, message, annotation);
    }
    error(message, annotation) {
        this.issue(task.IssueType.Error, message, annotation);
    }
    async group(title, fn) {
        console.log(`##[group]${this.scrubber.scrub(title)}`);
        try {
            return await fn();
        }
        finally {
            console.log('##[endgroup]');
        }
    }
    mask(secret) {
        this.scrubber.add(secret);
        // The agent refuses multi-line secrets; each line is masked on its own instead.
        for (const line of secret.split(/\r?\n/))
            if (line.trim() !== '')
                task.setSecret(line);
    }
    issue(type, message, annotation) {
        const text = this.scrubber.scrub(annotation?.title === undefined ? message : `${annotation.title}: ${message}`);
        task.logIssue(type, text, annotation?.file, annotation?.line, annotation?.column);
    }
}

;// CONCATENATED MODULE: ./.tmp/build/lib/runtime/azdo/azdo-runtime.js














/** Entry of every Azure DevOps task (tasks/<Task>V1). */
async function runAzdoStep(stepName, list = registry/* steps */.C) {
    const step = (0,registry/* findStep */.M)(stepName, list);
    if (step === undefined) {
        task.setResult(task.TaskResult.Failed, `E_INPUT_INVALID: no step named '${stepName}'. Rebuild the extension.`);
        return;
    }
    const scrubber = new secret_scrubber/* SecretScrubber */.d();
    const logger = new AzdoLogger(scrubber);
    const workRoot = process.env.AGENT_TEMPDIRECTORY ?? (0,external_node_os_.tmpdir)();
    const outcome = await (0,execute_step/* executeStep */.I)(step, {
        platform: 'azdo',
        logger,
        readInput: (inputName, spec) => spec.secret
            ? readSecretInput(inputName)
            : spec.type === 'path'
                ? // An empty filePath input arrives as the sources folder; filePathSupplied tells it from a real path.
                    task.filePathSupplied(inputName)
                        ? task.getPathInput(inputName, false)
                        : undefined
                : task.getInput(inputName, false),
        run: (0,run_info/* azdoRunInfo */.It)(process.env),
        workDir: await (0,promises_.mkdtemp)((0,external_node_path_.join)(workRoot, `image-publish-${step.name}-`)),
        credential: (parsed, cloud) => azdoCredential(parsed, cloud, (s) => logger.mask(s)),
        defaultSubscriptionId: azdoSubscriptionId,
        defaultCloud: azdoCloud,
    });
    // Output variables and the summary are written on failure too, so a re-run or a later job can resume.
    writeOutputs(outcome.outputs, step, logger);
    const failure = outcome.status === 'failed' ? scrubber.scrub((0,shared_failure/* failureText */.kY)(outcome.error)) : undefined;
    const summary = outcome.summary ?? (failure === undefined ? undefined : { title: step.title, sections: [] });
    if (summary !== undefined) {
        const file = (0,external_node_path_.join)(workRoot, `image-publish-${step.name}-summary.md`);
        await (0,promises_.writeFile)(file, scrubber.scrub((0,summary_render/* renderMarkdown */.Gc)(summary, failure)));
        task.uploadSummary(file);
    }
    if (outcome.status === 'failed') {
        const stack = (0,shared_failure/* failureStack */.Rr)(outcome.error);
        if (isDebug() && stack !== undefined)
            task.debug(scrubber.scrub(stack));
        task.setResult(task.TaskResult.Failed, failure ?? 'unexpected error');
        // task-lib only sends task.complete; a non-zero exit also fails the step under agents or wrappers that ignore it.
        process.exitCode = 1;
        return;
    }
    for (const warning of outcome.warnings)
        logger.warn(warning);
    if (outcome.status === 'succeeded-with-issues') {
        // Each warning is its own issue above; the result message only counts them, so none is reported twice.
        const count = outcome.warnings.length;
        task.setResult(task.TaskResult.SucceededWithIssues, `Finished with ${count} warning${count === 1 ? '' : 's'}.`);
    }
    else {
        task.setResult(task.TaskResult.Succeeded, '');
    }
}
function isDebug() {
    return (task.getVariable('System.Debug') ?? '').toLowerCase() === 'true';
}
function writeOutputs(outputs, step, logger) {
    for (const [name, value] of Object.entries(outputs)) {
        const secret = step.outputs[name]?.secret === true;
        const text = String(value);
        if (secret && text !== '')
            logger.mask(text);
        task.setVariable((0,input_names/* azdoOutputName */.rZ)(name), text, secret, true);
    }
}


/***/ })

};
