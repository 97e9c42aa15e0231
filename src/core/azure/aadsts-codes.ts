/**
 * Entra (AADSTS) sign-in errors users hit from CI, each with what it means for this tool and what to change.
 * The raw Entra text is long and mentions concepts (assertions, federated records) a pipeline author may
 * never have seen; this says which setting to fix.
 */
const explanations: Readonly<Record<string, string>> = {
  '70021':
    "no federated credential on the app registration matches the presented ID token. The federated credential's " +
    "issuer must be https://token.actions.githubusercontent.com, its audience api://AzureADTokenExchange, and its subject " +
    "exactly the run's, e.g. 'repo:org/repo:ref:refs/heads/main' (or 'repo:org/repo:environment:prod' when the job uses an " +
    'environment, or repo:org/repo:pull_request). On Azure DevOps, use the issuer and subject the service connection shows ' +
    "(https://vstoken.dev.azure.com/<organization id> and 'sc://org/project/service-connection-name'). " +
    'Check the app registration > Certificates & secrets > Federated credentials.',
  '700211': "the ID token's issuer matches no federated credential: check the federated credential's issuer on the app registration.",
  '700212': "the ID token's audience matches no federated credential: the audience must be api://AzureADTokenExchange (or the sovereign-cloud variant for cloud).",
  '700213':
    "the ID token's subject matches no federated credential: the subject must be exactly the run's, e.g. " +
    "'repo:org/repo:ref:refs/heads/main' — check the app registration's federated credentials.",
  '700024': 'the client assertion (ID token) has expired or is not yet valid: check the runner clock; a fresh token is requested on each refresh.',
  '700016': 'the application (client-id) was not found in the tenant: check client-id and tenant-id, and that the app registration exists in that tenant.',
  '7000215': 'the client secret is wrong: use the secret VALUE (not its ID) from the app registration, and check it belongs to this client-id.',
  '7000222': 'the client secret has expired: create a new secret on the app registration and update the pipeline secret.',
  '700027': "the client assertion's signature is invalid: the certificate used to sign is not the one uploaded to the app registration.",
  '7000112': 'the application is disabled in the tenant: ask an administrator to enable the app registration / service principal.',
  '90002': 'the tenant was not found: check tenant-id (the Directory ID) and the cloud setting (a tenant in one cloud is unknown in another).',
  '900023': 'the tenant id is malformed: use the Directory (tenant) ID GUID or a verified domain name.',
  '500011': "the resource (ARM audience) was not found in the tenant: check the cloud / arm-audience settings match the tenant's cloud.",
  '50053': 'the account is locked after too many sign-in attempts: wait, or use a different credential.',
  '53003': 'Conditional Access blocked the sign-in: exclude the workload identity from the policy or use a compliant location.',
};

/** The first AADSTS code in `text`, if any. */
export function findAadstsCode(text: string): string | undefined {
  return /AADSTS(\d{5,7})/.exec(text)?.[1];
}

/** A sentence explaining an AADSTS code, or a generic pointer to the Entra error lookup. */
export function explainAadsts(code: string): string {
  return (
    explanations[code] ??
    `look the code up at https://login.microsoftonline.com/error?code=${code} and check client-id, tenant-id and the credential.`
  );
}
