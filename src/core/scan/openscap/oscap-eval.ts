import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AzureError, ConfigurationError, ErrorCodes } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { lastLine, runTool } from '../../bake/rootfs/run-tool.js';

/** SSG's baseline profile, present in every SSG product (Debian's "Standard System Security Profile"). */
export const DEFAULT_PROFILE = 'xccdf_org.ssgproject.content_profile_standard';

export interface OscapEvalOptions {
  /** The root filesystem, read by OpenSCAP's probes through OSCAP_PROBE_ROOT. */
  root: string;
  content: string;
  profile: string;
  tailoringFile?: string;
  workDir: string;
}

export interface OscapEvalResult {
  resultsFile: string;
  /** What oscap printed, saved beside the results. */
  outputFile: string;
  /** Rule results as oscap printed them ("Result\tpass" lines), per result. */
  printed: Record<string, number>;
  exitCode: number;
  seconds: number;
}

/** Counts the "Result pass" lines oscap prints for each evaluated rule (a carriage return and a tab separate the words: it redraws the line). */
export function countPrintedResults(stdout: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of stdout.matchAll(/^Result[\r\t ]+(\w+)\s*$/gm)) {
    const result = match[1] ?? '';
    counts[result] = (counts[result] ?? 0) + 1;
  }
  return counts;
}

/** The first Profile a tailoring file defines: the profile to evaluate when the user named none. */
export async function tailoredProfileId(tailoringFile: string): Promise<string | undefined> {
  const xml = await readFile(tailoringFile, 'utf8').catch(() => {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `Input tailoring-file: ${tailoringFile} cannot be read. Pass an XCCDF tailoring file (oscap xccdf eval --tailoring-file).`);
  });
  return /<(?:\w+:)?Profile\b[^>]*\bid="([^"]+)"/.exec(xml)?.[1];
}

/**
 * `oscap xccdf eval` on a root filesystem that is not the running system. oscap exits 0 when every rule passed,
 * 2 when at least one failed (a result for the gate, not an error) and 1 on an error.
 */
export async function oscapEval(options: OscapEvalOptions, logger: Logger, signal?: AbortSignal): Promise<OscapEvalResult> {
  const resultsFile = join(options.workDir, 'openscap-results.xml');
  const outputFile = join(options.workDir, 'openscap-output.txt');
  const args = ['xccdf', 'eval', '--profile', options.profile, '--results', resultsFile];
  if (options.tailoringFile !== undefined) args.push('--tailoring-file', options.tailoringFile);
  args.push(options.content);
  logger.info(`OSCAP_PROBE_ROOT=${options.root} oscap ${args.join(' ')}`);
  const started = Date.now();
  const run = await runTool('oscap', args, { env: { ...process.env, OSCAP_PROBE_ROOT: options.root }, ...(signal ? { signal } : {}) });
  const seconds = (Date.now() - started) / 1000;
  if (run.missing) {
    throw new ConfigurationError(
      ErrorCodes.scannerMissing,
      'Input openscap: oscap is not installed on this runner. Install OpenSCAP and the SCAP Security Guide (Debian/Ubuntu: apt-get install -y openscap-scanner ssg-debian; RHEL: dnf install openscap-scanner scap-security-guide), or pass its results file in reports.',
    );
  }
  await writeFile(outputFile, run.stdout + (run.stderr ? `\n--- stderr ---\n${run.stderr}` : ''));
  if (run.code !== 0 && run.code !== 2) {
    const last = lastLine(run);
    if (/no profile (matching|with id)/i.test(run.stderr + run.stdout)) {
      throw new ConfigurationError(ErrorCodes.inputInvalid, `Input scap-profile: ${options.profile} is not a profile of ${options.content}${options.tailoringFile ? ` or ${options.tailoringFile}` : ''} (${last}). List them with: oscap info --profiles ${options.content}`);
    }
    throw new AzureError(ErrorCodes.scannerFailed, `oscap ${args.join(' ')} failed (exit ${run.code}): ${last}. Its output is in ${outputFile}; run the same command locally with OSCAP_PROBE_ROOT set.`);
  }
  return { resultsFile, outputFile, printed: countPrintedResults(run.stdout), exitCode: run.code, seconds };
}
