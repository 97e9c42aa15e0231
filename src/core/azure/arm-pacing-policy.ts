import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * Paces ARM requests on the remaining-requests headers ARM returns (x-ms-ratelimit-remaining-subscription-reads,
 * -writes, -deletes; learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 * "Remaining requests"). When a bucket runs low the next requests of that kind wait a little, longer the emptier
 * it is, so many pipelines sharing a subscription slow down before ARM answers 429 rather than after. 429 itself
 * stays with the SDK's throttlingRetryPolicy, which waits for Retry-After.
 */
export interface ArmPacingOptions {
  /** Below this share of the most remaining requests seen (the bucket size, near enough), requests are paced. */
  lowShare?: number;
  /** Delay when the bucket is empty (scaled down linearly up to the watermark). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

type Kind = 'reads' | 'writes' | 'deletes';

function kindOf(method: string): Kind {
  if (method === 'GET' || method === 'HEAD') return 'reads';
  if (method === 'DELETE') return 'deletes';
  return 'writes';
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One policy per AzureContext: its clients share the subscription's buckets, so they share what they learnt. */
export function createArmPacingPolicy(options: ArmPacingOptions = {}): PipelinePolicy & { delayFor(method: string): number } {
  const lowShare = options.lowShare ?? 0.1;
  const maxDelayMs = options.maxDelayMs ?? 1_000;
  const sleep = options.sleep ?? defaultSleep;
  const remaining = new Map<Kind, number>();
  const mostSeen = new Map<Kind, number>();

  function delayFor(method: string): number {
    const kind = kindOf(method.toUpperCase());
    const left = remaining.get(kind);
    const lowWatermark = Math.max(1, lowShare * (mostSeen.get(kind) ?? 0));
    if (left === undefined || left >= lowWatermark) return 0;
    return Math.round(maxDelayMs * (1 - Math.max(0, left) / lowWatermark));
  }

  return {
    name: 'imagePublishArmPacing',
    delayFor,
    async sendRequest(request, next) {
      const wait = delayFor(request.method);
      if (wait > 0) await sleep(wait);
      const response = await next(request);
      for (const kind of ['reads', 'writes', 'deletes'] as const) {
        const value = response.headers.get(`x-ms-ratelimit-remaining-subscription-${kind}`);
        const parsed = value === undefined ? Number.NaN : Number.parseInt(value, 10);
        if (!Number.isFinite(parsed)) continue;
        remaining.set(kind, parsed);
        mostSeen.set(kind, Math.max(parsed, mostSeen.get(kind) ?? 0));
      }
      return response;
    },
  };
}
