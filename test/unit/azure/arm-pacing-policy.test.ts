import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { createArmPacingPolicy } from '../../../src/core/azure/arm-pacing-policy.js';

// Header names and semantics: learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
function respond(headers: Record<string, string>) {
  return (request: ReturnType<typeof createPipelineRequest>): Promise<PipelineResponse> =>
    Promise.resolve({ request, status: 200, headers: createHttpHeaders(headers) });
}

describe('ARM pacing on remaining-requests headers', () => {
  it('sends at once while the bucket is healthy, waits longer the emptier it gets, per operation kind', async () => {
    const waits: number[] = [];
    const policy = createArmPacingPolicy({ sleep: (ms) => (waits.push(ms), Promise.resolve()) });
    const get = () => createPipelineRequest({ url: 'https://arm/x', method: 'GET' });
    await policy.sendRequest(get(), respond({ 'x-ms-ratelimit-remaining-subscription-reads': '249' }));
    await policy.sendRequest(get(), respond({ 'x-ms-ratelimit-remaining-subscription-reads': '100' }));
    expect(waits).toEqual([]);
    await policy.sendRequest(get(), respond({ 'x-ms-ratelimit-remaining-subscription-reads': '12' }));
    expect(policy.delayFor('GET')).toBeGreaterThan(0);
    const half = policy.delayFor('GET');
    await policy.sendRequest(get(), respond({ 'x-ms-ratelimit-remaining-subscription-reads': '0' }));
    expect(waits).toEqual([half]);
    expect(policy.delayFor('GET')).toBe(1000);
    expect(policy.delayFor('PUT')).toBe(0);
  });

  it('never waits when ARM sends no remaining-requests headers', async () => {
    const policy = createArmPacingPolicy({ sleep: () => Promise.reject(new Error('must not wait')) });
    for (let i = 0; i < 3; i++) await policy.sendRequest(createPipelineRequest({ url: 'https://arm/x', method: 'GET' }), respond({}));
    expect(policy.delayFor('GET')).toBe(0);
  });
});
