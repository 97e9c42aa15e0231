import type { IncomingMessage, ServerResponse } from 'node:http';

/** A caller ARM has authenticated: what a validated bearer token says. */
export interface Principal {
  /** Object id (`oid` claim): what role assignments are keyed by. */
  objectId: string;
  /** Application (client) id (`appid` / `azp` claim). */
  clientId: string;
  tenantId: string;
  displayName: string;
}

export type AuthenticationResult =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401; code: string; message: string; wwwAuthenticate: string };

/** A GitHub Actions OIDC trust, as configured on an Entra app registration. */
export interface FederatedCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface ServicePrincipalRegistration {
  displayName: string;
  clientId?: string;
  objectId?: string;
  clientSecret?: string;
  /** PEM certificate whose key signs client assertions (certificate credential). */
  certificatePem?: string;
  federatedCredentials?: FederatedCredential[];
}

export interface RegisteredServicePrincipal {
  displayName: string;
  clientId: string;
  objectId: string;
  clientSecret?: string;
}

/** Claims of a GitHub Actions ID token minted by the emulator's ACTIONS_ID_TOKEN_REQUEST_URL endpoint. */
export interface GithubRunClaims {
  repository: string;
  ref: string;
  sha?: string;
  workflow?: string;
  actor?: string;
  runId?: string;
  /** Defaults to `repo:<repository>:ref:<ref>`. */
  subject?: string;
  environment?: string;
}

export interface GithubRunGrant {
  /** Value for ACTIONS_ID_TOKEN_REQUEST_URL. */
  requestUrl: string;
  /** Value for ACTIONS_ID_TOKEN_REQUEST_TOKEN (a secret, mask it). */
  requestToken: string;
}

/** Entra-compatible authority + GitHub-compatible OIDC issuer + ARM bearer validation. */
export interface IdentityService {
  readonly tenantId: string;
  /** Issuer URL of the emulated GitHub Actions OIDC provider. */
  readonly githubIssuer: string;
  /**
   * Serves the authority and OIDC routes it owns (openid-configuration, token, keys, GitHub ID token);
   * returns false for any other path so the ARM pipeline can take it.
   */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean>;
  /** Validates an ARM `Authorization` header: signature, issuer, audience, expiry. */
  authenticate(authorizationHeader: string | undefined): Promise<AuthenticationResult>;
  /** The same checks for another resource's data plane (e.g. Key Vault): only `audience` is accepted. */
  authenticateFor(authorizationHeader: string | undefined, audience: string): Promise<AuthenticationResult>;
  registerServicePrincipal(registration: ServicePrincipalRegistration): RegisteredServicePrincipal;
  listServicePrincipals(): RegisteredServicePrincipal[];
  /** Lets a test or runner simulation obtain GitHub ID tokens with these claims. */
  grantGithubRun(claims: GithubRunClaims): GithubRunGrant;
  /** Lets a test or agent simulation obtain Azure DevOps ID tokens for one service connection (SYSTEM_OIDCREQUESTURI). */
  grantAzurePipelinesRun(claims: AzurePipelinesRunClaims): AzurePipelinesRunGrant;
  /** Registers the host's managed identities as principals and returns its IDENTITY_ENDPOINT / IDENTITY_HEADER. */
  grantManagedIdentityHost(registration: ManagedIdentityHostRegistration): ManagedIdentityHostGrant;
}

/** An Azure DevOps job allowed to use one AzureRM service connection (workload identity federation). */
export interface AzurePipelinesRunClaims {
  /** Organization name, as in https://dev.azure.com/{organization}. */
  organization: string;
  /** Project name. */
  project: string;
  serviceConnectionName: string;
  /** Service connection id (GUID): what AzurePipelinesCredential sends as `serviceConnectionId`. */
  serviceConnectionId: string;
  /** Defaults to `sc://{organization}/{project}/{serviceConnectionName}`, as Azure DevOps issues it. */
  subject?: string;
}

export interface AzurePipelinesRunGrant {
  /** Value for the System.OidcRequestUri variable (SYSTEM_OIDCREQUESTURI), without a query as the agent sets it. */
  oidcRequestUri: string;
  /** Value for System.AccessToken (a secret, mask it). */
  systemAccessToken: string;
  /** `iss` of the ID tokens, the emulated https://vstoken.dev.azure.com/{organizationId}. */
  issuer: string;
  /** `sub` of the ID tokens. */
  subject: string;
  organizationId: string;
}

/** An identity assigned to an emulated Azure host (the VM of a self-hosted agent). */
export interface ManagedIdentityAssignment {
  displayName: string;
  clientId?: string;
  objectId?: string;
}

/** A host with managed identities, reachable like App Service's local identity endpoint. */
export interface ManagedIdentityHostRegistration {
  /** The identity used when a request names none. */
  systemAssigned?: ManagedIdentityAssignment;
  /** Identities selected with `client_id` / `object_id`. */
  userAssigned?: ManagedIdentityAssignment[];
}

export interface ManagedIdentityHostGrant {
  /** Value for IDENTITY_ENDPOINT. */
  identityEndpoint: string;
  /** Value for IDENTITY_HEADER (a secret, mask it). */
  identityHeader: string;
  systemAssigned?: RegisteredServicePrincipal;
  userAssigned: RegisteredServicePrincipal[];
}
