/**
 * Runs the emulator as a tool: checks the state file and ports first (one-line errors, exit 2), starts the
 * emulator and optionally Azurite, seeds a resource group, prints the environment image-publish reads, and serves
 * until SIGINT/SIGTERM. The printed client secret is a local test credential of this emulator only.
 * `image-publish emulator` parses its flags in src/runtime/cli/emulator-args.ts; `src/emulator/main.ts` (the
 * test harness entry: --json, random port, no Azurite) uses runEmulatorCli below.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorHandle } from './index.js';
import { bannerText, type AzuriteInfo } from './emulator-banner.js';
import { checkStateFile, EmulatorStartError } from './state-file-check.js';

export type { AzuriteInfo } from './emulator-banner.js';

/** Everything `serveEmulator` needs; the CLI fills it from flags. */
export interface EmulatorServeOptions {
  /** 0 = any free port. */
  port: number;
  host?: string;
  stateFile?: string;
  caCertFile?: string;
  caKeyFile?: string;
  /** No request lines. */
  quiet?: boolean;
  /** One JSON line with the connection details instead of the banner (test harnesses). */
  json?: boolean;
  /** Emulated ms per real ms. */
  speed?: number;
  /** A resource group to create at start unless it exists. */
  seed?: { resourceGroup: string; location: string };
  /** Start Azurite on this port with this starter (src/demo/azurite-process.ts), or not at all. */
  azurite?: { port: number; start(port: number): Promise<AzuriteInfo> };
  /** Where lines go; defaults to the console. */
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** Starts everything, prints the banner, resolves with the exit code once stopped (2 when it could not start). */
export async function serveEmulator(options: EmulatorServeOptions): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  const err = options.err ?? ((line: string) => console.error(line));
  const host = options.host ?? '127.0.0.1';
  let emulator: EmulatorHandle | undefined;
  let azurite: AzuriteInfo | undefined;
  try {
    if (options.stateFile !== undefined) checkStateFile(options.stateFile);
    const ca = readCa(options.caCertFile, options.caKeyFile);
    await ensurePortFree(options.port, host, '--port', 'the emulator');
    if (options.azurite) await ensurePortFree(options.azurite.port, '127.0.0.1', '--azurite-port', 'Azurite');
    emulator = await startEmulator({
      port: options.port,
      host,
      // A local Azure for people and pipelines behaves like ARM, request limits included (tests opt in instead).
      throttling: true,
      ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
      ...(ca === undefined ? {} : { ca }),
      ...(options.speed === undefined ? {} : { clockSpeed: options.speed }),
      ...(options.quiet || options.json ? {} : { log: out }),
    });
    if (options.seed) seedResourceGroup(emulator, options.seed.resourceGroup, options.seed.location);
    if (options.azurite) azurite = await options.azurite.start(options.azurite.port);
  } catch (error) {
    await emulator?.close();
    if (error instanceof EmulatorStartError) {
      err(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }

  const running = emulator;
  const stopped = new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      if (!options.json) out(`received ${signal}, stopping`);
      void Promise.allSettled([azurite?.stop(), running.close()]).then(() => resolve(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  if (options.json) {
    const { url, armEndpoint, authorityHost, armAudience, caCertFile, tenantId, subscriptionId, defaultPrincipal, adminKey } = running;
    out(JSON.stringify({ url, armEndpoint, authorityHost, armAudience, caCertFile, tenantId, subscriptionId, defaultPrincipal, adminKey, ...(azurite ? { azuriteAccountUrl: azurite.accountUrl } : {}) }));
  } else {
    out(bannerText(running, azurite, options.seed));
  }
  return stopped;
}

/** The test-harness entry (`src/emulator/main.ts`): random port and no Azurite unless asked. */
export async function runEmulatorCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
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
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`error: --port ${values.port}: expected a port number from 0 to 65535`);
    return 2;
  }
  return serveEmulator({
    port,
    ...(values.host ? { host: values.host } : {}),
    ...(values['state-file'] ? { stateFile: values['state-file'] } : {}),
    ...(values['ca-cert'] ? { caCertFile: values['ca-cert'] } : {}),
    ...(values['ca-key'] ? { caKeyFile: values['ca-key'] } : {}),
    ...(values.quiet ? { quiet: true } : {}),
    ...(values.json ? { json: true } : {}),
  });
}

function readCa(certFile: string | undefined, keyFile: string | undefined): { certPem: string; keyPem: string } | undefined {
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new EmulatorStartError('--ca-cert and --ca-key go together: pass both PEM files, or neither to generate a CA.');
  }
  if (certFile === undefined || keyFile === undefined) return undefined;
  const read = (file: string, flag: string): string => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new EmulatorStartError(`${flag} '${file}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    if (!text.includes('-----BEGIN ')) throw new EmulatorStartError(`${flag} '${file}' is not a PEM file.`);
    return text;
  };
  return { certPem: read(certFile, '--ca-cert'), keyPem: read(keyFile, '--ca-key') };
}

/** Binds and releases the port, so "in use" is reported before anything starts. */
function ensurePortFree(port: number, host: string, flag: string, what: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is in use (another emulator still running?)' : error.code === 'EACCES' ? 'needs privileges' : `cannot be used (${error.code ?? error.message})`;
      reject(new EmulatorStartError(`port ${port} on ${host} for ${what} ${why}: stop that process, or pass ${flag} <port> (${flag} 0 picks a free one).`));
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function seedResourceGroup(emulator: EmulatorHandle, name: string, location: string): void {
  const id = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${name}`;
  if (emulator.state.resource(id) !== undefined) return;
  emulator.state.seed([{ id, body: { location, properties: { provisioningState: 'Succeeded' } } }]);
}
