import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError, ErrorCodes } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SummarySection } from '../../summary/summary.js';
import { compareSeverity } from '../finding.js';
import { extractFilesystem } from './extract-filesystem.js';
import { DEFAULT_PROFILE, oscapEval, tailoredProfileId } from './oscap-eval.js';
import { remediationHints, type RemediationHint } from './remediation-hints.js';
import { chooseSsgContent, readOsRelease } from './scap-content.js';

export interface OpenscapScanOptions {
  /** Root filesystem folder, or a raw/VHD disk with an ext filesystem. */
  target: string;
  /** SCAP data stream; default: the installed SSG content matching the image's os-release. */
  content?: string;
  /** XCCDF profile id (or a unique suffix); default: the tailoring file's profile, else SSG's standard profile. */
  profile?: string;
  tailoringFile?: string;
  workDir: string;
}

export interface OpenscapScanResult {
  /** The XCCDF results file, for the report loader. */
  resultsFile: string;
  outputFile: string;
  content: string;
  profile: string;
  /** Rule results as oscap printed them. */
  printed: Record<string, number>;
  hints: RemediationHint[];
  seconds: number;
  /** Summary sections: what oscap evaluated, and the remediation hints of failed rules. */
  sections: SummarySection[];
}

async function requireFile(path: string, input: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (found?.isFile() !== true) throw new ConfigurationError(ErrorCodes.inputInvalid, `Input ${input}: ${path} is not a file. Check the path (relative paths are from the working directory).`);
}

function describeCounts(printed: Record<string, number>): string {
  return Object.entries(printed).map(([result, n]) => `${n} ${result}`).join(', ') || 'no rule evaluated';
}

/** Shown per failed rule in the log and the summary: enough to find the fix without opening the 3 MB results file. */
function hintLines(hint: RemediationHint): string[] {
  const lines = [`FAIL [${hint.severity}] ${hint.ruleId}: ${hint.title}`];
  if (hint.idents.length > 0) lines.push(`  identifiers: ${hint.idents.join(', ')}`);
  if (hint.references.length > 0) lines.push(`  references: ${hint.references.slice(0, 4).join('; ')}${hint.references.length > 4 ? ` (+${hint.references.length - 4} more)` : ''}`);
  if (hint.fixSystems.length > 0) lines.push(`  fixes shipped: ${hint.fixSystems.join(', ')}`);
  if (hint.shellFix !== undefined) lines.push(`  shell fix: ${hint.shellFix.split('\n').join(' ; ')}`);
  return lines;
}

/**
 * Runs OpenSCAP on an image offline: the disk's filesystem is copied out with debugfs (a folder is read in
 * place), the SCAP content is chosen from its os-release, `oscap xccdf eval` runs with OSCAP_PROBE_ROOT, and
 * the failed rules' remediation is collected. The gate itself is the caller's: it loads resultsFile like any report.
 */
export async function scanWithOpenscap(options: OpenscapScanOptions, logger: Logger, signal?: AbortSignal): Promise<OpenscapScanResult> {
  const workDir = join(options.workDir, 'openscap');
  await mkdir(workDir, { recursive: true });
  const target = await stat(options.target).catch(() => undefined);
  if (target === undefined) throw new ConfigurationError(ErrorCodes.inputInvalid, `Input path: ${options.target} does not exist. Pass the rootfs folder or the raw/VHD disk to scan.`);
  if (options.content !== undefined) await requireFile(options.content, 'scap-content');
  if (options.tailoringFile !== undefined) await requireFile(options.tailoringFile, 'tailoring-file');
  const root = target.isDirectory() ? options.target : await extractFilesystem(options.target, workDir, logger, signal);
  try {
    const os = await readOsRelease(root);
    const content = options.content ?? (await chooseSsgContent(root)).file;
    const profile = options.profile ?? (options.tailoringFile !== undefined ? await tailoredProfileId(options.tailoringFile) : undefined) ?? DEFAULT_PROFILE;
    logger.info(`Image OS: ${os?.prettyName ?? 'unknown (no os-release)'}; SCAP content ${content}; profile ${profile}${options.tailoringFile ? ` tailored by ${options.tailoringFile}` : ''}`);
    const evaluated = await oscapEval({ root, content, profile, workDir, ...(options.tailoringFile ? { tailoringFile: options.tailoringFile } : {}) }, logger, signal);
    logger.info(`oscap evaluated ${describeCounts(evaluated.printed)} in ${evaluated.seconds.toFixed(1)} s (exit ${evaluated.exitCode}); results ${evaluated.resultsFile}`);
    const { hints, testResultId } = remediationHints(await readFile(evaluated.resultsFile, 'utf8'));
    hints.sort((a, b) => compareSeverity(b.severity, a.severity));
    for (const hint of hints) for (const line of hintLines(hint)) logger.info(line);
    const generate = `oscap xccdf generate fix --fix-type bash${testResultId ? ` --result-id ${testResultId}` : ''} --output fix.sh ${evaluated.resultsFile}`;
    if (hints.length > 0) logger.info(`A remediation script for the failed rules: ${generate}`);
    const sections: SummarySection[] = [
      {
        kind: 'text',
        heading: 'OpenSCAP evaluation',
        text: `oscap evaluated ${os?.prettyName ?? options.target} with profile ${profile} of ${content}${options.tailoringFile ? ` (tailoring ${options.tailoringFile})` : ''}: ${describeCounts(evaluated.printed)} in ${evaluated.seconds.toFixed(1)} s.`,
      },
    ];
    if (hints.length > 0) {
      sections.push({
        kind: 'table',
        heading: 'OpenSCAP remediation',
        columns: ['Severity', 'Rule', 'Title', 'References', 'Fixes shipped'],
        rows: hints.map((h) => [h.severity, h.ruleId.replace(/^xccdf_org\.ssgproject\.content_rule_/, ''), h.title, [...h.idents, ...h.references.slice(0, 2)].join('; '), h.fixSystems.join(', ')]),
      });
      sections.push({ kind: 'text', heading: 'Remediation script', text: `Generate one for the failed rules with: ${generate}` });
    }
    return { resultsFile: evaluated.resultsFile, outputFile: evaluated.outputFile, content, profile, printed: evaluated.printed, hints, seconds: evaluated.seconds, sections };
  } finally {
    // The copy debugfs made is the size of the image's files; the results and the oscap output stay.
    if (!target.isDirectory()) await rm(root, { recursive: true, force: true });
  }
}
