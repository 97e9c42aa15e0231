// `npm run bench` runs every bench/*.ts (except this dispatcher) one after another, each in its own Node 24
// process; `npm run bench -- startup` runs bench/startup.ts only. Benchmarks print figures and never fail the run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.join(', ')}.`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`\n=== bench/${name}.ts ===`);
  const result = spawnSync('bash', [join(root, 'scripts/node24'), '--import', 'tsx', join(here, `${name}.ts`)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) console.log(`(bench/${name}.ts exited with ${result.status}; figures above may be incomplete)`);
}
