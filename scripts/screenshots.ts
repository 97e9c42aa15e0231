/**
 * `npm run screenshots`: PNGs of real job summaries for docs/summaries.md and the Marketplace listing.
 *
 * Runs the demo with --summaries (each step's CLI process writes the markdown GitHub would show), turns each
 * summary into a GitHub-like page (scripts/summary-html.ts), renders its Mermaid blocks with the `mermaid` package
 * from node_modules (offline, a file: URL) and screenshots it with headless Chromium (Debian's `chromium`) into
 * docs/images/summary-<step>.png. A docs tool: the test suite does not need Chromium.
 *
 *   npm run screenshots                       # run the demo, then render
 *   npm run screenshots -- --from <dir>       # render summaries an earlier `npm run demo -- --summaries <dir>` wrote
 *
 * Environment: CHROMIUM (default `chromium`), IMAGE_PUBLISH_MERMAID_JS (a mermaid.min.js elsewhere than node_modules).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { summaryPage } from './summary-html.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The summaries shown in docs/summaries.md, in lifecycle order. */
const SHOTS = ['lifecycle', 'scan', 'publish', 'replicate', 'pin-rollout'] as const;

const WIDTH = 1000;

function mermaidScript(): string | undefined {
  const file = process.env.IMAGE_PUBLISH_MERMAID_JS ?? join(repoRoot, 'node_modules/mermaid/dist/mermaid.min.js');
  if (existsSync(file)) return pathToFileURL(file).href;
  console.warn(`note: ${file} not found (npm install --save-dev mermaid): Mermaid blocks are shown as their source.`);
  return undefined;
}

function chromium(args: readonly string[]): string {
  const bin = process.env.CHROMIUM ?? 'chromium';
  // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
  const common = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--allow-file-access-from-files', '--virtual-time-budget=15000'];
  try {
    return execFileSync(bin, [...common, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`${bin} failed (${(error as Error).message.split('\n')[0] ?? ''}); install it with: sudo apt-get install -y chromium, or set CHROMIUM.`);
  }
}

/** Renders one page twice: once to learn its height once Mermaid has drawn, once to screenshot it at that size. */
function screenshot(htmlFile: string, png: string): void {
  const url = pathToFileURL(htmlFile).href;
  const dom = chromium(['--dump-dom', url]);
  const failed = /data-error="([^"]*)"/.exec(dom);
  if (failed) throw new Error(`Mermaid failed in ${htmlFile}: ${failed[1] ?? ''}`);
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1] ?? 1200);
  chromium([`--screenshot=${png}`, `--window-size=${WIDTH},${Math.min(height, 8000)}`, url]);
  if (!existsSync(png)) throw new Error(`${png} was not written by Chromium`);
}

function runDemo(dir: string): void {
  console.log(`running the demo, summaries into ${dir} ...`);
  const result = spawnSync('bash', ['scripts/node24', '--import', 'tsx', 'src/demo/main.ts', '--summaries', dir], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the demo exited ${String(result.status)}; its summaries are incomplete, so no screenshots were taken.`);
}

function main(argv: readonly string[]): void {
  const fromIndex = argv.indexOf('--from');
  const given = fromIndex === -1 ? undefined : argv[fromIndex + 1];
  if (fromIndex !== -1 && given === undefined) throw new Error('--from needs the folder a demo run wrote its summaries to.');
  const dir = given === undefined ? mkdtempSync(join(tmpdir(), 'image-publish-summaries-')) : resolve(given);
  if (given === undefined) runDemo(dir);
  const script = mermaidScript();
  const outDir = join(repoRoot, 'docs/images');
  mkdirSync(outDir, { recursive: true });
  for (const step of SHOTS) {
    const md = join(dir, `summary-${step}.md`);
    if (!existsSync(md)) throw new Error(`${md} is missing: did the demo run '${step}'?`);
    const html = join(dir, `summary-${step}.html`);
    writeFileSync(html, summaryPage(readFileSync(md, 'utf8'), `${step} summary`, script));
    const png = join(outDir, `summary-${step}.png`);
    screenshot(html, png);
    console.log(`  ${png}`);
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`screenshots: ${(error as Error).message}`);
  process.exitCode = 1;
}
