// Reads ncc's webpack stats and writes dist/bundle-files.json: for each surface and step, the files of dist/ that
// running it can load (the entry, its runtime's chunks, the step's chunks and the lazy chunks imported from any
// of them). scripts/package-stage.ts ships exactly these in each Azure DevOps task folder; bench/startup prints
// their sizes. The CLI's `emulator` command is not a step: its chunks are never listed.
// Usage: node scripts/bundle-files.mjs <stats.json> <dist dir> <step name>...
import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [statsFile, distDir, ...stepNames] = process.argv.slice(2);
const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
const surfaces = { github: './github/github-runtime.js', azdo: './azdo/azdo-runtime.js', cli: './cli/cli-runtime.js' };
const EMULATOR = /\/emulator\//;

/** Every module name a chunk holds, including the parts of concatenated modules. */
function moduleNames(chunk) {
  const names = [];
  const walk = (modules) => {
    for (const m of modules ?? []) {
      if (m.name) names.push(m.name.replace(/ \+ \d+ modules$/, ''));
      walk(m.modules);
    }
  };
  walk(chunk.modules);
  return names;
}

const lazyChunks = stats.chunks.filter((c) => !c.entry);
const entryFiles = stats.chunks.filter((c) => c.entry).flatMap((c) => c.files);

/** Chunks loaded by `import(request)` from a module whose name ends with `fromModule`. */
function chunksImported(fromModule, request) {
  return lazyChunks.filter((c) => c.origins.some((o) => o.moduleName?.endsWith(fromModule) && o.request === request));
}

/** The closure: chunks imported from any module already included, except the emulator's. */
function reachable(roots) {
  const included = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    const modules = new Set([...included].flatMap(moduleNames));
    for (const chunk of lazyChunks) {
      if (included.has(chunk)) continue;
      const imported = chunk.origins.some((o) => modules.has(o.moduleName?.replace(/ \+ \d+ modules$/, '')) && !EMULATOR.test(o.request ?? ''));
      if (imported) {
        included.add(chunk);
        grew = true;
      }
    }
  }
  return included;
}

const files = {};
for (const [surface, runtime] of Object.entries(surfaces)) {
  for (const step of stepNames) {
    const roots = [...chunksImported('runtime/bundle-entry.js', runtime), ...chunksImported('runtime/step-loader.js', `../steps/${step}.js`)];
    if (roots.length < 2) throw new Error(`bundle-files: no chunks for ${surface}/${step}; did the entry or step-loader change?`);
    const chunkFiles = [...reachable(roots)].flatMap((c) => c.files).sort();
    files[`${surface}/${step}`] = [...entryFiles, ...chunkFiles];
  }
}
writeFileSync(join(distDir, 'bundle-files.json'), `${JSON.stringify(files, null, 2)}\n`);
