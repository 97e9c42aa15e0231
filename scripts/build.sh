#!/usr/bin/env bash
# Builds dist/: tsc compiles src/ to .tmp/build/lib (ncc would type-check the whole program itself and stop on
# any file mid-edit; `npm run build` type-checks first anyway), ncc bundles the one ESM entry into dist/index.js
# plus one chunk per runtime, step and lazily imported SDK (see src/runtime/bundle-entry.ts), scripts/bundle-files.mjs
# lists the chunks each step loads, and scripts/generate.ts writes the per-step stubs that import the entry.
# ESM because @actions/core 3 is ESM-only; ncc 0.45 turns an ESM entry into a single index.mjs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
node24="bash $root/scripts/node24"
out="$root/.tmp/build"
rm -rf "$out"
mkdir -p "$out"

$node24 node_modules/typescript/bin/tsc -p tsconfig.build.json --outDir "$out/lib" --noEmitOnError false >/dev/null || true
test -f "$out/lib/runtime/bundle-entry.js" || { echo "tsc produced no bundle entry" >&2; exit 1; }
$node24 scripts/build-inline-json.mjs "$out/lib" "$root/src"

# --no-source-map-register: no runtime hook; -m: minified entry (scripts/minify-chunks.mjs does the chunks); -q: quiet.
# Licenses of bundled packages go next to the bundle; the webpack stats say which chunk each import() became.
$node24 node_modules/@vercel/ncc/dist/ncc/cli.js build "$out/lib/runtime/bundle-entry.js" -m \
  -o "$out/ncc" --no-source-map-register --license licenses.txt --stats-out "$out/stats.json" -q

# Replace only the bundle and its chunks/assets; the stubs in dist/github and dist/azdo are generated below.
find dist -maxdepth 1 -type f -delete 2>/dev/null || true
mkdir -p dist
cp -R "$out/ncc/." dist/
# ncc copies the `open` package's xdg-open script (reached through @azure/identity's interactive browser sign-in,
# which no step uses). Without it, `open` falls back to the system's xdg-open, so dropping it is safe; the bundle
# ships JavaScript, JSON and the license text only, which the check below keeps true.
rm -f dist/xdg-open
unexpected="$(find dist -type f ! -name '*.js' ! -name '*.mjs' ! -name '*.json' ! -name 'licenses.txt')"
if [ -n "$unexpected" ]; then
  echo "dist/ would ship files that are not JavaScript, JSON or licenses.txt (drop them or explain why they ship):" >&2
  echo "$unexpected" >&2
  exit 1
fi
$node24 scripts/minify-chunks.mjs dist
steps="$($node24 --import tsx -e "import('./src/runtime/step-loader.ts').then((m) => console.log(m.stepNames.join(' ')))")"
# shellcheck disable=SC2086 # one argument per step name
$node24 scripts/bundle-files.mjs "$out/stats.json" dist $steps
$node24 --import tsx scripts/generate.ts
ls -l dist | sed 's/^/  /'
