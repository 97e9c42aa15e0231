import * as core from '@actions/core';
import type { Annotation, Logger } from '../../core/logger.js';
import type { SecretScrubber } from '../shared/secret-scrubber.js';

function properties(annotation: Annotation | undefined): core.AnnotationProperties {
  if (annotation === undefined) return {};
  return {
    ...(annotation.title === undefined ? {} : { title: annotation.title }),
    ...(annotation.file === undefined ? {} : { file: annotation.file }),
    ...(annotation.line === undefined ? {} : { startLine: annotation.line }),
    ...(annotation.column === undefined ? {} : { startColumn: annotation.column }),
  };
}

/** Logger on @actions/core: workflow commands for groups, annotations and masks; every line scrubbed first. */
export class GithubLogger implements Logger {
  constructor(private readonly scrubber: SecretScrubber) {}

  debug(message: string): void {
    core.debug(this.scrubber.scrub(message));
  }
  info(message: string): void {
    core.info(this.scrubber.scrub(message));
  }
  warn(message: string, annotation?: Annotation): void {
    core.warning(this.scrubber.scrub(message), properties(annotation));
  }
  error(message: string, annotation?: Annotation): void {
    core.error(this.scrubber.scrub(message), properties(annotation));
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    core.startGroup(this.scrubber.scrub(title));
    try {
      return await fn();
    } finally {
      core.endGroup();
    }
  }
  mask(secret: string): void {
    this.scrubber.add(secret);
    core.setSecret(secret);
    // The runner matches masks line by line, so each line of a multi-line secret (a PEM key) is masked too.
    const lines = secret.split(/\r?\n/).map((l) => l.trim());
    if (lines.length > 1) for (const line of lines) if (line.length >= 3) core.setSecret(line);
  }
}
