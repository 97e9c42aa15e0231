import type { ErrorEntry } from './error-kinds.js';

/** Signing in and permissions: codes, kinds and troubleshooting text (docs/troubleshooting.md is generated from these). */
export const accessCodes = {
  authFailed: {
    code: 'E_AUTH_FAILED',
    kind: 'user',
    meaning: 'Entra ID refused the credential or Azure rejected the token (401).',
    fix:
      'Typical causes, all named in the message: wrong `client-id` / `tenant-id`, an expired client secret ' +
      'or certificate, a GitHub OIDC federated credential whose subject does not match the workflow ' +
      '(`repo:<owner>/<repo>:ref:...` or `:environment:...`), a missing `permissions: id-token: write`, or ' +
      'a `cloud` setting that does not match the tenant (`AADSTS` codes are explained inline). Fix the ' +
      'service connection or workflow identity and re-run.',
  },
  authorizationFailed: {
    code: 'E_AUTHORIZATION_FAILED',
    kind: 'user',
    meaning: 'The identity signed in but lacks a role.',
    fix:
      'The message reads `the identity <client id> needs role \'<role>\' (action <action>) on scope <scope>` ' +
      'and ends with the exact `az role assignment create` command, scoped to the resource group that ' +
      'holds `<scope>` (or the subscription), as docs/rbac.md recommends: never a resource the step has ' +
      'not created yet. Grant it (an administrator with Owner or User Access Administrator) and re-run ' +
      'after a few minutes; new assignments take time to apply. [docs/rbac.md](rbac.md) lists the least ' +
      'roles each step needs. For Key Vault signing or blob uploads signed in with Azure, the missing role ' +
      'is a data-plane role (`Key Vault Crypto User`, `Storage Blob Data Contributor`).',
  },
} as const satisfies Record<string, ErrorEntry>;
