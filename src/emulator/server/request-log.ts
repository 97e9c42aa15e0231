/** The emulator's request log: one entry per request, for test assertions and benchmarks. Never holds secrets. */

export interface RequestLogEntry {
  requestId: string;
  method: string;
  /** Path without the query string (query values such as SAS tokens are never logged). */
  path: string;
  apiVersion?: string;
  status: number;
  /** Real milliseconds spent answering. */
  latencyMs: number;
  /** Emulated clock when the request arrived (epoch ms). */
  emulatedTime: number;
  /** Real clock when the request arrived (epoch ms). */
  realTime: number;
  /** 'arm' | 'identity' | 'admin' | 'unknown'. */
  route: string;
  operationId?: string;
  /** The injected fault, when one was applied. */
  fault?: string;
  /** Retry-After the response carried, if any. */
  retryAfter?: string;
  /** True when the emulator's ARM request limits answered 429. */
  throttled?: boolean;
}

export interface RequestLog {
  entries(): RequestLogEntry[];
  clear(): void;
  add(entry: RequestLogEntry): void;
}

/** Keeps the newest `limit` entries. */
export function createRequestLog(limit = 20000): RequestLog {
  let list: RequestLogEntry[] = [];
  return {
    entries: () => [...list],
    clear: () => {
      list = [];
    },
    add: (entry) => {
      list.push(entry);
      if (list.length > limit) list = list.slice(list.length - limit);
    },
  };
}
