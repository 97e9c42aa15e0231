/**
 * Microsoft.Resources tenant-level reads a client signs in with: GET /subscriptions, /subscriptions/{id} and
 * /tenants (shapes of ../shared/azure-specs/.../Microsoft.Resources/stable/2022-12-01/examples/GetSubscriptions.json,
 * GetSubscription.json, GetTenants.json). The emulator is one tenant with one subscription.
 */
import { ArmError } from '../arm-error.js';
import type { ArmHandler, HandlerContext } from '../handler-types.js';

function identity(ctx: HandlerContext): { tenantId: string; subscriptionId: string } {
  const meta = ctx.state.meta;
  if (!meta) throw new ArmError(500, 'InternalServerError', 'The emulator state has no tenant or subscription (meta missing).');
  return { tenantId: meta.tenantId, subscriptionId: meta.subscriptionId };
}

/** The subscription as Subscriptions_Get answers it. */
export function subscriptionBody(ctx: HandlerContext): Record<string, unknown> {
  const { tenantId, subscriptionId } = identity(ctx);
  return {
    id: `/subscriptions/${subscriptionId}`,
    subscriptionId,
    tenantId,
    displayName: 'image-publish emulator',
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
    managedByTenants: [],
  };
}

export const subscriptionsHandler: ArmHandler = (req, ctx) => {
  if (req.operationId === 'Subscriptions_List') return { status: 200, body: { value: [subscriptionBody(ctx)] } };
  const wanted = req.params.subscriptionId ?? '';
  if (wanted.toLowerCase() !== identity(ctx).subscriptionId.toLowerCase()) throw subscriptionNotFound(wanted);
  return { status: 200, body: subscriptionBody(ctx) };
};

export const tenantsHandler: ArmHandler = (_req, ctx) => {
  const { tenantId } = identity(ctx);
  return {
    status: 200,
    body: {
      value: [{
        id: `/tenants/${tenantId}`,
        tenantId,
        countryCode: 'US',
        displayName: 'image-publish emulator',
        domains: ['emulator.localhost'],
        tenantCategory: 'Home',
        defaultDomain: 'emulator.localhost',
        tenantType: 'AAD',
      }],
    },
  };
};

/** ARM's answer for a subscription id that is not this emulator's. */
export function subscriptionNotFound(subscriptionId: string): ArmError {
  return new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
}

