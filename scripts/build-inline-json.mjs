// ncc 0.45's webpack refuses `import x from './file.json' with { type: 'json' }` ("Json Modules Plugin ...
// unknown property 'amd'"). Node needs the attribute, so src keeps it; this rewrites the compiled copy in
// .tmp/build/lib to an inline constant before bundling. Usage: node build-inline-json.mjs <lib dir> <source root it was compiled from>
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const pattern = /^import (\w+) from '([^']+\.json)' with \{ type: 'json' \};$/gm;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (full.endsWith('.js')) yield full;
  }
}

const lib = resolve(process.argv[2]);
// tsc's outDir mirrors the source root, so a path relative to a compiled file is resolved against its source twin.
const srcRoot = resolve(process.argv[3]);
for (const file of files(lib)) {
  const text = readFileSync(file, 'utf8');
  if (!pattern.test(text)) continue;
  const sourceDir = join(srcRoot, dirname(file).slice(lib.length));
  const rewritten = text.replace(pattern, (_m, name, path) => {
    const json = readFileSync(resolve(sourceDir, path), 'utf8');
    return `const ${name} = ${JSON.stringify(JSON.parse(json))};`;
  });
  writeFileSync(file, rewritten);
}
