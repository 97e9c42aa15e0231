// The CLI as the bundle runs it (src/runtime/bundle-entry.ts's runCli, which loads steps by name), from source
// under tsx, so a test can see which packages a command imports without building dist/.
import { runCli } from '../../src/runtime/bundle-entry.js';

process.exitCode = await runCli(process.argv.slice(2));
