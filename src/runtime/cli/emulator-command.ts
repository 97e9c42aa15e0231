// The CLI's `emulator` command: the one file outside src/emulator and src/demo allowed to import them (eslint.config.js).
import { failureExitCode, failureText } from '../shared/failure.js';
import type { CliIo } from './cli-runtime.js';
import { parseEmulatorArgs, renderEmulatorHelp } from './emulator-args.js';

/** Serves the emulator (and Azurite, when asked) until stopped; returns the exit code. */
export async function runEmulator(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseEmulatorArgs(argv);
  } catch (error) {
    io.stderr(`error: ${failureText(error)}\n`);
    return failureExitCode(error);
  }
  if (parsed.help) {
    io.stdout(renderEmulatorHelp());
    return 0;
  }
  const a = parsed.args;
  // Imported only for this sub-command (ncc puts them in their own chunk), so steps never load emulator code.
  const { serveEmulator } = await import('../../emulator/emulator-cli.js');
  const { startAzuriteProcess } = await import('../../demo/azurite-process.js');
  return serveEmulator({
    port: a.port,
    host: a.host,
    speed: a.speed,
    quiet: a.quiet,
    json: a.json,
    seed: { resourceGroup: a.resourceGroup, location: a.location },
    ...(a.stateFile === undefined ? {} : { stateFile: a.stateFile }),
    ...(a.caCertFile === undefined ? {} : { caCertFile: a.caCertFile }),
    ...(a.caKeyFile === undefined ? {} : { caKeyFile: a.caKeyFile }),
    ...(a.azuritePort === undefined ? {} : { azurite: { port: a.azuritePort, start: (port: number) => startAzuriteProcess({ port }) } }),
    out: (line) => io.stdout(`${line}\n`),
    err: (line) => io.stderr(`${line}\n`),
  });
}
