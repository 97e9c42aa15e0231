/**
 * docs/emulator-deviations.md: every bullet names a test that pins the behaviour it describes (a `test/...` path in
 * the bullet, usually in a trailing "Pinned by" note), and that file exists. A deviation nobody tests drifts silently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../../..');
const doc = readFileSync(resolve(repoRoot, 'docs/emulator-deviations.md'), 'utf8');

/** Top-level bullets ("- " at column 0) with their indented continuation lines, each with its first words. */
function bulletsOf(markdown: string): { title: string; text: string }[] {
  const bullets: { title: string; text: string }[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('- ')) bullets.push({ title: line.slice(2, 72), text: line });
    else if (line.startsWith('  ') && bullets.length > 0 && line.trim() !== '') {
      const last = bullets[bullets.length - 1];
      if (last) last.text += `\n${line}`;
    }
  }
  return bullets;
}

const testPaths = (text: string) => [...text.matchAll(/test\/[\w./-]+\.ts/g)].map((m) => m[0]);

describe('docs/emulator-deviations.md', () => {
  const bullets = bulletsOf(doc);

  it('has bullets to check (the parser found the document)', () => {
    expect(bullets.length).toBeGreaterThan(40);
  });

  it('names, in every bullet, a test file that exists', () => {
    const unpinned = bullets.filter((b) => testPaths(b.text).length === 0).map((b) => b.title);
    const missing = bullets.flatMap((b) => testPaths(b.text).filter((p) => !existsSync(resolve(repoRoot, p))).map((p) => `${b.title}: ${p}`));
    expect(unpinned).toEqual([]);
    expect(missing).toEqual([]);
  });

  it('counts a bullet without a test path as unpinned, and a continuation line as part of its bullet', () => {
    const sample = '- **A.** says something\n  Pinned by `test/x.test.ts`.\n- **B.** says nothing testable\n\nparagraph `test/y.test.ts`';
    const parsed = bulletsOf(sample);
    expect(parsed.map((b) => testPaths(b.text))).toEqual([['test/x.test.ts'], []]);
  });
});
