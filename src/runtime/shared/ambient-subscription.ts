import { azCliSubscription } from '../../core/azure/az-cli-subscription.js';

/**
 * The subscription when neither an input nor image.yaml names one (GitHub and the CLI): AZURE_SUBSCRIPTION_ID,
 * else, when the step signs in through DefaultAzureCredential and so through an az session (azure/login, az login),
 * that session's subscription. `signsInThroughDefault` is asked only when the variable is unset.
 */
export function ambientSubscriptionId(env: Readonly<Record<string, string | undefined>>, signsInThroughDefault: () => boolean): string | undefined {
  return env.AZURE_SUBSCRIPTION_ID?.trim() || (signsInThroughDefault() ? azCliSubscription(env) : undefined);
}
