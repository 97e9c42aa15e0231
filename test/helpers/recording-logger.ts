import type { Annotation, Logger } from '../../src/core/logger.js';

export type RecordedLevel = 'debug' | 'info' | 'warn' | 'error' | 'group-start' | 'group-end';

export interface RecordedLine {
  level: RecordedLevel;
  message: string;
  annotation?: Annotation;
}

/**
 * A Logger that records every line exactly as the step produced it (unmasked), so tests can assert both
 * what the user would read and that no secret was ever handed to the logger.
 */
export class RecordingLogger implements Logger {
  readonly lines: RecordedLine[] = [];
  readonly masked: string[] = [];
  /** Groups currently open; a test asserts it is empty after a step, on success and on failure. */
  readonly openGroups: string[] = [];
  /** Also print lines (set RECORDING_LOGGER_ECHO=1 when debugging a test). */
  private readonly echo = process.env.RECORDING_LOGGER_ECHO === '1';

  debug(message: string): void {
    this.record('debug', message);
  }
  info(message: string): void {
    this.record('info', message);
  }
  warn(message: string, annotation?: Annotation): void {
    this.record('warn', message, annotation);
  }
  error(message: string, annotation?: Annotation): void {
    this.record('error', message, annotation);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.record('group-start', title);
    this.openGroups.push(title);
    try {
      return await fn();
    } finally {
      this.openGroups.pop();
      this.record('group-end', title);
    }
  }
  mask(secret: string): void {
    if (secret !== '') this.masked.push(secret);
  }

  /** Messages at the given levels (all when omitted). */
  messages(...levels: RecordedLevel[]): string[] {
    return this.lines.filter((l) => levels.length === 0 || levels.includes(l.level)).map((l) => l.message);
  }

  /** Every recorded line joined with newlines. */
  text(): string {
    return this.messages().join('\n');
  }

  private record(level: RecordedLevel, message: string, annotation?: Annotation): void {
    this.lines.push(annotation ? { level, message, annotation } : { level, message });
    if (this.echo) process.stderr.write(`[${level}] ${message}\n`);
  }
}
