import { AzureError, ErrorCodes } from '../errors.js';
import { type WaitOptions, DEFAULT_PROGRESS_EVERY_MS, formatElapsed } from './wait-options.js';

/** Thrown (internally) when the overall timeout fires, so callers can tell it from a user cancel. */
class WaitTimeout extends Error {}

/**
 * Runs `work` with an abort signal that fires on the step's signal or on the overall timeout, while a
 * ticker logs `<label>: <status>, <elapsed>` at a steady cadence. Timeouts become E_TIMEOUT saying the
 * operation is still running in Azure and a re-run resumes it; cancellation rethrows the step's reason.
 */
export async function withWaitScope<T>(
  options: WaitOptions,
  status: () => string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { clock, logger, label } = options;
  const started = clock.now();
  const stop = new AbortController();
  const timeout = new AbortController();
  const combined = AbortSignal.any([options.signal, timeout.signal]);
  const every = options.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS;

  // Both background loops end when `stop` aborts; their rejections are expected and swallowed.
  void clock
    .sleep(options.timeoutMs, AbortSignal.any([stop.signal, options.signal]))
    .then(() => timeout.abort(new WaitTimeout(`timeout after ${options.timeoutMs}ms`)))
    .catch(() => undefined);
  void (async () => {
    for (;;) {
      await clock.sleep(every, AbortSignal.any([stop.signal, combined]));
      logger.info(`${label}: ${status()}, ${formatElapsed(clock.now() - started)}`);
    }
  })().catch(() => undefined);

  try {
    return await work(combined);
  } catch (err) {
    if (timeout.signal.aborted && !options.signal.aborted) {
      throw new AzureError(
        ErrorCodes.timeout,
        `${label}: still in progress after ${formatElapsed(clock.now() - started).replace(' elapsed', '')} ` +
          `(timeout-minutes reached). The operation continues in Azure; ${options.resumeHint ?? 're-run the step to keep waiting'}, ` +
          `or raise 'timeout-minutes'.`,
        { cause: err },
      );
    }
    if (options.signal.aborted) throw options.signal.reason ?? err;
    throw err;
  } finally {
    stop.abort();
  }
}
