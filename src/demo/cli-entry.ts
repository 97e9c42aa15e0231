// The CLI runtime from source, for `npm run demo` child processes: the same runCli that bin/image-publish.mjs
// loads from dist/, so the demo always runs the steps of this tree even before dist/ is rebuilt.
import { runCli } from '../runtime/bundle-entry.js';

process.exitCode = await runCli(process.argv.slice(2));
