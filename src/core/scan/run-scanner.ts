import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AzureError, ConfigurationError, ErrorCodes } from '../errors.js';
import type { Logger } from '../logger.js';

export type ScannerName = 'trivy' | 'grype';

const INSTALL_HINT: Record<ScannerName, string> = {
  trivy: 'install it (https://trivy.dev/latest/getting-started/installation/, e.g. aquasecurity/setup-trivy on GitHub)',
  grype: 'install it (https://github.com/anchore/grype#installation, e.g. anchore/scan-action/download-grype on GitHub)',
};

export interface ScannerInvocation {
  command: ScannerName;
  args: string[];
}

/**
 * The argument list for a scanner (no shell: paths with spaces or `;` stay one argument). A directory is a
 * rootfs; a file is a disk image, which only `trivy vm` can read.
 */
export function scannerArgs(scanner: ScannerName, target: string, isDirectory: boolean, outputFile: string): ScannerInvocation {
  if (scanner === 'trivy') {
    return { command: 'trivy', args: [isDirectory ? 'rootfs' : 'vm', '--format', 'json', '--output', outputFile, '--quiet', target] };
  }
  if (!isDirectory) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `Input path: ${target} is a disk image, which grype cannot read. Use scanner: trivy (trivy vm) or mount the image and pass its root folder.`,
    );
  }
  return { command: 'grype', args: [`dir:${target}`, '--output', 'json', '--file', outputFile, '--quiet'] };
}

function run(command: string, args: string[], signal: AbortSignal): Promise<{ code: number | string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { signal, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (err, _stdout, stderr) => {
      if (err === null) resolve({ code: 0, stderr });
      else resolve({ code: (err as NodeJS.ErrnoException).code ?? 1, stderr: String(stderr) });
    });
  });
}

/**
 * Runs the scanner on a rootfs folder or disk image and returns the JSON report it wrote. `auto` tries trivy,
 * then grype. A missing tool is E_SCANNER_MISSING naming it; a failing run is E_SCANNER_FAILED with its stderr.
 */
export async function runScanner(
  scanner: ScannerName | 'auto',
  target: string,
  workDir: string,
  logger: Logger,
  signal: AbortSignal,
): Promise<string> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (stat === undefined) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `Input path: ${target} does not exist. Pass the rootfs folder or disk image file to scan.`);
  }
  const candidates: ScannerName[] = scanner === 'auto' ? (stat.isDirectory() ? ['trivy', 'grype'] : ['trivy']) : [scanner];
  for (const name of candidates) {
    const outputFile = path.join(workDir, `${name}-report.json`);
    const invocation = scannerArgs(name, target, stat.isDirectory(), outputFile);
    logger.debug(`runScanner: ${invocation.command} ${JSON.stringify(invocation.args)}`);
    const result = await run(invocation.command, invocation.args, signal);
    if (result.code === 'ENOENT') {
      logger.info(`${name} is not on PATH.`);
      continue;
    }
    if (result.code !== 0) {
      const lastLine = result.stderr.trim().split('\n').filter((l) => l.trim() !== '').pop() ?? '(no output)';
      throw new AzureError(
        ErrorCodes.scannerFailed,
        `${name} ${invocation.args.join(' ')} failed (exit ${String(result.code)}): ${lastLine}. Run it locally with the same arguments to see the full output.`,
      );
    }
    return outputFile;
  }
  const names = candidates.join(' or ');
  throw new ConfigurationError(
    ErrorCodes.scannerMissing,
    `Cannot scan ${target}: ${names} is not installed on this runner. ${candidates.map((c) => `For ${c}, ${INSTALL_HINT[c]}`).join('; ')}; or pass existing report files in the reports input.`,
  );
}
