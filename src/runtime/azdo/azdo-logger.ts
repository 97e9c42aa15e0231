import * as tl from 'azure-pipelines-task-lib/task.js';
import type { Annotation, Logger } from '../../core/logger.js';
import type { SecretScrubber } from '../shared/secret-scrubber.js';

/** Logger on azure-pipelines-task-lib: ##vso issues and ##[group] markers; every line scrubbed first. */
export class AzdoLogger implements Logger {
  constructor(private readonly scrubber: SecretScrubber) {}

  debug(message: string): void {
    tl.debug(this.scrubber.scrub(message));
  }
  info(message: string): void {
    console.log(this.scrubber.scrub(message));
  }
  warn(message: string, annotation?: Annotation): void {
    this.issue(tl.IssueType.Warning, message, annotation);
  }
  error(message: string, annotation?: Annotation): void {
    this.issue(tl.IssueType.Error, message, annotation);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    console.log(`##[group]${this.scrubber.scrub(title)}`);
    try {
      return await fn();
    } finally {
      console.log('##[endgroup]');
    }
  }
  mask(secret: string): void {
    this.scrubber.add(secret);
    // The agent refuses multi-line secrets; each line is masked on its own instead.
    for (const line of secret.split(/\r?\n/)) if (line.trim() !== '') tl.setSecret(line);
  }

  progress(percent: number, operation: string): void {
    tl.setProgress(percent, this.scrubber.scrub(operation));
  }

  private issue(type: tl.IssueType, message: string, annotation: Annotation | undefined): void {
    const text = this.scrubber.scrub(annotation?.title === undefined ? message : `${annotation.title}: ${message}`);
    tl.logIssue(type, text, annotation?.file, annotation?.line, annotation?.column);
  }
}
