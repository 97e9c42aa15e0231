/**
 * Reads the "Roles per step" table of docs/rbac.md, so the least-privilege test proves exactly what the docs
 * promise and the two cannot drift.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltInRoleName } from '../../../src/emulator/authz/authz-types.js';
import { isBuiltInRoleName } from '../../../src/emulator/authz/index.js';

export interface RbacRow {
  step: string;
  role: BuiltInRoleName;
  /** Scope template with {placeholders}. */
  scope: string;
}

export const rbacDocPath = join(import.meta.dirname, '../../../docs/rbac.md');

/** Rows of the `## Roles per step` table; throws naming the line when a row cannot be read. */
export function parseRbacTable(markdown: string = readFileSync(rbacDocPath, 'utf8')): RbacRow[] {
  const section = /^## Roles per step\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1];
  if (section === undefined) throw new Error('docs/rbac.md has no "## Roles per step" section');
  const rows: RbacRow[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('|') || /^\|\s*(Step|-+)\s*\|/.test(line)) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const step = /^`([a-z-]+)`/.exec(cells[0] ?? '')?.[1];
    const role = cells[1] ?? '';
    const scope = /^`([^`]+)`$/.exec(cells[2] ?? '')?.[1];
    if (!step || !scope || !isBuiltInRoleName(role)) throw new Error(`docs/rbac.md: cannot read the row "${line}" (step in backticks, a built-in role, scope in backticks)`);
    rows.push({ step, role, scope });
  }
  return rows;
}

/** Fills `{name}` placeholders; throws when one has no value. */
export function resolveScope(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z-]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`scope ${template}: no value for {${name}}`);
    return value;
  });
}

/** Step names (first column, in backticks) of the table under `## <heading>`; for steps documented but not provable. */
export function stepsInSection(heading: string, markdown: string = readFileSync(rbacDocPath, 'utf8')): string[] {
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const section = new RegExp(`^## ${escaped}\\s*$([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(markdown)?.[1] ?? '';
  return [...section.matchAll(/^\|\s*`([a-z-]+)`\s*\|/gm)].map((m) => m[1]!);
}
