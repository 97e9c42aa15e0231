/** `npm run emulator`: the emulator's command line, run directly from source. */
import { runEmulatorCli } from './emulator-cli.js';

process.exitCode = await runEmulatorCli(process.argv.slice(2));
