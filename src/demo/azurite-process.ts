/**
 * Starts the real Azurite blob service (the `azurite` package) as a child process on a free port, in memory.
 * Shared by `npm run demo` and the tests (test/helpers/azurite.ts re-exports it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The well-known development account every Azurite accepts (documented by Microsoft; not a secret, still never printed). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteProcess {
  /** http://127.0.0.1:<port>/devstoreaccount1 */
  accountUrl: string;
  accountName: string;
  accountKey: string;
  connectionString: string;
  /** Azurite's debug log (every request it served), when started with `debugLog: true`. */
  readDebugLog(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the real Azurite blob service (node_modules/azurite) as a child process, in memory, on `port` (default: a free one).
 * `--skipApiVersionCheck` because current @azure/storage-blob sends a service version newer than Azurite knows.
 */
export async function startAzuriteProcess(options: { debugLog?: boolean; port?: number } = {}): Promise<AzuriteProcess> {
  const require = createRequire(import.meta.url);
  let main: string;
  try {
    main = join(dirname(require.resolve('azurite/package.json')), 'dist/src/blob/main.js');
  } catch {
    throw new Error("Azurite is not installed: run 'npm ci' (it is a devDependency) and start again.");
  }
  const dir = await mkdtemp(join(tmpdir(), 'image-publish-azurite-'));
  const debugPath = join(dir, 'debug.log');
  const args = [main, '--blobHost', '127.0.0.1', '--blobPort', String(options.port ?? 0), '--skipApiVersionCheck', '--inMemoryPersistence', '--disableTelemetry'];
  if (options.debugLog) args.push('--debug', debugPath);
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await waitForPort(child);
  const accountUrl = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    accountUrl,
    accountName: AZURITE_ACCOUNT,
    accountKey: AZURITE_KEY,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${accountUrl};`,
    readDebugLog: () => readFile(debugPath, 'utf8').catch(() => ''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start within 30 s. Output:\n${output}`));
    }, 30_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /successfully listens on https?:\/\/[^:\s]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code} before listening. Output:\n${output}`));
    });
  });
}
