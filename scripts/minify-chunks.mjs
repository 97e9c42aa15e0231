// Minifies ncc's lazily loaded chunks in place (ncc's own --minify only covers the entry file). Smaller chunks
// keep each Azure DevOps task folder, and so the .vsix, small and give Node less to parse at start. Names are
// kept: error classes and SDK code read constructor and function names at run time.
// Usage: node scripts/minify-chunks.mjs <dist dir>
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';

const dist = process.argv[2];
const chunks = readdirSync(dist).filter((f) => /^\d+\.index\.js$/.test(f));
await Promise.all(
  chunks.map(async (file) => {
    const path = join(dist, file);
    const { code } = await transform(readFileSync(path, 'utf8'), { minify: true, keepNames: true, format: 'esm', platform: 'node', target: 'node20', legalComments: 'none' });
    writeFileSync(path, code);
  }),
);
