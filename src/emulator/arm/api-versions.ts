/**
 * The api-versions the emulator accepts per resource type: what @azure/arm-compute 25.x, @azure/arm-resources 7.x
 * and @azure/arm-resources-subscriptions 2.x send, plus older versions real tools (az CLI, Packer, Terraform) send.
 * The listed set is what ARM's InvalidApiVersionParameter message names.
 */
/** Microsoft.Resources subscriptions/tenants/locations: 2016-06-01 (the first GA) through 2022-12-01 (the spec in ../shared). */
const subscriptionApiVersions = ['2016-06-01', '2018-06-01', '2019-06-01', '2019-11-01', '2020-01-01', '2021-01-01', '2022-12-01'];
const resourceManagerApiVersions = [
  '2019-10-01', '2020-06-01', '2021-01-01', '2021-04-01', '2022-09-01', '2023-07-01', '2024-03-01',
  '2024-07-01', '2024-11-01', '2025-01-01', '2025-03-01', '2025-04-01',
];

export const supportedApiVersions = {
  'Microsoft.Resources/resourceGroups': [
    '2019-10-01', '2020-06-01', '2021-01-01', '2021-04-01', '2022-09-01', '2023-07-01', '2024-03-01',
    '2024-07-01', '2024-11-01', '2025-01-01', '2025-03-01', '2025-04-01',
  ],
  'Microsoft.Resources/locations': subscriptionApiVersions,
  'Microsoft.Resources/subscriptions': subscriptionApiVersions,
  'Microsoft.Resources/tenants': subscriptionApiVersions,
  'Microsoft.Resources/providers': resourceManagerApiVersions,
  'Microsoft.Resources/resources': resourceManagerApiVersions,
  // az 2.45 sends 2022-04-01 for both; older ones are what older az and Terraform send.
  'Microsoft.Authorization/roleAssignments': ['2015-07-01', '2018-01-01-preview', '2020-04-01-preview', '2020-10-01-preview', '2022-04-01'],
  'Microsoft.Authorization/roleDefinitions': ['2015-07-01', '2018-01-01-preview', '2022-04-01', '2022-05-01-preview'],
  'Microsoft.Resources/operationResults': [
    '2019-10-01', '2020-06-01', '2021-01-01', '2021-04-01', '2022-09-01', '2023-07-01', '2024-03-01',
    '2024-07-01', '2024-11-01', '2025-01-01', '2025-03-01', '2025-04-01',
  ],
  'Microsoft.Compute/galleries': [
    '2021-10-01', '2022-01-03', '2022-03-03', '2022-08-03', '2023-07-03', '2024-03-03', '2025-03-03', '2025-12-03',
  ],
  'Microsoft.Compute/images': [
    '2021-07-01', '2021-11-01', '2022-03-01', '2022-08-01', '2022-11-01', '2023-03-01', '2023-07-01', '2023-09-01',
    '2024-03-01', '2024-07-01', '2024-11-01', '2025-04-01', '2026-03-01', '2026-04-01',
  ],
  'Microsoft.Compute/disks': [
    '2021-08-01', '2021-12-01', '2022-03-02', '2022-07-02', '2023-01-02', '2023-04-02', '2023-10-02', '2024-03-02',
    '2025-01-02', '2026-03-02',
  ],
  'Microsoft.Compute/virtualMachineScaleSets': [
    '2021-07-01', '2021-11-01', '2022-03-01', '2022-08-01', '2022-11-01', '2023-03-01', '2023-07-01', '2023-09-01',
    '2024-03-01', '2024-07-01', '2024-11-01', '2025-04-01', '2026-03-01', '2026-04-01',
  ],
  // @azure/arm-imagebuilder 5.x sends 2025-10-01; older ones are what az CLI and Packer's azure-arm builder send.
  'Microsoft.VirtualMachineImages/imageTemplates': ['2020-02-14', '2022-02-14', '2022-07-01', '2023-07-01', '2024-02-01', '2025-10-01'],
  'Microsoft.Compute/skus': ['2017-09-01', '2019-04-01', '2021-07-01'],
  'Microsoft.Compute/locations/capsOperations': [
    '2021-10-01', '2022-01-03', '2022-03-03', '2022-08-03', '2023-07-03', '2024-03-03', '2025-03-03', '2025-12-03',
    '2021-07-01', '2021-11-01', '2022-03-01', '2022-08-01', '2022-11-01', '2023-03-01', '2023-07-01', '2023-09-01',
    '2024-03-01', '2024-07-01', '2024-11-01', '2025-04-01', '2026-03-01', '2026-04-01',
    // Status polls carry the api-version of the operation they follow, so every Disk RP version too.
    '2021-08-01', '2021-12-01', '2022-03-02', '2022-07-02', '2023-01-02', '2023-04-02', '2023-10-02', '2024-03-02',
    '2025-01-02', '2026-03-02',
  ],
  'Microsoft.Authorization/policyDefinitions': ['2020-09-01', '2021-06-01', '2023-04-01', '2024-05-01', '2025-01-01', '2025-03-01'],
  'Microsoft.Authorization/policyAssignments': ['2020-09-01', '2021-06-01', '2022-06-01', '2023-04-01', '2024-05-01', '2025-01-01', '2025-03-01'],
  'Microsoft.Compute/virtualMachines': [
    '2021-07-01', '2021-11-01', '2022-03-01', '2022-08-01', '2022-11-01', '2023-03-01', '2023-07-01', '2023-09-01',
    '2024-03-01', '2024-07-01', '2024-11-01', '2025-04-01', '2026-03-01', '2026-04-01',
  ],
  // The newest stable desktopvirtualization.json in ../shared (issue 19).
  'Microsoft.DesktopVirtualization/hostPools': ['2025-10-10', '2026-03-01-preview'],
  // Session host configuration / management and session host update exist in previews only: 2026-03-01-preview (the
  // spec in ../shared) and 2025-04-01-preview (whose examples ../shared also holds).
  'Microsoft.DesktopVirtualization/hostPools/sessionHostManagements': ['2025-04-01-preview', '2026-03-01-preview'],
} as const satisfies Record<string, readonly string[]>;

export type ApiVersionFamily = keyof typeof supportedApiVersions;
