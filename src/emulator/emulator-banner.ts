/** What `image-publish emulator` prints: where things are, and the environment image-publish itself reads. */
import type { EmulatorHandle } from './index.js';

/** A running Azurite blob service. */
export interface AzuriteInfo {
  /** http://127.0.0.1:<port>/devstoreaccount1 */
  accountUrl: string;
  accountKey: string;
  stop(): Promise<void>;
}

/** Blob container the banner's bake example uploads to (Azurite creates it on first upload). */
export const BANNER_CONTAINER = 'vhds';

/** The banner: summary lines, then `export` lines to paste into a shell, then a first command to try. */
export function bannerText(emulator: EmulatorHandle, azurite: AzuriteInfo | undefined, seed: { resourceGroup: string; location: string } | undefined): string {
  const p = emulator.defaultPrincipal;
  const lines = [
    'image-publish Azure emulator',
    `  ARM + sign-in:    ${emulator.armEndpoint}  (cloud metadata: ${emulator.armEndpoint}metadata/endpoints?api-version=2022-09-01)`,
    `  CA certificate:   ${emulator.caCertFile}`,
    `  tenant:           ${emulator.tenantId}`,
    `  subscription:     ${emulator.subscriptionId}`,
    ...(seed ? [`  resource group:   ${seed.resourceGroup} (${seed.location})`] : []),
    `  blob storage:     ${azurite ? `${azurite.accountUrl} (Azurite)` : 'not started (--no-azurite)'}`,
    `  admin key (x-emulator-admin-key): ${emulator.adminKey}`,
    '',
    '# The environment image-publish reads (paste into a shell):',
    `export NODE_EXTRA_CA_CERTS='${emulator.caCertFile}'`,
    `export IMAGE_PUBLISH_ARM_ENDPOINT='${emulator.armEndpoint}'`,
    `export AZURE_TENANT_ID='${emulator.tenantId}'`,
    `export AZURE_CLIENT_ID='${p.clientId}'`,
    `export AZURE_CLIENT_SECRET='${p.clientSecret}'`,
    `export AZURE_SUBSCRIPTION_ID='${emulator.subscriptionId}'`,
  ];
  if (azurite) {
    lines.push(
      '# Azurite (for bake): the well-known development account key, not a secret of yours',
      `export AZURITE_CONTAINER_URL='${azurite.accountUrl}/${BANNER_CONTAINER}'`,
      `export AZURITE_ACCOUNT_KEY='${azurite.accountKey}'`,
    );
  }
  if (seed) {
    lines.push(
      '',
      '# Then, for example (see README "Run it yourself"):',
      ...(azurite
        ? [
            `image-publish bake --disk-path disk.raw --storage-container-url "$AZURITE_CONTAINER_URL" --storage-account-key "$AZURITE_ACCOUNT_KEY" \\`,
            `  --create-managed-image --image-name my-image --resource-group ${seed.resourceGroup} --location ${seed.location} --os-type Linux`,
          ]
        : []),
      `image-publish publish --config image.yaml --source <image-id printed by bake> --version auto`,
    );
  }
  lines.push('', 'Press Ctrl+C to stop.');
  return lines.join('\n');
}
