import { z } from 'zod';
import { duration, percent, resourceGroupName, resourceId, subscriptionId } from './config-primitives.js';

/** The host-pool part of a rollout ring (issue 19): AVD host pools rolled next to the ring's scale sets. */
export const hostPoolRef = z.union([
  resourceId.describe('Host pool resource id (Microsoft.DesktopVirtualization/hostPools).'),
  z.strictObject({ name: z.string().min(3).max(64), resourceGroup: resourceGroupName, subscriptionId: subscriptionId.optional() }),
]);

export const hostPoolRingFields = {
  hostPools: z.array(hostPoolRef).optional().describe('Azure Virtual Desktop host pools whose session hosts move to the version.'),
  maxUnavailablePercent: percent.optional().describe('Share of a host pool\'s session hosts out of rotation at once (default 20).'),
  gracePeriod: duration.optional().describe('How long users have to sign out after the maintenance message before they are logged off (default 30m).'),
  force: z.boolean().optional().describe('Personal host pools: also take hosts a user is logged on to (after the message and grace period).'),
};
