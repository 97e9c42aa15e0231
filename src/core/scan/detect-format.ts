import type { ParsedReport } from './finding.js';
import { parseCycloneDx } from './parse-cyclonedx.js';
import { parseGrype } from './parse-grype.js';
import { parseSarif } from './parse-sarif.js';
import { parseTrivy } from './parse-trivy.js';
import { parseXccdf } from './parse-xccdf.js';
import { asObject, parseJsonReport, reportInvalid } from './report-input.js';
import type { ParseOptions } from './severity.js';

const SUPPORTED = 'Trivy JSON, Grype JSON, SARIF 2.1.0, CycloneDX JSON, OpenSCAP XCCDF/ARF XML';

/**
 * Detects a report's format from its content (never its name) and parses it. `entryListMinChars`: see
 * parseJsonReport (tests set it to read every finding list entry by entry).
 */
export function parseReport(file: string, content: string, options: ParseOptions = {}, entryListMinChars?: number): ParsedReport {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const start = text.trimStart();
  if (start.length === 0) throw reportInvalid(file, 'the file is empty');
  if (start.startsWith('<')) return parseXccdf(file, text, options);
  if (!start.startsWith('{') && !start.startsWith('[')) {
    throw reportInvalid(file, `unknown format (neither JSON nor XML); supported: ${SUPPORTED}`);
  }
  const parsed = parseJsonReport(file, text, entryListMinChars);
  if (Array.isArray(parsed)) {
    throw reportInvalid(file, 'a top-level JSON array is Trivy SchemaVersion 1 output, which is not supported (expected SchemaVersion 2; use Trivy 0.20 or later)');
  }
  const doc = asObject(parsed);
  if (doc === undefined) throw reportInvalid(file, `unknown format (JSON is not an object); supported: ${SUPPORTED}`);
  if ('SchemaVersion' in doc) return parseTrivy(file, doc, options);
  if ('matches' in doc) return parseGrype(file, doc, options);
  if ('runs' in doc) return parseSarif(file, doc, options);
  if (doc.bomFormat === 'CycloneDX') return parseCycloneDx(file, doc, options);
  throw reportInvalid(file, `unknown format (no SchemaVersion, matches, runs or bomFormat key); supported: ${SUPPORTED}`);
}
