// Settings every ARM client of the product shares, apart from the SDKs themselves so that modules which only
// need the settings (policy, image builder) do not load @azure/arm-compute when they are imported.
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { PRODUCT_VERSION } from '../product-version.js';

/**
 * Retry settings for the SDK's own default pipeline (throttlingRetryPolicy honours Retry-After on 429/503,
 * exponentialRetryPolicy backs off on other 5xx and network errors). Eight retries with delays capped at
 * 30 s ride out a few minutes of throttling bursts; a persistent outage still fails in bounded time.
 */
export const defaultRetryOptions: Required<Pick<PipelineRetryOptions, 'maxRetries' | 'retryDelayInMs' | 'maxRetryDelayInMs'>> = {
  maxRetries: 8,
  retryDelayInMs: 1_000,
  maxRetryDelayInMs: 30_000,
};

/** The product's user agent, so ARM request logs show which tool and version called. */
export function userAgent(prefix?: string): string {
  const own = `image-publish/${PRODUCT_VERSION}`;
  return prefix ? `${prefix} ${own}` : own;
}
