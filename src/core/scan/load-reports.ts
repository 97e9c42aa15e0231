import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError } from '../errors.js';
import type { ComplianceResult, Finding, ParsedReport } from './finding.js';
import { compareSeverity, findingKey } from './finding.js';
import { parseReport } from './detect-format.js';
import { ScanErrorCodes } from './report-input.js';

const GLOB_CHARS = /[*?[\]{}]/;

type GlobFn = (pattern: string, options: { cwd: string }) => AsyncIterable<string>;

/** Expands one pattern relative to `cwd`; literal paths are returned as they are so a typo gets a clear error. */
async function expand(pattern: string, cwd: string): Promise<string[]> {
  if (!GLOB_CHARS.test(pattern)) return [path.resolve(cwd, pattern)];
  // fs.promises.glob exists from Node 22; the bundles also run on Node 20.
  const glob = (fs as unknown as { glob?: GlobFn }).glob;
  if (glob === undefined) {
    throw new ConfigurationError(
      'E_INPUT_INVALID',
      `Input reports: the pattern "${pattern}" needs Node 22 or later for glob support; list the report files explicitly instead.`,
    );
  }
  const matches: string[] = [];
  for await (const match of glob(pattern, { cwd })) matches.push(path.resolve(cwd, match));
  if (matches.length === 0) {
    throw new ConfigurationError(
      ScanErrorCodes.reportNotFound,
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
export async function loadReport(file: string): Promise<ParsedReport> {
  let content: string;
  try {
    content = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      ScanErrorCodes.reportNotFound,
      `Scan report ${file} cannot be opened (${code ?? String(err)}). Check the reports input and that the scanner wrote the file.`,
    );
  }
  return parseReport(file, content);
}

export interface MergedReports {
  reports: { file: string; format: string; tool: string; findings: number }[];
  /** Distinct findings: duplicates across and within reports are merged, keeping the highest severity. */
  findings: Finding[];
  compliance: ComplianceResult[];
  duplicates: number;
}

/** Merges parsed reports, counting a finding reported twice (same vulnerability, package and version) once. */
export function mergeReports(parsed: readonly ParsedReport[]): MergedReports {
  const byKey = new Map<string, Finding>();
  let duplicates = 0;
  for (const report of parsed) {
    for (const finding of report.findings) {
      const key = findingKey(finding);
      const existing = byKey.get(key);
      if (existing === undefined) {
        byKey.set(key, { ...finding });
        continue;
      }
      duplicates += 1;
      if (compareSeverity(finding.severity, existing.severity) > 0) existing.severity = finding.severity;
      if (existing.fixState !== 'fixed' && finding.fixState === 'fixed') {
        existing.fixState = 'fixed';
        existing.fixedVersion = finding.fixedVersion;
      }
      // Only suppressed if every report that saw it says so.
      if (finding.suppressedBy === undefined) delete existing.suppressedBy;
    }
  }
  return {
    reports: parsed.map((r) => ({ file: r.file, format: r.format, tool: r.tool, findings: r.findings.length })),
    findings: [...byKey.values()],
    compliance: parsed.flatMap((r) => r.compliance),
    duplicates,
  };
}

/** Expands the patterns, parses every report and merges them. */
export async function loadReports(patterns: readonly string[], cwd: string): Promise<MergedReports> {
  const files = await resolveReportFiles(patterns, cwd);
  const parsed: ParsedReport[] = [];
  for (const file of files) parsed.push(await loadReport(file));
  return mergeReports(parsed);
}
