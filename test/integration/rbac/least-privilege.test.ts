/**
 * Least privilege, proven: each step runs under a fresh service principal holding exactly the roles docs/rbac.md
 * documents and succeeds; with any one of those assignments removed it fails with E_AUTHORIZATION_FAILED naming
 * the role, action and scope, and the emulator's state is unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtInRoles, roleAllows, scopeCovers } from '../../../src/emulator/authz/index.js';
import { steps } from '../../../src/steps/registry.js';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';
import { armFetch, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext, type TestStepContext } from '../../helpers/step-context.js';
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

beforeAll(async () => {
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
function principalWith(name: string, rows: readonly RbacRow[], scenario: RbacScenario): { ctx: TestStepContext; clientId: string; secret: string } {
  const sp = emulator.current.identity.registerServicePrincipal({ displayName: `rbac ${name}` });
  for (const row of rows) emulator.current.authz.assign(sp.objectId, row.role, resolveScope(row.scope, scenario.placeholders));
  const held = emulator.current.authz.list(sp.objectId).map((a) => `${a.roleName} @ ${a.scope}`).sort();
  expect(held).toEqual(rows.map((r) => `${r.role} @ ${resolveScope(r.scope, scenario.placeholders)}`).sort());
  const secret = sp.clientSecret ?? '';
  expect(secret.length, 'the emulator issues a client secret').toBeGreaterThan(10);
  return { ctx: createTestStepContext(emulator.current, { principal: { clientId: sp.clientId, clientSecret: secret } }), clientId: sp.clientId, secret };
}

describe('docs/rbac.md', () => {
  it('documents every registered step, and only registered steps', () => {
    const registered = steps.map((s) => s.name);
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

/** Why the emulator cannot run this scenario yet (a route it does not serve), or undefined. */
async function missingRoute(scenario: RbacScenario): Promise<string | undefined> {
  for (const route of scenario.requiresRoutes ?? []) {
    const res = await armFetch(emulator.current, 'GET', `/subscriptions/${emulator.current.subscriptionId}/${route}?api-version=2024-07-01`);
    if (res.status === 404 && (res.body as { error?: { code?: string } } | undefined)?.error?.code === 'InvalidResourceType') {
      return `the emulator does not serve GET ${route} yet`;
    }
  }
  return undefined;
}

for (const step of documentedSteps) {
  const rows = table.filter((r) => r.step === step);
  describe(`${step} under least privilege`, () => {
    beforeEach(async (test) => {
      const reason = await missingRoute(scenarios[step]!);
      if (reason) test.skip(reason);
    });
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
        const denied = /the identity (\S+) needs role '([^']+)' \(action ([^)\s]+)\) on scope (\/\S+?)\. Grant it: az role assignment create/.exec(message);
        expect(denied, message).not.toBeNull();
        const [, who, namedRole, action, scope] = denied!;
        expect(who).toBe(clientId);
        const removedScope = resolveScope(removed.scope, scenario.placeholders);
        // The denial is one the removed assignment would have allowed...
        expect(roleAllows(builtInRoles[removed.role], action!), `${removed.role} grants ${action}`).toBe(true);
        expect(scopeCovers(removedScope, scope!), `${removedScope} covers ${scope}`).toBe(true);
        // ...and the role the message suggests really grants it.
        if (namedRole! in builtInRoles) expect(roleAllows(builtInRoles[namedRole as keyof typeof builtInRoles], action!)).toBe(true);
        expect(emulator.current.state.snapshot()).toEqual(before);
        expect(`${message}\n${ctx.logger.text()}`).not.toContain(secret);
        expect(ctx.logger.openGroups).toEqual([]);
      });
    }

    it(`succeeds with exactly ${rows.map((r) => r.role).join(' + ')}`, async () => {
      const scenario = scenarios[step]!;
      const { ctx, secret } = principalWith(`${step} least`, rows, scenario);
      const outputs = await scenario.run(ctx);
      expect(outputs).toBeTypeOf('object');
      expect(`${JSON.stringify(outputs)}\n${ctx.logger.text()}`).not.toContain(secret);
    });
  });
}
