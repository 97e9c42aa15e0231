/**
 * The local Azure the real SDKs talk to over HTTPS: ARM Microsoft.Compute galleries (+ resource groups, locations,
 * SKUs, managed images, disks, snapshots), an Entra-compatible authority, GitHub OIDC and RBAC, on one port.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdminRoutes } from './admin/admin-routes.js';
import type { Timing } from './arm/handler-types.js';
import type { Authorizer } from './authz/authz-types.js';
import { createEmulatorClock, type EmulatorClock } from './clock.js';
import { createFaultInjector, type FaultInjector } from './faults/fault-injector.js';
import type { IdentityService } from './identity/identity-types.js';
import { createPipeline } from './server/pipeline.js';
import { createArmThrottle, mergeThrottleLimits, type ThrottleLimits } from './server/arm-throttle.js';
import { createKeyVaultService, EMULATOR_KEY_VAULT_DNS_SUFFIX, type KeyVaultService } from './keyvault/keyvault-service.js';
import { DEFAULT_VAULT_NAME, keyVaultResourceId } from './keyvault/vault-resource.js';
import { createRequestLog, type RequestLogEntry } from './server/request-log.js';
import { createEmulatorState, type EmulatorStateApi } from './server/state-api.js';
import { createFileStore, createMemoryStore } from './store/state-store.js';
import { createCertificateAuthority, issueServerCertificate } from './tls.js';
import { createScaleSetControls, type ScaleSetControls } from './arm/vmss/vmss-controls.js';
import { createIdentityAndAuthz } from './wiring.js';

export type { EmulatorClock } from './clock.js';
export type { FaultAction, FaultInjector, FaultMatch } from './faults/fault-injector.js';
export type { RequestLogEntry } from './server/request-log.js';
export { azureThrottleLimits, type ThrottleLimits } from './server/arm-throttle.js';
export type { EmulatorStateApi, SeedResource } from './server/state-api.js';
export type { ScaleSetControls, SeedScaleSet } from './arm/vmss/vmss-controls.js';

export interface EmulatorOptions {
  /** Default 0 (random). */
  port?: number;
  /** Default 127.0.0.1; the certificate covers localhost, 127.0.0.1 and ::1. */
  host?: string;
  /** Use this CA to issue the server certificate (tests share one CA trusted via NODE_EXTRA_CA_CERTS). Default: generate one. */
  ca?: { certPem: string; keyPem: string };
  /** Persist state to this JSON file (atomic writes) so separate processes/restarts see one Azure. */
  stateFile?: string;
  /** Long-running operation timing. Durations are in emulated ms. */
  timing?: { lroDurationMs?: number; retryAfterSeconds?: number; replicationMsPerReplica?: number; imageBuilderPhaseMs?: number };
  /** Emulated ms per real ms (default 1); 0 = manual clock moved only by clock.advance(). */
  clockSpeed?: number;
  /** One line per request, with request id; Authorization is never included. */
  log?: (line: string) => void;
  /** Fixed ids, for reproducible runs; random by default. */
  tenantId?: string;
  subscriptionId?: string;
  /** Admin key for /_emulator/*; random by default. */
  adminKey?: string;
  /**
   * ARM's subscription request limits (token buckets, remaining-requests headers, 429 + Retry-After). Off unless
   * asked for, so tests on a manual clock never hit them by accident; `true` = Azure's published defaults;
   * an object replaces some of them (e.g. a tiny bucket in a test). `image-publish emulator` turns them on.
   */
  throttling?: boolean | Partial<ThrottleLimits>;
}

export interface EmulatorHandle {
  /** https://localhost:PORT */
  url: string;
  /** https://localhost:PORT/ */
  armEndpoint: string;
  /** https://localhost:PORT/ (the same server serves Entra-compatible routes). */
  authorityHost: string;
  /** Audience ARM tokens must carry: 'https://management.azure.com/'. */
  armAudience: string;
  caCertPem: string;
  /** Written to a temp dir; for NODE_EXTRA_CA_CERTS in child processes. */
  caCertFile: string;
  tenantId: string;
  subscriptionId: string;
  /**
   * Seeded service principal with Contributor on the subscription and Key Vault Crypto User on the default vault.
   * clientSecret is a secret.
   */
  defaultPrincipal: { clientId: string; clientSecret: string; objectId: string };
  identity: IdentityService;
  authz: Authorizer;
  faults: FaultInjector;
  /** entries() returns a copy of the log; clear() empties it. */
  requestLog: { entries(): RequestLogEntry[]; clear(): void };
  clock: EmulatorClock;
  state: EmulatorStateApi;
  /** Scale-set seeding and the health switch (also at /_emulator/scale-sets*). */
  scaleSets: ScaleSetControls;
  /**
   * Key Vault keys data plane, served for vault hosts https://<vault>.vault.localhost:<port>; keyVaultUrl is one such
   * vault (`createKey` seeds keys). Its 401 challenge names https://vault.localhost, which the SDK's default
   * challenge-resource check accepts for these hosts, as it accepts https://vault.azure.net for *.vault.azure.net.
   */
  keyVault: KeyVaultService;
  keyVaultUrl: string;
  /** The ARM resource id Key Vault's RBAC checks for a vault name (`keyVaultResourceId` in keyvault/vault-resource.ts). */
  keyVaultResourceId: (vaultName: string) => string;
  /** Key for the /_emulator/* admin API (header x-emulator-admin-key). */
  adminKey: string;
  close(): Promise<void>;
}

const defaultTiming: Timing = { lroDurationMs: 1000, retryAfterSeconds: 1, replicationMsPerReplica: 2000 };

/** Starts an emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const host = options.host ?? '127.0.0.1';
  const store = options.stateFile ? createFileStore(options.stateFile) : createMemoryStore();
  const saved = store.load().meta;
  const tenantId = options.tenantId ?? saved?.tenantId ?? randomUUID();
  const subscriptionId = options.subscriptionId ?? saved?.subscriptionId ?? randomUUID();
  const armAudience = 'https://management.azure.com/';
  const timing: Timing = { ...defaultTiming, ...stripUndefined(options.timing ?? {}) };
  const clock = createEmulatorClock({ speed: options.clockSpeed ?? 1 });
  const ca = options.ca ?? (await createCertificateAuthority());
  const serverCert = await issueServerCertificate(ca);
  const tempDir = mkdtempSync(join(tmpdir(), 'image-publish-emulator-'));
  const caCertFile = join(tempDir, 'ca.pem');
  writeFileSync(caCertFile, ca.certPem);

  // Listen first: the identity service needs the final https://localhost:PORT as its issuer.
  let listener: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server: Server = createServer({ cert: serverCert.certPem, key: serverCert.keyPem }, (req, res) => {
    if (listener) listener(req, res);
    else res.destroy();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `https://localhost:${port}`;

  const keyVaultResource = `https://${EMULATOR_KEY_VAULT_DNS_SUFFIX}`;
  const { identity, authz, armActionFor, scopeOf } = await createIdentityAndAuthz({
    extraResources: [keyVaultResource],
    issuerBaseUrl: baseUrl,
    tenantId,
    armAudience,
    now: () => clock.now(),
    clockSpeed: () => clock.speed,
  });
  const faults = createFaultInjector();
  const requestLog = createRequestLog();
  const state = createEmulatorState(store);
  const adminKey = options.adminKey ?? saved?.adminKey ?? randomBytes(24).toString('base64url');
  const principal = identity.registerServicePrincipal({
    displayName: 'image-publish emulator default principal',
    // Same principal after a restart on the same state file, so saved credentials keep working.
    ...(saved && saved.tenantId === tenantId ? saved.defaultPrincipal : {}),
  });
  if (!principal.clientSecret) throw new Error('identity service did not issue a client secret for the default principal');
  authz.assign(principal.objectId, 'Contributor', `/subscriptions/${subscriptionId}`);
  // Contributor grants no data actions; signing with the default vault's keys needs Key Vault Crypto User on it.
  authz.assign(principal.objectId, 'Key Vault Crypto User', keyVaultResourceId(subscriptionId, DEFAULT_VAULT_NAME));
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
    resource: keyVaultResource,
    authenticate: (header, audience) => identity.authenticateFor(header, audience),
    authorizationUri: `${baseUrl}/${tenantId}`,
    rbac: {
      vaultResourceId: (vaultName) => keyVaultResourceId(subscriptionId, vaultName),
      allowsDataAction: (objectId, dataAction, scope) => authz.allowsDataAction(objectId, dataAction, scope),
    },
  });
  listener = createPipeline({
    baseUrl: () => `${baseUrl}/`, clock, store, timing, faults, identity, keyVault, authz, armActionFor, scopeOf, requestLog, admin,
    ...(options.throttling ? { throttle: createArmThrottle(mergeThrottleLimits(options.throttling === true ? undefined : options.throttling)) } : {}),
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
    keyVaultUrl: `https://${DEFAULT_VAULT_NAME}.${EMULATOR_KEY_VAULT_DNS_SUFFIX}:${port}/`,
    keyVaultResourceId: (vaultName) => keyVaultResourceId(subscriptionId, vaultName),
    adminKey,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(tempDir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
