import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Clock } from '../clock.js';
import { AzureError, ConfigurationError, ErrorCodes } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PackerBakeInputs } from './bake-config.js';
import { writeBakeManifest, type BakeManifest } from './bake-manifest.js';
import { azureResults, PackerArtifactCollector, parsePackerLine, uiText, type PackerArtifact } from './packer-output.js';

export interface PackerBakeResult {
  manifest: BakeManifest;
  manifestPath: string;
  buildLog: string;
  artifacts: PackerArtifact[];
  galleryVersionId?: string;
}

/** The argv of `packer build`: a pure function, so what reaches Packer is testable without running it. */
export function packerArgs(inputs: Pick<PackerBakeInputs, 'template' | 'variables' | 'varFiles' | 'only'>): string[] {
  const args = ['build', '-machine-readable', '-color=false'];
  if (inputs.only.length > 0) args.push(`-only=${inputs.only.join(',')}`);
  for (const [name, value] of Object.entries(inputs.variables)) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      throw new ConfigurationError(ErrorCodes.inputInvalid, `Packer variable name "${name}" is not valid; use letters, digits, _ and -.`);
    }
    args.push('-var', `${name}=${value}`);
  }
  for (const file of inputs.varFiles) args.push(`-var-file=${file}`);
  args.push(inputs.template);
  return args;
}

/**
 * Runs the user's Packer template (no shell: argv array), streams its UI lines to the log, keeps the raw
 * machine-readable output as the build log, and collects the artifacts.
 */
export async function bakeWithPacker(
  inputs: PackerBakeInputs,
  deps: { logger: Logger; clock: Clock; signal?: AbortSignal; workDir: string },
): Promise<PackerBakeResult> {
  const { logger } = deps;
  await mkdir(deps.workDir, { recursive: true });
  const buildLog = join(deps.workDir, 'packer-build.log');
  const args = packerArgs(inputs);
  // Variable values are not printed: they may be long, and a user might pass something sensitive anyway.
  logger.info(`Running ${inputs.packerPath} build on ${inputs.template} (${Object.keys(inputs.variables).length} variables)`);
  const collector = new PackerArtifactCollector();
  let lastError = '';
  const exitCode = await logger.group('Packer build', async () => {
    const log = createWriteStream(buildLog);
    const child = spawn(inputs.packerPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(deps.signal ? { signal: deps.signal } : {}),
      env: { ...process.env, PACKER_NO_COLOR: '1' },
    });
    const spawned = new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve(code ?? 1));
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      const record = parsePackerLine(line);
      if (!record) return;
      collector.add(record);
      const ui = uiText(record);
      if (ui?.level === 'error') {
        lastError = ui.text;
        logger.error(ui.text);
      } else if (ui) {
        logger.info(ui.text);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      log.write(d);
      lastError ||= d.toString().trim();
    });
    try {
      return await spawned;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new ConfigurationError(
          ErrorCodes.toolMissing,
          `Packer was not found ("${inputs.packerPath}"). Install it (https://developer.hashicorp.com/packer/install, or ` +
            '`sudo apt-get install -y packer` on Debian) or set packer-path.',
        );
      }
      throw error;
    } finally {
      await new Promise<void>((resolve) => log.end(resolve));
    }
  });
  if (exitCode !== 0) {
    throw new AzureError(
      ErrorCodes.toolFailed,
      `packer build ${inputs.template} failed with exit code ${exitCode}: ${lastError.split('\n')[0] || 'see the build log'}. ` +
        `Full output: ${buildLog}. Run \`packer validate ${inputs.template}\` locally to check the template.`,
    );
  }
  const artifacts = collector.artifacts();
  const azure = azureResults(artifacts);
  const manifest: BakeManifest = {
    schemaVersion: 1,
    engine: 'packer',
    ...(azure.managedImageId ? { imageId: azure.managedImageId } : {}),
    artifacts: artifacts.map((a) => a.id ?? a.string ?? `${a.target}#${a.index}`),
    buildLog,
    createdAt: new Date(deps.clock.now()).toISOString(),
  };
  if (azure.galleryVersionId) manifest.galleryVersionId = azure.galleryVersionId;
  const manifestPath = await writeBakeManifest(inputs.manifestPath ?? join(deps.workDir, 'bake-manifest.json'), manifest);
  return { manifest, manifestPath, buildLog, artifacts, ...(azure.galleryVersionId ? { galleryVersionId: azure.galleryVersionId } : {}) };
}
