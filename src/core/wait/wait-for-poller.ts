import type { OperationState, PollerLike } from '@azure/core-lro';
import type { WaitOptions } from './wait-options.js';
import { withWaitScope } from './wait-scope.js';

/**
 * Waits for an SDK long-running operation with progress lines and an overall timeout. Polling, its
 * interval and Retry-After stay the SDK poller's job; this only adds the user-facing parts.
 */
export async function waitForPoller<TResult>(
  poller: PollerLike<OperationState<TResult>, TResult>,
  options: WaitOptions,
  describe: (state: OperationState<TResult> | undefined) => string = defaultDescribe,
): Promise<TResult> {
  return withWaitScope(options, () => describe(poller.operationState), (signal) => poller.pollUntilDone({ abortSignal: signal }));
}

function defaultDescribe(state: OperationState<unknown> | undefined): string {
  switch (state?.status) {
    case undefined:
    case 'notStarted':
      return 'submitting';
    case 'running':
      return 'in progress';
    default:
      return state?.status ?? 'unknown';
  }
}

/**
 * Polls `read` until `done` says so, for operations whose poller was lost (a re-run after a killed
 * process finds a version still Creating). Sleeps `intervalMs` between reads on the step's clock.
 */
export async function waitUntil<T>(
  read: (signal: AbortSignal) => Promise<T>,
  done: (value: T) => boolean,
  describe: (value: T | undefined) => string,
  options: WaitOptions & { intervalMs: number },
): Promise<T> {
  let last: T | undefined;
  return withWaitScope(options, () => describe(last), async (signal) => {
    for (;;) {
      last = await read(signal);
      if (done(last)) return last;
      await options.clock.sleep(options.intervalMs, signal);
    }
  });
}
