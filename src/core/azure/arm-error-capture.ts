import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';

/**
 * The generated paging helpers of @azure/arm-compute 25 throw "Pagination failed with unexpected statusCode 403"
 * and drop ARM's error body, which holds what users need (the denied action and scope). This policy keeps the
 * body of the final failed response per request, so toImagePublishError can still explain the failure.
 * Weakly keyed: nothing outlives the request, and bodies of ARM errors carry no secrets.
 */
const bodies = new WeakMap<PipelineRequest, string>();
const MAX_BODY = 16_384;

export const armErrorCapturePolicy: PipelinePolicy = {
  name: 'imagePublishArmErrorCapture',
  async sendRequest(request, next) {
    const response = await next(request);
    if (response.status >= 400 && typeof response.bodyAsText === 'string') {
      bodies.set(request, response.bodyAsText.slice(0, MAX_BODY));
    }
    return response;
  },
};

/** The ARM error body recorded for `request`, if its final response failed. */
export function capturedErrorBody(request: PipelineRequest | undefined): string | undefined {
  return request ? bodies.get(request) : undefined;
}
