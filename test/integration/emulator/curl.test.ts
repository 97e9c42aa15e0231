/** The README/`npm run emulator` example: curl gets a token, then lists galleries, trusting only the emulator CA. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { computeClient, useEmulator } from '../../helpers/emulator.js';
import { requireTool } from '../../helpers/require-tool.js';

// Skipped with a printed reason on a developer machine without curl, a failure under CI=true.
const hasCurl = requireTool('curl', ['--version']);
const emu = useEmulator();

describe.skipIf(!hasCurl)('curl example', () => {
  it('gets a token from the token endpoint and lists galleries', async () => {
    const e = emu.current;
    const { ResourceManagementClient } = await import('@azure/arm-resources');
    const { emulatorCredential } = await import('../../helpers/emulator.js');
    await new ResourceManagementClient(emulatorCredential(e), e.subscriptionId, { endpoint: e.armEndpoint, credentialScopes: [`${e.armAudience}.default`] })
      .resourceGroups.createOrUpdate('rg-curl', { location: 'eastus' });
    await computeClient(e).galleries.createOrUpdate('rg-curl', 'curlgallery', { location: 'eastus' });

    // The same two commands main.ts prints, run by bash with the printed exports.
    const script = `
      set -euo pipefail
      TOKEN=$(curl -sf --max-time 20 --cacert "$NODE_EXTRA_CA_CERTS" -X POST "\${AZURE_AUTHORITY_HOST}$AZURE_TENANT_ID/oauth2/v2.0/token" \\
        -d grant_type=client_credentials -d client_id="$AZURE_CLIENT_ID" --data-urlencode client_secret="$AZURE_CLIENT_SECRET" \\
        --data-urlencode scope=https://management.azure.com/.default | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
      curl -sf --max-time 20 --cacert "$NODE_EXTRA_CA_CERTS" -H "Authorization: Bearer $TOKEN" \\
        "\${IMAGE_PUBLISH_ARM_ENDPOINT}subscriptions/$AZURE_SUBSCRIPTION_ID/providers/Microsoft.Compute/galleries?api-version=2025-12-03"
    `;
    // Async: the emulator runs in this process, so a synchronous child would block it. --norc: Node's stdio pipes
    // are sockets, and Debian's bash then sources ~/.bashrc as if run by rshd, making the test depend on the machine.
    const { stdout: out } = await promisify(execFile)('bash', ['--norc', '--noprofile', '-c', script], {
      timeout: 60_000,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        NODE_EXTRA_CA_CERTS: e.caCertFile,
        AZURE_TENANT_ID: e.tenantId,
        AZURE_SUBSCRIPTION_ID: e.subscriptionId,
        AZURE_CLIENT_ID: e.defaultPrincipal.clientId,
        AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret,
        AZURE_AUTHORITY_HOST: e.authorityHost,
        IMAGE_PUBLISH_ARM_ENDPOINT: e.armEndpoint,
      },
    });
    const body = JSON.parse(out) as { value: { name: string; type: string }[] };
    expect(body.value.map((g) => g.name)).toEqual(['curlgallery']);
    expect(body.value[0]!.type).toBe('Microsoft.Compute/galleries');
  });
});
