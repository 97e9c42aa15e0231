/**
 * The only way core and steps talk to the user. Runtimes implement it on top of @actions/core,
 * azure-pipelines-task-lib or the console; tests use RecordingLogger.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, annotation?: Annotation): void;
  error(message: string, annotation?: Annotation): void;
  /** Runs `fn` inside a collapsible group; the group is closed on every path. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Registers a value that must never appear in logs (tokens, SAS URLs, keys). */
  mask(secret: string): void;
  /**
   * How far a long step is (0-100) and what it does now. Azure DevOps shows it beside the task
   * (`##vso[task.setprogress]`); runtimes without such a display leave it out, the log lines say the same.
   */
  progress?(percent: number, operation: string): void;
}

/** Reports progress when the logger can show it; the percentage is clamped and rounded. */
export function reportProgress(logger: Logger, percent: number, operation: string): void {
  logger.progress?.(Math.min(100, Math.max(0, Math.round(percent))), operation);
}

/** Where a warning or error points, for GitHub annotations and Azure DevOps issues. */
export interface Annotation {
  file?: string;
  line?: number;
  column?: number;
  title?: string;
}

/** Discards everything; for library callers that want silence. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  group: (_title, fn) => fn(),
  mask() {},
};
