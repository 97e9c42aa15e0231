import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AzureContext } from '../azure/azure-context.js';
import type { Logger } from '../logger.js';
import type { Summary } from '../summary/summary.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { SEVERITIES, type SeverityCounts } from './finding.js';
import { runImageChecks, type CheckResult, type ImageChecks, type ImageTarget } from './image-checks.js';
import { loadReports, type MergedReports } from './load-reports.js';
import { ErrorCodes, ImagePublishError } from '../errors.js';
import { scanWithOpenscap, type OpenscapScanResult } from './openscap/openscap-scan.js';
import { runScanner, type ScannerName } from './run-scanner.js';
import { jsonReportText, writeChunks } from './scan-files.js';
import type { ScanPolicy } from './scan-policy.js';
import { buildScanSummary } from './scan-summary.js';
import { sarifCapNote, sarifText, type SarifCount } from './sarif-writer.js';
import { checkVhdFile, looksLikeVhd } from './vhd-check.js';

/** Everything a scan needs, already validated by the step. */
export interface ScanRequest {
  /** Report files or globs, resolved against `cwd`. */
  reports: readonly string[];
  /** Rootfs folder or disk image to run a scanner on. */
  path?: string;
  scanner: ScannerName | 'auto' | 'none';
  /** Run OpenSCAP on `path` offline: content, profile and tailoring (defaults from the image's os-release). */
  openscap?: { content?: string; profile?: string; tailoringFile?: string };
  policy: ScanPolicy;
  sarifFile?: string;
  reportFile?: string;
  sarifCategory?: string;
  /** The published version the built-in checks read through ARM; undefined skips them. */
  image?: ImageTarget;
  checks: ImageChecks;
  toolVersion: string;
  workDir: string;
  cwd: string;
}

/** What a scan runs with: Azure only for the built-in image checks. */
export interface ScanEnvironment {
  azure: AzureContext;
  logger: Logger;
  signal: AbortSignal;
  now: number;
}

/** The verdict and where it was written; `failures` empty means passed. */
export interface ScanResult {
  passed: boolean;
  counts: SeverityCounts;
  failures: string[];
  warnings: string[];
  sarifFile: string;
  reportFile: string;
  sarif: SarifCount;
  summary: Summary;
}

/** What the local scans of `path` produced: report files to load, and OpenSCAP's own summary sections. */
interface PathScan {
  reports: string[];
  openscap?: OpenscapScanResult;
}

/** Local checks, OpenSCAP and scanner runs on `path`. */
async function scanPath(request: ScanRequest, env: ScanEnvironment, checks: CheckResult[]): Promise<PathScan> {
  if (request.path === undefined) return { reports: [] };
  const target = path.resolve(request.cwd, request.path);
  const stat = await fs.stat(target).catch(() => undefined);
  if (request.checks.vhd !== false && stat?.isFile() === true && (await looksLikeVhd(target))) {
    checks.push(...(await env.logger.group('VHD checks', () => checkVhdFile(target))));
  }
  const scap = request.openscap;
  const openscap =
    scap === undefined
      ? undefined
      : await env.logger.group('OpenSCAP', () => scanWithOpenscap({ target, workDir: request.workDir, ...scap }, env.logger, env.signal));
  const reports = openscap === undefined ? [] : [openscap.resultsFile];
  const scanner = request.scanner;
  if (scanner === 'none') return { reports, ...(openscap ? { openscap } : {}) };
  const report = await env.logger.group('Scanner', () => runScanner(scanner, target, request.workDir, env.logger, env.signal)).catch((error: unknown) => {
    // With OpenSCAP running, scanner auto means "Trivy or Grype too, when installed".
    if (openscap === undefined || scanner !== 'auto' || !(error instanceof ImagePublishError) || error.code !== ErrorCodes.scannerMissing) throw error;
    env.logger.info('Neither trivy nor grype is installed: the image is gated on OpenSCAP alone.');
    return undefined;
  });
  return { reports: report === undefined ? reports : [...reports, report], ...(openscap ? { openscap } : {}) };
}

async function readReports(patterns: readonly string[], request: ScanRequest, env: ScanEnvironment): Promise<MergedReports> {
  return env.logger.group('Reports', async () => {
    const options = { severityMap: request.policy.severityMap, endOfSupportSeverity: request.policy.endOfSupportSeverity };
    const merged = await loadReports(patterns, request.cwd, options);
    if (merged.reports.length === 0) env.logger.info('No scanner reports given.');
    for (const r of merged.reports) env.logger.info(`${r.file}: ${r.format} (${r.tool}), ${r.findings} finding(s)`);
    if (merged.duplicates > 0) env.logger.info(`${merged.duplicates} duplicate finding(s) counted once.`);
    return merged;
  });
}

/**
 * Runs a scan: local checks and scanner on `path`, every report parsed and merged, the policy, the built-in image
 * checks, then SARIF, the JSON report and the summary. Never throws for a failed policy: the caller decides.
 */
export async function runScan(request: ScanRequest, env: ScanEnvironment): Promise<ScanResult> {
  await fs.mkdir(request.workDir, { recursive: true });
  const checks: CheckResult[] = [];
  const local = await scanPath(request, env, checks);
  const patterns = [...request.reports, ...local.reports];
  const merged = await readReports(patterns, request, env);
  const outcome = evaluatePolicy(merged.findings, merged.compliance, request.policy, env.now, merged.reports);
  const image = request.image;
  if (image !== undefined) checks.push(...(await env.logger.group('Image checks', () => runImageChecks(env.azure, image, request.checks, env.now))));
  for (const r of checks) env.logger.info(`${r.passed ? 'pass' : 'FAIL'} ${r.check}: ${r.detail}`);
  const failures = [...outcome.failures, ...checks.filter((c) => !c.passed).map((c) => `Image check ${c.check} failed: ${c.detail}.`)];
  const passed = failures.length === 0;
  const warnings = [...outcome.warnings];
  // Remaining findings are worth a warning only when they did not fail the gate anyway.
  if (passed && outcome.active.length > 0) {
    warnings.push(`${outcome.active.length} finding(s) remain below the failure thresholds (${SEVERITIES.filter((s) => outcome.counts[s] > 0).map((s) => `${outcome.counts[s]} ${s}`).join(', ')}).`);
  }
  const sarifFile = path.resolve(request.workDir, request.sarifFile ?? 'image-scan.sarif');
  const reportFile = path.resolve(request.workDir, request.reportFile ?? 'image-scan.json');
  const sarif = await writeChunks(sarifFile, sarifText(outcome.active, { toolVersion: request.toolVersion, category: request.sarifCategory }));
  if (sarif.leftOut > 0) warnings.push(sarifCapNote(sarif));
  const head = {
    passed,
    counts: outcome.counts,
    failures,
    warnings,
    reports: merged.reports,
    duplicates: merged.duplicates,
    compliance: outcome.compliance,
    imageChecks: checks,
    sarif: { file: sarifFile, ...sarif },
  };
  await writeChunks(reportFile, jsonReportText(head, outcome.active, outcome.suppressed));
  for (const w of warnings) env.logger.warn(w);
  const summary = buildScanSummary(merged, { ...outcome, passed, failures, warnings }, checks);
  if (local.openscap !== undefined) summary.sections.splice(1, 0, ...local.openscap.sections);
  return { passed, counts: outcome.counts, failures, warnings, sarifFile, reportFile, sarif, summary };
}
