/**
 * Where an emulated vault lives in ARM, so Key Vault's RBAC can check data actions at its resource id as Azure does.
 * Vaults are not ARM resources here (no Microsoft.KeyVault routes): every vault host `<name>.vault.localhost` is the
 * vault `<name>` in the fixed resource group below, in the emulator's one subscription. Assign data roles at that id
 * (or its group, the subscription, or a key under it) with `handle.authz.assign` or the admin API.
 */
export const KEY_VAULT_RESOURCE_GROUP = 'image-publish-emulator-vaults';
/** The vault `handle.keyVaultUrl` names. */
export const DEFAULT_VAULT_NAME = 'emulator';

export function keyVaultResourceId(subscriptionId: string, vaultName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${KEY_VAULT_RESOURCE_GROUP}/providers/Microsoft.KeyVault/vaults/${vaultName.toLowerCase()}`;
}
