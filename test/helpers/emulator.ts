/**
 * Starts in-process emulators whose certificate comes from the run's test CA (see test/setup/global-setup.ts),
 * and builds real SDK clients against them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ClientSecretCredential } from '@azure/identity';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator/index.js';

/** The run's test CA; fails with a fix hint when global setup did not run. */
export function loadTestCa(): { certPem: string; keyPem: string } {
  const dir = process.env.IMAGE_PUBLISH_TEST_CA_DIR;
  if (!dir) throw new Error('IMAGE_PUBLISH_TEST_CA_DIR is not set: run tests through vitest.config.ts (globalSetup test/setup/global-setup.ts).');
  return { certPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'ca.key.pem'), 'utf8') };
}

/** Fast timings for tests: LROs finish at the first poll unless a test asks otherwise. */
export const fastTiming = { lroDurationMs: 0, retryAfterSeconds: 0, replicationMsPerReplica: 0 };

/** Starts an emulator trusted by this process (through the test CA). */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  return startEmulator({ timing: fastTiming, ...options, ca: options.ca ?? loadTestCa() });
}

/** Starts one emulator for the file (beforeAll) and closes it (afterAll); read `.current` inside tests. */
export function useEmulator(options: EmulatorOptions = {}): { current: EmulatorHandle } {
  const ref = {} as { current: EmulatorHandle };
  beforeAll(async () => {
    ref.current = await startTestEmulator(options);
  });
  afterAll(async () => {
    await ref.current?.close();
  });
  return ref;
}

/** A credential for the emulator's default principal, through its token endpoint. */
export function emulatorCredential(emulator: EmulatorHandle): ClientSecretCredential {
  return new ClientSecretCredential(emulator.tenantId, emulator.defaultPrincipal.clientId, emulator.defaultPrincipal.clientSecret, {
    authorityHost: emulator.authorityHost,
    disableInstanceDiscovery: true,
  });
}

/** The real ComputeManagementClient pointed at the emulator as a custom cloud. */
export function computeClient(emulator: EmulatorHandle, options: { retryDelayMs?: number; maxRetries?: number } = {}): ComputeManagementClient {
  return new ComputeManagementClient(emulatorCredential(emulator), emulator.subscriptionId, {
    endpoint: emulator.armEndpoint,
    credentials: { scopes: [`${emulator.armAudience}.default`] },
    retryOptions: { retryDelayInMs: options.retryDelayMs ?? 10, maxRetryDelayInMs: 200, ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}) },
  });
}

/** A raw ARM call with a real token from the emulator's token endpoint; for what the SDK cannot send. */
export async function armFetch(
  emulator: EmulatorHandle,
  method: string,
  pathAndQuery: string,
  body?: unknown,
  headers: Record<string, string> = {},
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw ARM JSON, read field by field by the tests that assert on it
): Promise<{ status: number; headers: Headers; body: any }> {
  const token = await emulatorCredential(emulator).getToken(`${emulator.armAudience}.default`);
  const res = await fetch(new URL(pathAndQuery.replace(/^\//, ''), emulator.armEndpoint), {
    method,
    headers: { authorization: `Bearer ${token.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** Calls the emulator's admin API (for emulators in other processes; in-process tests can use the handle). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw ARM JSON, read field by field by the tests that assert on it
export async function adminFetch(emulator: { url: string; adminKey: string }, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { 'x-emulator-admin-key': emulator.adminKey, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Connection details an emulator child process prints with --json. */
export interface EmulatorProcessInfo {
  url: string;
  armEndpoint: string;
  authorityHost: string;
  armAudience: string;
  caCertFile: string;
  tenantId: string;
  subscriptionId: string;
  defaultPrincipal: { clientId: string; clientSecret: string; objectId: string };
  adminKey: string;
}

/**
 * Runs `src/emulator/main.ts --json` as a separate Node 24 process (as e2e tests of bundled steps need), with the
 * run's test CA; resolves with its connection details and a stop() that sends SIGTERM and waits for exit.
 */
export async function spawnEmulatorProcess(args: string[] = []): Promise<{ info: EmulatorProcessInfo; stop(): Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const { resolve } = await import('node:path');
  const root = resolve(import.meta.dirname, '../..');
  const caDir = process.env.IMAGE_PUBLISH_TEST_CA_DIR;
  if (!caDir) throw new Error('IMAGE_PUBLISH_TEST_CA_DIR is not set: run tests through vitest.config.ts.');
  const child = spawn('bash', ['scripts/node24', '--import', 'tsx', 'src/emulator/main.ts', '--json', '--ca-cert', join(caDir, 'ca.pem'), '--ca-key', join(caDir, 'ca.key.pem'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const info = await new Promise<EmulatorProcessInfo>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) ok(JSON.parse(line) as EmulatorProcessInfo);
    });
    child.once('exit', (code) => fail(new Error(`emulator process exited (${code}) before it was ready: ${stderr}`)));
  });
  return {
    info,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

const KEY_CREATOR_ROLE_GUID = '5c6f1d1e-0b8c-4c8e-9d6e-6b1f0e7a3c21';

/**
 * Grants `keys/create/action` on the emulator's default vault through a custom role holding just that data action:
 * Key Vault Crypto Officer (Azure's role for creating keys) is not among ../shared/azure-roles, and Key Vault Crypto
 * User, which is, cannot create keys.
 */
export function grantKeyCreate(emulator: EmulatorHandle, principalObjectId: string): void {
  emulator.authz.roles.putCustom({
    guid: KEY_CREATOR_ROLE_GUID,
    roleName: 'Key Vault key creator (test)',
    description: 'Creates Key Vault keys (tests only).',
    assignableScopes: [`/subscriptions/${emulator.subscriptionId}`],
    permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/keys/create/action'], notDataActions: [] }],
  });
  emulator.authz.assignById(principalObjectId, KEY_CREATOR_ROLE_GUID, emulator.keyVaultResourceId('emulator'));
}
