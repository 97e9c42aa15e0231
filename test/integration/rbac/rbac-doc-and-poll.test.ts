import { describe, expect, it } from 'vitest';
import { statusPollCheck } from '../../../src/emulator/authz/status-poll-authz.js';
import { parseRbacTable, resolveScope } from './rbac-table.js';

const op = '/subscriptions/s/providers/Microsoft.Compute/locations/westeurope/capsOperations/op1';
const image = '/subscriptions/s/resourceGroups/rg-a/providers/Microsoft.Compute/images/i';

describe('statusPollCheck (how the emulator authorizes an LRO status poll)', () => {
  it('checks read on the resource group of the operation', () => {
    expect(statusPollCheck('Microsoft.Compute/locations/capsOperations/read', op, (id) => (id === 'op1' ? { resourceId: image } : undefined))).toEqual({
      action: 'Microsoft.Resources/subscriptions/resourceGroups/read',
      scope: '/subscriptions/s/resourceGroups/rg-a',
    });
  });

  it('leaves unknown operations and every other request as they are', () => {
    expect(statusPollCheck('Microsoft.Compute/locations/capsOperations/read', op, () => undefined)).toEqual({ action: 'Microsoft.Compute/locations/capsOperations/read', scope: op });
    expect(statusPollCheck('Microsoft.Compute/images/read', image, () => ({ resourceId: image }))).toEqual({ action: 'Microsoft.Compute/images/read', scope: image });
  });
});

describe('docs/rbac.md table parsing', () => {
  it('reads every row of the roles table and nothing from other tables', () => {
    const rows = parseRbacTable();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows).toContainEqual({ step: 'publish', role: 'Reader', scope: '/subscriptions/{subscription}/resourceGroups/{source-rg}' });
    expect(rows.map((r) => r.role)).not.toContain('Storage Blob Data Contributor');
  });

  it('refuses a row it cannot prove (unknown role, scope not in backticks)', () => {
    const doc = (row: string) => `# x\n## Roles per step\n| Step | Role | Scope | Why |\n| --- | --- | --- | --- |\n${row}\n## Next\n`;
    expect(() => parseRbacTable(doc('| `publish` | Gallery Admin | `/subscriptions/{subscription}` | x |'))).toThrow(/cannot read the row/);
    expect(() => parseRbacTable(doc('| `publish` | Reader | /subscriptions/{subscription} | x |'))).toThrow(/cannot read the row/);
    expect(parseRbacTable(doc('| `publish` | Reader | `/subscriptions/{subscription}` | x |'))).toEqual([{ step: 'publish', role: 'Reader', scope: '/subscriptions/{subscription}' }]);
  });

  it('fills placeholders and names a missing one', () => {
    expect(resolveScope('/subscriptions/{subscription}/resourceGroups/{gallery-rg}', { subscription: 's', 'gallery-rg': 'g' })).toBe('/subscriptions/s/resourceGroups/g');
    expect(() => resolveScope('/subscriptions/{subscription}', {})).toThrow(/no value for \{subscription\}/);
  });
});
