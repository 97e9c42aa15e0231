/**
 * The emulator's role table is Azure's: the committed generated module equals what scripts/generate-azure-roles.ts
 * renders from ../shared/azure-roles today, and every published definition is enforced with its exact permissions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedRolesPath, readPublishedRoles, renderRolesModule } from '../../../scripts/azure-roles-module.js';
import { builtInRoles } from '../../../src/emulator/authz/index.js';

const root = resolve(import.meta.dirname, '../../..');
const rolesDir = resolve(root, '../shared/azure-roles');

describe('built-in roles = ../shared/azure-roles', () => {
  it('the committed module is what the generator renders from the published JSON (re-run scripts/generate-azure-roles.ts)', () => {
    expect(readFileSync(resolve(root, generatedRolesPath), 'utf8')).toBe(renderRolesModule(readPublishedRoles(rolesDir)));
  });

  it('holds every published role, with its id and permissions exactly as Azure publishes them, and nothing else', () => {
    const files = readdirSync(rolesDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(10);
    const published = files.map((f) => JSON.parse(readFileSync(resolve(rolesDir, f), 'utf8')) as { name: string; roleName: string; permissions: unknown[] });
    expect(Object.keys(builtInRoles).sort()).toEqual(published.map((r) => r.roleName).sort());
    for (const role of published) {
      const ours = builtInRoles[role.roleName as keyof typeof builtInRoles];
      expect(ours.id).toBe(role.name);
      expect(ours.permissions).toEqual(role.permissions);
      expect(ours.source).toContain('MicrosoftDocs/azure-docs');
    }
  });
});
