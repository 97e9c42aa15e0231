/**
 * `image-publish emulator` / `npm run emulator`: starts the emulator and prints how to use it. The printed client
 * secret is a local test credential of this emulator only; it is printed here and nowhere else.
 * Flags: --port N, --state-file PATH, --host H, --ca-cert PEM --ca-key PEM (issue the server certificate from this
 * CA), --quiet (no request lines), --json (print one JSON line with the connection details, for test harnesses).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorHandle } from './index.js';

/** Runs the emulator until SIGINT/SIGTERM; resolves with the process exit code. */
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
  if ((values['ca-cert'] === undefined) !== (values['ca-key'] === undefined)) {
    console.error('--ca-cert and --ca-key go together: pass both PEM files, or neither to generate a CA');
    return 2;
}

  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port ${values.port}: expected a port number from 0 to 65535`);
    return 2;
}

  const emulator = await startEmulator({
    port,
    ...(values.host ? { host: values.host } : {}),
    ...(values['state-file'] ? { stateFile: values['state-file'] } : {}),
    ...(values['ca-cert'] && values['ca-key'] ? { ca: { certPem: readFileSync(values['ca-cert'], 'utf8'), keyPem: readFileSync(values['ca-key'], 'utf8') } } : {}),
    ...(values.quiet || values.json ? {} : { log: (line: string) => console.log(line) }),
  });

  const stopped = new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      if (!values.json) console.log(`received ${signal}, stopping the emulator`);
      void emulator.close().then(() => resolve(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });

  if (values.json) {
    const { url, armEndpoint, authorityHost, armAudience, caCertFile, tenantId, subscriptionId, defaultPrincipal, adminKey } = emulator;
    console.log(JSON.stringify({ url, armEndpoint, authorityHost, armAudience, caCertFile, tenantId, subscriptionId, defaultPrincipal, adminKey }));
  } else {
    printBanner(emulator);
  }
  return stopped;
}

function printBanner(emulator: EmulatorHandle): void {
  const p = emulator.defaultPrincipal;
  console.log(`image-publish Azure emulator
  endpoint (ARM + authority): ${emulator.armEndpoint}
  CA certificate:             ${emulator.caCertFile}
  tenant:                     ${emulator.tenantId}
  subscription:               ${emulator.subscriptionId}
  client id:                  ${p.clientId}
  client secret:              ${p.clientSecret}
  admin key (x-emulator-admin-key): ${emulator.adminKey}

# Use it from a shell:
export NODE_EXTRA_CA_CERTS='${emulator.caCertFile}'
export AZURE_TENANT_ID='${emulator.tenantId}'
export AZURE_SUBSCRIPTION_ID='${emulator.subscriptionId}'
export AZURE_CLIENT_ID='${p.clientId}'
export AZURE_CLIENT_SECRET='${p.clientSecret}'
export AZURE_AUTHORITY_HOST='${emulator.authorityHost}'
export IMAGE_PUBLISH_ARM_ENDPOINT='${emulator.armEndpoint}'

# Get a token and list galleries with curl:
TOKEN=$(curl -s --cacert "$NODE_EXTRA_CA_CERTS" -X POST "${emulator.authorityHost}$AZURE_TENANT_ID/oauth2/v2.0/token" \\
  -d grant_type=client_credentials -d client_id="$AZURE_CLIENT_ID" --data-urlencode client_secret="$AZURE_CLIENT_SECRET" \\
  --data-urlencode scope=${emulator.armAudience}.default | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
curl -s --cacert "$NODE_EXTRA_CA_CERTS" -H "Authorization: Bearer $TOKEN" \\
  "${emulator.armEndpoint}subscriptions/$AZURE_SUBSCRIPTION_ID/providers/Microsoft.Compute/galleries?api-version=2025-12-03"

Press Ctrl+C to stop.`);
}
