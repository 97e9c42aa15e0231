import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { ComplianceResult, Finding, ParsedReport } from './finding.js';
import { compareSeverity, findingKey } from './finding.js';
import { parseReport } from './detect-format.js';
import type { ParseOptions } from './severity.js';

const GLOB_CHARS = /[*?[\]{}]/;

type GlobFn = (pattern: string, options: { cwd: string }) => AsyncIterable<string>;

/** Expands one pattern relative to `cwd`; literal paths are returned as they are so a typo gets a clear error. */
async function expand(pattern: string, cwd: string): Promise<string[]> {
  if (!GLOB_CHARS.test(pattern)) return [path.resolve(cwd, pattern)];
  // fs.promises.glob exists from Node 22; the bundles also run on Node 20.
  const glob = (fs as unknown as { glob?: GlobFn }).glob;
  if (glob === undefined) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `Input reports: the pattern "${pattern}" needs Node 22 or later for glob support; list the report files explicitly instead.`,
    );
  }
  const matches: string[] = [];
  for await (const match of glob(pattern, { cwd })) matches.push(path.resolve(cwd, match));
  if (matches.length === 0) {
    throw new ConfigurationError(
      ErrorCodes.reportNotFound,
      `Input reports: the pattern "${pattern}" matched no file under ${cwd}. Check the path and that the scanner step ran before this one.`,
    );
  }
  return matches.sort();
}

/** Resolves patterns to distinct report files, in a stable order. */
export async function resolveReportFiles(patterns: readonly string[], cwd: string): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of patterns) for (const file of await expand(pattern, cwd)) files.add(file);
  return [...files];
}

/** Reads and parses one report file; a missing file is E_REPORT_NOT_FOUND naming it. */
export async function loadReport(file: string, options: ParseOptions = {}): Promise<ParsedReport> {
  let content: string;
  try {
    content = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      ErrorCodes.reportNotFound,
      `Scan report ${file} cannot be opened (${code ?? String(err)}). Check the reports input and that the scanner wrote the file.`,
    );
  }
  return parseReport(file, content, options);
}

/** What one report contributed, for the log, the summary and the JSON report. */
export interface ReportRead {
  file: string;
  format: string;
  tool: string;
  findings: number;
  /** XCCDF/ARF only: rule-results per result value (pass, fail, notchecked, …), so an empty evaluation shows. */
  results?: Record<string, number>;
}

export interface MergedReports {
  reports: ReportRead[];
  /** Distinct findings: duplicates across and within reports are merged, keeping the highest severity. */
  findings: Finding[];
  compliance: ComplianceResult[];
  duplicates: number;
}

/**
 * Merges findings as each report is parsed, so a report's own array can be dropped right after: the merged
 * map holds the parsed objects themselves, never a copy.
 */
export class FindingCollector {
  private readonly byKey = new Map<string, Finding>();
  private readonly reports: ReportRead[] = [];
  private readonly compliance: ComplianceResult[] = [];
  private duplicates = 0;

  /** Adds one parsed report; a finding seen before (same key) is merged into the first one. */
  add(report: ParsedReport): void {
    for (const finding of report.findings) {
      const key = findingKey(finding);
      const existing = this.byKey.get(key);
      if (existing === undefined) {
        this.byKey.set(key, finding);
        continue;
      }
      this.duplicates += 1;
      if (compareSeverity(finding.severity, existing.severity) > 0) existing.severity = finding.severity;
      if (existing.fixState !== 'fixed' && finding.fixState === 'fixed') {
        existing.fixState = 'fixed';
        existing.fixedVersion = finding.fixedVersion;
      }
      // Only suppressed if every report that saw it says so.
      if (finding.suppressedBy === undefined) delete existing.suppressedBy;
    }
    const read: ReportRead = { file: report.file, format: report.format, tool: report.tool, findings: report.findings.length };
    if (report.format === 'xccdf' || report.format === 'arf') {
      const results: Record<string, number> = {};
      for (const c of report.compliance) results[c.result] = (results[c.result] ?? 0) + 1;
      read.results = results;
    }
    this.reports.push(read);
    for (const c of report.compliance) this.compliance.push(c);
  }

  /** The merged result; the collector should not be used afterwards. */
  result(): MergedReports {
    return { reports: this.reports, findings: [...this.byKey.values()], compliance: this.compliance, duplicates: this.duplicates };
  }
}

/** Merges parsed reports, counting a finding reported twice (same vulnerability, package and version) once. */
export function mergeReports(parsed: readonly ParsedReport[]): MergedReports {
  const collector = new FindingCollector();
  for (const report of parsed) collector.add(report);
  return collector.result();
}

/** Expands the patterns, then parses and merges one report at a time (only one report's raw tree is alive). */
export async function loadReports(patterns: readonly string[], cwd: string, options: ParseOptions = {}): Promise<MergedReports> {
  const files = await resolveReportFiles(patterns, cwd);
  const collector = new FindingCollector();
  for (const file of files) collector.add(await loadReport(file, options));
  return collector.result();
}
