import type { AnyStepSpec, InputSpec, Platform } from './step-spec.js';

/** The Azure DevOps AzureRM service connection input; task.json declares it as `connectedService:AzureRM`. */
export const AZURE_SUBSCRIPTION_INPUT = 'azure-subscription';

/** Inputs every step accepts: image.yaml, cloud selection, identity and an overall timeout. */
export const commonInputs: Readonly<Record<string, InputSpec>> = {
  config: {
    type: 'path',
    description: 'Path to image.yaml (images as code). Explicit inputs override values from the file.',
  },
  image: {
    type: 'string',
    description: "Which image of image.yaml's images: this step works on (one per persona); not needed when the file describes a single image.",
  },
  cloud: {
    type: 'enum',
    // No default on purpose: an empty cloud with arm-endpoint set means Custom, otherwise AzureCloud.
    description: 'Azure cloud to target (AzureCloud when empty, Custom when arm-endpoint is set). Custom needs arm-endpoint and authority-host.',
    options: ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment', 'Custom'],
    env: ['IMAGE_PUBLISH_CLOUD'],
    group: 'connection',
  },
  'arm-endpoint': {
    type: 'string',
    description: 'Azure Resource Manager endpoint when cloud is Custom, e.g. https://management.contoso.example/.',
    env: ['IMAGE_PUBLISH_ARM_ENDPOINT'],
    group: 'connection',
    visibleWhen: { input: 'cloud', is: ['Custom'] },
  },
  'authority-host': {
    type: 'string',
    description: 'Microsoft Entra authority host when cloud is Custom, e.g. https://login.contoso.example/.',
    env: ['AZURE_AUTHORITY_HOST'],
    group: 'connection',
    visibleWhen: { input: 'cloud', is: ['Custom'] },
  },
  'arm-audience': {
    type: 'string',
    description: 'Audience of Resource Manager tokens when it differs from arm-endpoint (Custom clouds only).',
    env: ['IMAGE_PUBLISH_ARM_AUDIENCE'],
    group: 'connection',
    visibleWhen: { input: 'cloud', is: ['Custom'] },
  },
  'subscription-id': {
    type: 'string',
    description: 'Azure subscription that holds the gallery. Defaults to gallery.subscriptionId in image.yaml, then the subscription of the service connection (Azure DevOps) or AZURE_SUBSCRIPTION_ID, then the az CLI session (for example after azure/login).',
    configPath: 'gallery.subscriptionId',
    group: 'connection',
  },
  'client-id': {
    type: 'string',
    description: 'Client id of the Entra application or managed identity to sign in as (GitHub OIDC, or a client secret in AZURE_CLIENT_SECRET). When it is not set, DefaultAzureCredential is used (for example after azure/login).',
    platforms: ['github', 'cli'],
    env: ['AZURE_CLIENT_ID'],
    group: 'connection',
  },
  'tenant-id': {
    type: 'string',
    description: 'Entra tenant id for the OIDC (federated) or client-secret sign-in.',
    platforms: ['github', 'cli'],
    env: ['AZURE_TENANT_ID'],
    group: 'connection',
  },
  [AZURE_SUBSCRIPTION_INPUT]: {
    type: 'string',
    description: 'Azure Resource Manager service connection (workload identity federation, service principal or managed identity).',
    required: true,
    platforms: ['azdo'],
    azdoName: 'azureSubscription',
    group: 'connection',
  },
  'timeout-minutes': {
    type: 'integer',
    // No default here: a runner would pass it explicitly and it would hide image.yaml's per-step timeouts.
    description: 'Overall time limit for the step in minutes (default 60, or the step\'s timeout in image.yaml); the step stops cleanly and fails with E_TIMEOUT when it is reached.',
    group: 'advanced',
  },
};

/** True when the input is exposed on the platform. */
export function isOnPlatform(spec: InputSpec, platform: Platform): boolean {
  return spec.platforms === undefined || spec.platforms.includes(platform);
}

/** The common inputs that sign in to Azure or pick its cloud: a step that never calls Azure does not take them. */
const AZURE_INPUTS = ['cloud', 'arm-endpoint', 'authority-host', 'arm-audience', 'subscription-id', 'client-id', 'tenant-id', AZURE_SUBSCRIPTION_INPUT];

/**
 * Common inputs followed by the step's own inputs (a step may override a common one), filtered by platform. A
 * step that may run without Azure takes the service connection as optional; one that never calls Azure has no
 * sign-in or cloud inputs.
 */
export function stepInputs(step: AnyStepSpec, platform: Platform): [string, InputSpec][] {
  const common: Record<string, InputSpec> = { ...commonInputs };
  const connection = common[AZURE_SUBSCRIPTION_INPUT];
  if (step.azure === 'none') for (const name of AZURE_INPUTS) delete common[name];
  else if (step.azure === 'optional' && connection !== undefined) {
    common[AZURE_SUBSCRIPTION_INPUT] = {
      ...connection,
      required: false,
      description: `${connection.description} Needed only when this run reads or changes Azure.`,
    };
  }
  const merged: Record<string, InputSpec> = { ...common, ...step.inputs };
  return Object.entries(merged).filter(([, spec]) => isOnPlatform(spec, platform));
}
