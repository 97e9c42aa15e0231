import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AzureError, ConfigurationError, ErrorCodes, RejectedError, errorEntry, errorRegistry, errorSections } from '../../../src/core/errors.js';
import { CODES_MARKER, renderTroubleshootingPage } from '../../../src/core/errors/troubleshooting-page.js';

const root = join(import.meta.dirname, '../../..');
const registryDir = join(root, 'src/core/errors');

/** Every .ts file under src/ outside the registry itself, with its text. */
function sourceFiles(dir = join(root, 'src'), found: Array<{ path: string; text: string }> = []): Array<{ path: string; text: string }> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== registryDir) sourceFiles(path, found);
    } else if (entry.name.endsWith('.ts') && path !== join(root, 'src/core/errors.ts')) {
      found.push({ path: relative(root, path), text: readFileSync(path, 'utf8') });
    }
  }
  return found;
}

/** `file:line: text` of each line matching `pattern`. */
function linesMatching(files: Array<{ path: string; text: string }>, pattern: RegExp): string[] {
  return files.flatMap(({ path, text }) =>
    text.split('\n').flatMap((line, index) => (pattern.test(line) ? [`${path}:${index + 1}: ${line.trim()}`] : [])),
  );
}

describe('the error registry', () => {
  const entries = Object.entries(errorRegistry);
  const src = sourceFiles();

  it('registers every code in ErrorCodes (a code added there must move into src/core/errors/ with its kind and text)', () => {
    const unregistered = Object.entries(ErrorCodes).filter(([, code]) => errorEntry(code) === undefined).map(([name, code]) => `${name}: '${code}'`);
    expect(unregistered, 'move each into src/core/errors/<section>-codes.ts with kind, meaning and fix').toEqual([]);
  });

  it('gives each code one name, a well-formed spelling and troubleshooting text', () => {
    const codes = entries.map(([, e]) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [name, e] of entries) {
      expect(e.code, name).toMatch(/^E_[A-Z][A-Z0-9_]*$/);
      expect(ErrorCodes[name as keyof typeof ErrorCodes], name).toBe(e.code);
      expect(e.meaning.length, `${e.code} meaning`).toBeGreaterThan(20);
      expect(e.fix.length, `${e.code} fix`).toBeGreaterThan(20);
    }
    expect(Object.keys(errorRegistry).length).toBe(errorSections.reduce((n, s) => n + Object.keys(s.codes).length, 0));
  });

  it('holds only codes that something in src/ throws or reports', () => {
    const text = src.map((f) => f.text).join('\n');
    const unused = entries.filter(([name]) => !new RegExp(`\\bErrorCodes\\.${name}\\b`).test(text)).map(([, e]) => e.code);
    expect(unused).toEqual([]);
  });

  it('is the only code table, and src/ spells no code as a string literal', () => {
    // The scanners must see what they are meant to catch.
    const sample = [{ path: 'x.ts', text: "throw new ConfigurationError('E_FOO', 'x');\nexport const FooErrorCodes = {\nnew ImagePublishError(ErrorCodes.x" }];
    expect(linesMatching(sample, /['"`]E_[A-Z]/)).toHaveLength(1);
    expect(linesMatching(sample, /ErrorCodes\s*=/)).toHaveLength(1);
    expect(linesMatching(sample, /new ImagePublishError\(/)).toHaveLength(1);

    expect(linesMatching(src, /['"`]E_[A-Z]/), 'use ErrorCodes.<name>').toEqual([]);
    expect(linesMatching(src, /ErrorCodes\s*=/), 'add codes to src/core/errors/, not a new table').toEqual([]);
    // ImagePublishError is abstract: a throw picks the class of its code's kind.
    expect(linesMatching(src, /new ImagePublishError\(/)).toEqual([]);
  });

  it('throws each code with the class of its kind (ConfigurationError: user, RejectedError: rejected, AzureError: the rest)', () => {
    const classKinds: Record<string, readonly string[]> = {
      ConfigurationError: ['user'],
      RejectedError: ['rejected'],
      AzureError: ['service', 'internal'],
    };
    let checked = 0;
    const mismatched = src.flatMap(({ path, text }) =>
      [...text.matchAll(/new (ConfigurationError|RejectedError|AzureError)\(\s*ErrorCodes\.(\w+)/g)].flatMap(([, cls = '', name = '']) => {
        checked++;
        const kind = errorRegistry[name as keyof typeof errorRegistry]?.kind ?? 'unregistered';
        return classKinds[cls]?.includes(kind) === true ? [] : [`${path}: ${cls}(ErrorCodes.${name}) but ${name} is ${kind}`];
      }),
    );
    expect(checked, 'the scanner finds the throws').toBeGreaterThan(100);
    expect(mismatched).toEqual([]);
  });

  it('maps each kind to its exit code, whatever class carries the code', () => {
    expect(new ConfigurationError(ErrorCodes.inputInvalid, 'x').exitCode).toBe(2);
    expect(new AzureError(ErrorCodes.azureThrottled, 'x').exitCode).toBe(1);
    expect(new RejectedError(ErrorCodes.signatureInvalid, 'x').exitCode).toBe(1);
    expect(new AzureError(ErrorCodes.notFound, 'x').kind).toBe('user');
    const codesOf = (kind: string) => entries.filter(([, e]) => e.kind === kind).map(([, e]) => e.code);
    expect(codesOf('rejected')).toContain('E_SIGNATURE_INVALID');
    expect(codesOf('internal')).toEqual(['E_UNEXPECTED']);
  });
});

describe('docs/troubleshooting.md', () => {
  const template = readFileSync(join(root, 'docs/troubleshooting.template.md'), 'utf8');
  const page = readFileSync(join(root, 'docs/troubleshooting.md'), 'utf8');

  it('is generated from the template and the registry (run `npm run generate` after changing either)', () => {
    expect(page).toBe(renderTroubleshootingPage(template));
  });

  it('gives each code one `### `E_X`` heading (stable anchor #e_x) with its kind, and links it from the table', () => {
    for (const [, e] of Object.entries(errorRegistry)) {
      const headings = page.split('\n').filter((line) => line === `### \`${e.code}\``);
      expect(headings, e.code).toHaveLength(1);
      expect(page).toContain(`[\`${e.code}\`](#${e.code.toLowerCase()})`);
    }
    expect(page).toContain('### `E_SIGNATURE_INVALID`\n*rejected by a check, exit 1.*');
    expect(page).toContain('### `E_INPUT_MISSING`\n*user error, exit 2.*');
  });

  it('keeps the hand-written sections of the template', () => {
    expect(page).toContain('## Exit codes');
    expect(page).toContain('ACTIONS_STEP_DEBUG');
    expect(page).not.toContain(CODES_MARKER);
    expect(() => renderTroubleshootingPage('# no marker\n')).toThrow(/marker|put it where/);
  });
});
