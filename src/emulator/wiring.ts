/** Builds the identity service and the authorizer from src/emulator/identity and src/emulator/authz. */
import { armActionFor, createAuthorizer, scopeOf } from './authz/index.js';
import type { Authorizer } from './authz/authz-types.js';
import { createIdentityService } from './identity/index.js';
import type { IdentityService } from './identity/identity-types.js';

export interface IdentityFactoryOptions {
  issuerBaseUrl: string;
  tenantId: string;
  armAudience: string;
  now: () => number;
  /** Emulated ms per real ms (token lifetimes scale with it: src/emulator/identity/index.ts). */
  clockSpeed?: () => number;
  /** Data-plane resources tokens may be issued for besides the well-known ones (the emulator's Key Vault). */
  extraResources?: string[];
}

export interface IdentityAndAuthz {
  identity: IdentityService;
  authz: Authorizer;
  armActionFor: (method: string, resourcePath: string) => string;
  /** The resource id a request path acts on (collections -> parent), for role assignment scope checks. */
  scopeOf: (resourcePath: string) => string;
}

export async function createIdentityAndAuthz(opts: IdentityFactoryOptions): Promise<IdentityAndAuthz> {
  return { identity: await createIdentityService(opts), authz: createAuthorizer(), armActionFor, scopeOf };
}
