import type { Annotation, Logger } from '../../core/logger.js';
import type { SecretScrubber } from '../shared/secret-scrubber.js';

type Write = (line: string) => void;

function where(annotation: Annotation | undefined): string {
  if (annotation?.file === undefined) return '';
  return ` (${annotation.file}${annotation.line === undefined ? '' : `:${annotation.line}`})`;
}

/** Console logger for the CLI: one line per event on stderr (stdout is kept for outputs), secrets scrubbed. */
export class CliLogger implements Logger {
  private depth = 0;

  constructor(
    private readonly scrubber: SecretScrubber,
    private readonly debugEnabled: boolean,
    private readonly write: Write = (line) => process.stderr.write(`${line}\n`),
  ) {}

  private line(text: string): void {
    this.write(`${'  '.repeat(this.depth)}${this.scrubber.scrub(text)}`);
  }
  debug(message: string): void {
    if (this.debugEnabled) this.line(`debug: ${message}`);
  }
  info(message: string): void {
    this.line(message);
  }
  warn(message: string, annotation?: Annotation): void {
    this.line(`warning: ${message}${where(annotation)}`);
  }
  error(message: string, annotation?: Annotation): void {
    this.line(`error: ${message}${where(annotation)}`);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.line(`> ${title}`);
    this.depth++;
    try {
      return await fn();
    } finally {
      this.depth--;
    }
  }
  mask(secret: string): void {
    this.scrubber.add(secret);
  }
}
