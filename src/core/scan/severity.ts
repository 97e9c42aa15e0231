import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { Severity } from './finding.js';
import type { ReportPath } from './report-shape.js';

/** What the parsers need from the policy: how to read severities and rate an unsupported OS. */
export interface ParseOptions {
  /** User-mapped severity words, keys lower-case (e.g. severe → high); consulted before the built-in words. */
  severityMap?: Readonly<Record<string, Severity>>;
  /** Severity of the finding for an operating system its scanner reports as out of support (default high). */
  endOfSupportSeverity?: Severity;
}

/**
 * Severity words the supported scanners write: Trivy (CRITICAL…UNKNOWN), Grype (Negligible), CycloneDX
 * (info, none), XCCDF (info), Red Hat (important, moderate). `none` and `info` mean "no action needed".
 */
const KNOWN: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
  negligible: 'low',
  unknown: 'unknown',
  info: 'info',
  informational: 'info',
  none: 'info',
};

/**
 * Reads a severity word from a report. Absent means the scanner did not rate it (`unknown`); a word nobody
 * mapped is an error, because guessing would let a made-up severity slip under the gate.
 */
export function readSeverity(word: string | undefined, at: ReportPath, options: ParseOptions): Severity {
  if (word === undefined || word.trim() === '') return 'unknown';
  const key = word.trim().toLowerCase();
  const severity = options.severityMap?.[key] ?? KNOWN[key];
  if (severity !== undefined) return severity;
  throw new ConfigurationError(
    ErrorCodes.severityUnmapped,
    `Scan report ${at.file}: ${at.path} has severity "${word}", which is not a severity image-publish knows ` +
      `(${Object.keys(KNOWN).join(', ')}). Map it with the severity-map input, e.g. {"${word}": "high"}, or image.yaml scan.severityMap.`,
  );
}

/** GitHub's security-severity bands: 9.0+ critical, 7.0+ high, 4.0+ medium, 0.1+ low, 0.0 none (info). */
export function severityFromScore(score: number): Severity {
  if (score < 0.1) return 'info';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}
