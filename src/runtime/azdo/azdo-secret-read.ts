import * as im from 'azure-pipelines-task-lib/internal.js';
import { azdoInputEnvName } from '../shared/input-names.js';

// task-lib's getInput and getEndpointAuthorizationParameter write `name=value` as a ##vso[task.debug] line
// before the caller can mask the value; secrets are therefore read from task-lib's vault directly, which
// is where _loadData moved every INPUT_ and ENDPOINT_AUTH_ variable at import.

/** A secret input's value without task-lib echoing it in debug output. */
export function readSecretInput(name: string): string | undefined {
  return im._vault.retrieveSecret(azdoInputEnvName(name)) ?? undefined;
}

/** A secret service-connection authorization parameter, read the same way. */
export function readSecretEndpointParameter(connectionId: string, key: string): string | undefined {
  return im._vault.retrieveSecret(`ENDPOINT_AUTH_PARAMETER_${connectionId}_${key.toUpperCase()}`) ?? undefined;
}
