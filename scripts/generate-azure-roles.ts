/**
 * Generates src/emulator/authz/generated/azure-roles.ts from ../shared/azure-roles/*.json. The emulator must run
 * without ../shared (a user install has none), so the definitions are copied into a committed module.
 * Run: bash scripts/node24 --import tsx scripts/generate-azure-roles.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedRolesPath, readPublishedRoles, renderRolesModule } from './azure-roles-module.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const roles = readPublishedRoles(resolve(root, '../shared/azure-roles'));
writeFileSync(join(root, generatedRolesPath), renderRolesModule(roles));
console.log(`wrote ${roles.length} roles to ${generatedRolesPath}`);
