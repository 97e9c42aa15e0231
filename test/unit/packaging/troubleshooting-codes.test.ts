import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

/** Every `E_*` string literal in src/, with the files that hold it (codes live in literals or code tables). */
function codesInSource(dir: string, found = new Map<string, string[]>()): Map<string, string[]> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) codesInSource(path, found);
    else if (entry.name.endsWith('.ts')) {
      for (const match of readFileSync(path, 'utf8').matchAll(/['"`](E_[A-Z][A-Z0-9_]*)['"`]/g)) {
        const files = found.get(match[1]!) ?? [];
        files.push(relative(root, path));
        found.set(match[1]!, files);
      }
    }
  }
  return found;
}

/** Codes with their own `### \`E_X\`` heading in the troubleshooting page. */
function documentedCodes(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^### `(E_[A-Z0-9_]+)`\s*$/gm)].map((m) => m[1]!));
}

describe('docs/troubleshooting.md', () => {
  const source = codesInSource(join(root, 'src'));
  const markdown = readFileSync(join(root, 'docs/troubleshooting.md'), 'utf8');
  const documented = documentedCodes(markdown);

  it('finds the codes it is meant to check (guards the scanners themselves)', () => {
    expect(source.has('E_AUTHORIZATION_FAILED')).toBe(true);
    expect(source.has('E_DISK_INVALID')).toBe(true);
    expect(documented.has('E_AUTHORIZATION_FAILED')).toBe(true);
    expect(documentedCodes('### `E_FOO`\ntext `E_BAR` in prose\n')).toEqual(new Set(['E_FOO']));
  });

  it('documents every E_* code thrown anywhere in src/', () => {
    const missing = [...source.entries()].filter(([code]) => !documented.has(code)).map(([code, files]) => `${code} (${[...new Set(files)].join(', ')})`);
    expect(missing, 'add a "### `E_...`" section to docs/troubleshooting.md for each').toEqual([]);
  });

  it('documents no code that src/ no longer has', () => {
    expect([...documented].filter((code) => !source.has(code))).toEqual([]);
  });

  it('gives each code a heading once, with an explanation under it', () => {
    const headings = [...markdown.matchAll(/^### `(E_[A-Z0-9_]+)`\s*\n([^#]*)/gm)];
    expect(headings.length).toBe(documented.size);
    for (const [, code, body] of headings) expect(body!.trim().length, `${code} has no explanation`).toBeGreaterThan(40);
  });
});
