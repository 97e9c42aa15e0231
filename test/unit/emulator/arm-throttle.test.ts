import { describe, expect, it } from 'vitest';
import { azureThrottleLimits, createArmThrottle } from '../../../src/emulator/server/arm-throttle.js';

// Figures from learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
// ("Regional throttling and token bucket algorithm"): reads 250 refilled at 25/s; global = 15 x a principal's.
describe('ARM request limits (token buckets)', () => {
  it('250 reads pass, the 251st is throttled with Retry-After, and 25 tokens come back each second', () => {
    const t = createArmThrottle(azureThrottleLimits);
    const sub = '00000000-0000-0000-0000-000000000001';
    let last = t.take('GET', sub, 'p1', 0);
    for (let i = 1; i < 250; i++) last = t.take('GET', sub, 'p1', 0);
    expect(last).toEqual({ allowed: true, kind: 'reads', remaining: 0 });
    expect(t.take('GET', sub, 'p1', 0)).toEqual({ allowed: false, kind: 'reads', remaining: 0, retryAfterSeconds: 1 });
    expect(t.take('PUT', sub, 'p1', 0)).toMatchObject({ allowed: true, kind: 'writes', remaining: 199 });
    expect(t.take('DELETE', sub, 'p1', 0)).toMatchObject({ allowed: true, kind: 'deletes', remaining: 199 });
    expect(t.take('GET', sub, 'p2', 0)).toMatchObject({ allowed: true, remaining: 249 });
    expect(t.take('GET', sub, 'p1', 1000)).toMatchObject({ allowed: true, remaining: 24 });
  });

  it('the global bucket caps all principals of a subscription together', () => {
    const t = createArmThrottle({ ...azureThrottleLimits, reads: { bucketSize: 2, refillPerSecond: 1 }, globalMultiplier: 2 });
    const sub = 'sub';
    expect(t.take('GET', sub, 'a', 0).allowed).toBe(true);
    expect(t.take('GET', sub, 'b', 0).allowed).toBe(true);
    expect(t.take('GET', sub, 'c', 0).allowed).toBe(true);
    expect(t.take('GET', sub, 'd', 0).allowed).toBe(true);
    expect(t.take('GET', sub, 'e', 0)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(t.take('GET', 'other', 'e', 0).allowed).toBe(true);
  });
});
