/**
 * ARM's subscription request limits, as Microsoft documents them for the regional token-bucket throttling
 * (learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling, "Regional throttling
 * and token bucket algorithm"): per subscription, per service principal and per operation type, reads have a bucket
 * of 250 refilled at 25/s, writes and deletes 200 refilled at 10/s; a global subscription bucket per operation type,
 * shared by all principals, is 15 times a principal's. Responses carry x-ms-ratelimit-remaining-subscription-
 * reads|writes|deletes; an empty bucket answers 429 with Retry-After. Time is the emulator clock's, so a manual clock
 * refills only when a test advances it.
 */

export type ThrottleKind = 'reads' | 'writes' | 'deletes';

export interface BucketLimit {
  /** Tokens the bucket holds when full. */
  bucketSize: number;
  /** Tokens returned per emulated second. */
  refillPerSecond: number;
}

export type ThrottleLimits = Record<ThrottleKind, BucketLimit> & {
  /** Global subscription bucket = this many times a principal's (Azure: 15). */
  globalMultiplier: number;
};

/** Azure's published defaults (see the page named above). */
export const azureThrottleLimits: ThrottleLimits = {
  reads: { bucketSize: 250, refillPerSecond: 25 },
  writes: { bucketSize: 200, refillPerSecond: 10 },
  deletes: { bucketSize: 200, refillPerSecond: 10 },
  globalMultiplier: 15,
};

export type ThrottleDecision =
  | { allowed: true; kind: ThrottleKind; remaining: number }
  | { allowed: false; kind: ThrottleKind; remaining: 0; retryAfterSeconds: number };

export interface ArmThrottle {
  /** Takes one token for this request, or says how long until one is free. */
  take(method: string, subscriptionId: string, principalId: string, nowMs: number): ThrottleDecision;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function throttleKindOf(method: string): ThrottleKind {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') return 'reads';
  if (m === 'DELETE') return 'deletes';
  return 'writes';
}

/** Remaining-requests header for a kind, as ARM spells it. */
export function remainingHeaderOf(kind: ThrottleKind): string {
  return `x-ms-ratelimit-remaining-subscription-${kind}`;
}

export function createArmThrottle(limits: ThrottleLimits): ArmThrottle {
  const buckets = new Map<string, Bucket>();

  function refill(key: string, limit: BucketLimit, nowMs: number): Bucket {
    let b = buckets.get(key);
    if (!b) {
      b = { tokens: limit.bucketSize, at: nowMs };
      buckets.set(key, b);
      return b;
    }
    const elapsed = Math.max(0, nowMs - b.at) / 1000;
    b.tokens = Math.min(limit.bucketSize, b.tokens + elapsed * limit.refillPerSecond);
    b.at = nowMs;
    return b;
  }

  return {
    take(method, subscriptionId, principalId, nowMs) {
      const kind = throttleKindOf(method);
      const own = limits[kind];
      const global: BucketLimit = { bucketSize: own.bucketSize * limits.globalMultiplier, refillPerSecond: own.refillPerSecond * limits.globalMultiplier };
      const sub = subscriptionId.toLowerCase();
      const principal = refill(`${sub}|${principalId}|${kind}`, own, nowMs);
      const shared = refill(`${sub}|*|${kind}`, global, nowMs);
      if (principal.tokens < 1 || shared.tokens < 1) {
        const wait = Math.max(waitSeconds(principal, own), waitSeconds(shared, global));
        return { allowed: false, kind, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
      }
      principal.tokens -= 1;
      shared.tokens -= 1;
      return { allowed: true, kind, remaining: Math.floor(Math.min(principal.tokens, shared.tokens)) };
    },
  };
}

function waitSeconds(b: Bucket, limit: BucketLimit): number {
  return b.tokens >= 1 ? 0 : (1 - b.tokens) / limit.refillPerSecond;
}

/** Azure's defaults with the given kinds replaced. */
export function mergeThrottleLimits(overrides: Partial<ThrottleLimits> | undefined): ThrottleLimits {
  return { ...azureThrottleLimits, ...(overrides ?? {}) };
}
