/**
 * Least privilege, proven: each step runs under a fresh service principal holding exactly the roles docs/rbac.md
 * documents and succeeds; with any one of those assignments removed it fails with E_AUTHORIZATION_FAILED naming
 * the role, action and scope, and the emulator's state is unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltInRoleName } from '../../../src/emulator/authz/authz-types.js';
import { builtInRoles, isBuiltInRoleName, roleAllows, scopeCovers } from '../../../src/emulator/authz/index.js';
import { steps } from '../../../src/steps/registry.js';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext, type TestStepContext } from '../../helpers/step-context.js';
import { narrowerRolesGranting } from './least-role.js';
import { createScenarios, type RbacScenario } from './rbac-scenarios.js';
import { parseRbacTable, resolveScope, stepsInSection, type RbacRow } from './rbac-table.js';

// LROs that take a little while, so every long-running call really polls its status URL under the narrow roles.
const emulator = useEmulator({ timing: { lroDurationMs: 300, retryAfterSeconds: 0, replicationMsPerReplica: 100 } });
const table = parseRbacTable();
const UNPROVABLE = 'Roles the emulator cannot check yet';
const documentedSteps = [...new Set(table.map((r) => r.step))];
const dir = mkdtempSync(join(tmpdir(), 'rbac-'));
let azurite: Azurite;
let scenarios: Record<string, RbacScenario>;
/** Every check the emulator's RBAC allowed, by principal: what each step really did, action and scope. */
const allowed: { objectId: string; action: string; scope: string }[] = [];

beforeAll(async () => {
  const authz = emulator.current.authz;
  const check = authz.check.bind(authz);
  authz.check = (principal, action, scope) => {
    const failure = check(principal, action, scope);
    if (failure === null) allowed.push({ objectId: principal.objectId, action, scope });
    return failure;
  };
  azurite = await startAzurite();
  scenarios = createScenarios({ emulator: emulator.current, azurite, dir });
  const admin = createTestStepContext(emulator.current);
  for (const step of documentedSteps) await scenarios[step]?.setup(admin);
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A new principal holding exactly `rows` (resolved for `scenario`), and a step context signed in as it. */
function principalWith(name: string, rows: readonly RbacRow[], scenario: RbacScenario): { ctx: TestStepContext; clientId: string; objectId: string; secret: string } {
  const sp = emulator.current.identity.registerServicePrincipal({ displayName: `rbac ${name}` });
  for (const row of rows) emulator.current.authz.assign(sp.objectId, row.role, resolveScope(row.scope, scenario.placeholders));
  const held = emulator.current.authz.list(sp.objectId).map((a) => `${a.roleName} @ ${a.scope}`).sort();
  expect(held).toEqual(rows.map((r) => `${r.role} @ ${resolveScope(r.scope, scenario.placeholders)}`).sort());
  const secret = sp.clientSecret ?? '';
  expect(secret.length, 'the emulator issues a client secret').toBeGreaterThan(10);
  return {
    ctx: createTestStepContext(emulator.current, { principal: { clientId: sp.clientId, clientSecret: secret } }),
    clientId: sp.clientId,
    objectId: sp.objectId,
    secret,
  };
}

describe('docs/rbac.md', () => {
  it('documents every registered step that calls Azure, and only registered steps', () => {
    // A step declared azure: 'none' (plan) has no sign-in inputs at all, so it needs no role.
    const registered = steps.filter((s) => s.azure !== 'none').map((s) => s.name);
    const unprovable = stepsInSection(UNPROVABLE);
    expect([...documentedSteps, ...unprovable].filter((s) => !registered.includes(s))).toEqual([]);
    expect(registered.filter((s) => !documentedSteps.includes(s) && !unprovable.includes(s))).toEqual([]);
    // A step is either proven here or explicitly listed as not provable, never both.
    expect(unprovable.filter((s) => documentedSteps.includes(s))).toEqual([]);
  });

  it('has a proof scenario for every documented step', () => {
    expect(documentedSteps.filter((s) => !(s in scenarios))).toEqual([]);
  });
});

for (const step of documentedSteps) {
  const rows = table.filter((r) => r.step === step);
  describe(`${step} under least privilege`, () => {
    // Failures first: they must leave Azure as it was, so the success run afterwards still starts from scratch.
    for (const removed of rows) {
      it(`fails without ${removed.role} on ${removed.scope}, naming role, action and scope, changing nothing`, async () => {
        const scenario = scenarios[step]!;
        const { ctx, clientId, secret } = principalWith(`${step} minus ${removed.role}`, rows.filter((r) => r !== removed), scenario);
        const before = emulator.current.state.snapshot();
        const error = (await scenario.run(ctx).then(
          () => undefined,
          (e: unknown) => e,
        )) as { code?: string; message?: string } | undefined;
        expect(error, `${step} succeeded without ${removed.role}: the row is not needed`).toBeDefined();
        expect(error!.code, error!.message).toBe('E_AUTHORIZATION_FAILED');
        const message = error!.message ?? '';
        const denied = /the identity (\S+) needs role '([^']+)' \(action ([^)\s]+)\) on scope (\/\S+?)\. Grant it: az role assignment create .* --scope (\/\S*)/.exec(message);
        expect(denied, message).not.toBeNull();
        const [, who, namedRole, action, scope, grantScope] = denied!;
        expect(who).toBe(clientId);
        const removedScope = resolveScope(removed.scope, scenario.placeholders);
        // The denial is one the removed assignment would have allowed...
        expect(roleAllows(builtInRoles[removed.role], action!), `${removed.role} grants ${action}`).toBe(true);
        expect(scopeCovers(removedScope, scope!), `${removedScope} covers ${scope}`).toBe(true);
        // ...the message suggests an Azure built-in role that really grants it...
        expect(isBuiltInRoleName(namedRole!), `${namedRole} is in ../shared/azure-roles`).toBe(true);
        expect(roleAllows(builtInRoles[namedRole as BuiltInRoleName], action!)).toBe(true);
        // ...at a scope that exists before the step runs: the denied resource's resource group (or the subscription),
        // never the resource the step was about to create; on the documented scope's path (the same, above or below).
        expect(grantScope).toMatch(/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?$/);
        expect(scopeCovers(grantScope!, scope!), `--scope ${grantScope} covers ${scope}`).toBe(true);
        expect(scopeCovers(grantScope!, removedScope) || scopeCovers(removedScope, grantScope!), `--scope ${grantScope} vs ${removedScope}`).toBe(true);
        expect(emulator.current.state.snapshot()).toEqual(before);
        expect(`${message}\n${ctx.logger.text()}`).not.toContain(secret);
        expect(ctx.logger.openGroups).toEqual([]);
      });
    }

    it(`succeeds with exactly ${rows.map((r) => r.role).join(' + ')}`, async () => {
      const scenario = scenarios[step]!;
      const { ctx, objectId, secret } = principalWith(`${step} least`, rows, scenario);
      const outputs = await scenario.run(ctx);
      expect(outputs).toBeTypeOf('object');
      expect(`${JSON.stringify(outputs)}\n${ctx.logger.text()}`).not.toContain(secret);
      // Least, not just enough: no narrower built-in role grants what only this row allowed the step to do.
      const did = allowed.filter((c) => c.objectId === objectId);
      for (const row of rows) {
        const scope = resolveScope(row.scope, scenario.placeholders);
        const others = rows.filter((r) => r !== row).map((r) => ({ role: builtInRoles[r.role], scope: resolveScope(r.scope, scenario.placeholders) }));
        const onlyThisRow = did.filter(
          (c) => scopeCovers(scope, c.scope) && !others.some((o) => scopeCovers(o.scope, c.scope) && roleAllows(o.role, c.action)),
        );
        const needed = [...new Set(onlyThisRow.map((c) => c.action))];
        expect(needed.length, `${row.role} on ${row.scope}: the step made no call only it covers`).toBeGreaterThan(0);
        expect(narrowerRolesGranting(row.role, needed), `${row.role} on ${row.scope} for ${needed.join(', ')}`).toEqual([]);
      }
    });
  });
}
