/** The policy step against the emulator's Microsoft.Authorization handlers, through @azure/arm-policy. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { policyStep } from '../../../src/steps/policy.js';
import { armFetch, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';

const emulator = useEmulator();
const API = 'api-version=2024-05-01';

function galleryId(): string {
  return `/subscriptions/${emulator.current.subscriptionId}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_images`;
}

/** A principal allowed to write policy (Owner; the emulator has no Resource Policy Contributor role). */
function policyAdmin() {
  const sp = emulator.current.identity.registerServicePrincipal({ displayName: 'policy-admin' });
  emulator.current.authz.assign(sp.objectId, 'Owner', `/subscriptions/${emulator.current.subscriptionId}`);
  return createTestStepContext(emulator.current, { principal: { clientId: sp.clientId, clientSecret: sp.clientSecret! } });
}

function policyResources(): string[] {
  return Object.keys(emulator.current.state.snapshot() as Record<string, unknown>).filter((k) => k.includes('/microsoft.authorization/policy'));
}

describe('policy step', () => {
  it('generates definitions without assigning (assign: false) and touches nothing in Azure', async () => {
    emulator.current.state.reset();
    const ctx = createTestStepContext(emulator.current);
    emulator.current.requestLog.clear();
    const result = await policyStep.run(policyStep.resolve({ 'approved-galleries': [galleryId()], 'required-tags': ['owner'] }, undefined), ctx);
    const paths = JSON.parse(result.outputs['definition-paths']) as string[];
    expect(paths.map((p) => p.split('/').pop())).toEqual(['image-publish-approved-gallery-images.json', 'image-publish-required-vm-tags.json']);
    const doc = JSON.parse(await readFile(paths[0]!, 'utf8'));
    expect(doc.properties.parameters.approvedGalleryIds.defaultValue).toEqual([galleryId()]);
    expect(JSON.parse(result.outputs['assignment-ids'])).toEqual([]);
    expect(emulator.current.requestLog.entries().filter((e) => e.route === 'arm')).toEqual([]);
  });

  it('assign: true creates definitions and assignments; a re-run writes nothing', async () => {
    emulator.current.state.reset();
    const ctx = policyAdmin();
    const inputs = policyStep.resolve({ 'approved-galleries': [galleryId()], 'required-tags': ['owner'], assign: true }, undefined);
    const first = await policyStep.run(inputs, ctx);
    const sub = `/subscriptions/${emulator.current.subscriptionId}`;
    expect(JSON.parse(first.outputs['definition-ids'])).toEqual([
      `${sub}/providers/Microsoft.Authorization/policyDefinitions/image-publish-approved-gallery-images`,
      `${sub}/providers/Microsoft.Authorization/policyDefinitions/image-publish-required-vm-tags`,
    ]);
    expect(JSON.parse(first.outputs['assignment-ids'])).toEqual([
      `${sub}/providers/Microsoft.Authorization/policyAssignments/image-publish-approved-gallery-images`,
      `${sub}/providers/Microsoft.Authorization/policyAssignments/image-publish-required-vm-tags`,
    ]);
    const stored = emulator.current.state.resource(`${sub}/providers/Microsoft.Authorization/policyDefinitions/image-publish-approved-gallery-images`) as {
      properties: { mode: string; policyRule: unknown };
    };
    expect(stored.properties.mode).toBe('Indexed');
    expect(JSON.stringify(stored.properties.policyRule)).toContain('Microsoft.Compute/imageId');

    emulator.current.requestLog.clear();
    const again = await policyStep.run(inputs, ctx);
    expect(again.outputs['assignment-ids']).toBe(first.outputs['assignment-ids']);
    expect(emulator.current.requestLog.entries().filter((e) => e.route === 'arm' && e.method !== 'GET')).toEqual([]);
    expect(ctx.logger.lines.map((l) => l.message)).toContain('Policy assignment image-publish-required-vm-tags at ' + sub + ': unchanged');
  });

  it('assigns at a resource group scope', async () => {
    emulator.current.state.reset();
    const ctx = policyAdmin();
    await ctx.azure.resources().resourceGroups.createOrUpdate('rg-apps', { location: 'westeurope' });
    const scope = `/subscriptions/${emulator.current.subscriptionId}/resourceGroups/rg-apps`;
    const result = await policyStep.run(policyStep.resolve({ 'approved-galleries': [galleryId()], assign: true, 'assignment-scope': scope }, undefined), ctx);
    expect(JSON.parse(result.outputs['assignment-ids'])).toEqual([`${scope}/providers/Microsoft.Authorization/policyAssignments/image-publish-approved-gallery-images`]);
  });

  it('a Contributor cannot write policy: E_AUTHORIZATION_FAILED names Resource Policy Contributor, nothing is created', async () => {
    emulator.current.state.reset();
    const ctx = createTestStepContext(emulator.current);
    await expect(policyStep.run(policyStep.resolve({ 'approved-galleries': [galleryId()], assign: true }, undefined), ctx)).rejects.toMatchObject({
      code: 'E_AUTHORIZATION_FAILED',
      message: expect.stringContaining("role 'Resource Policy Contributor'"),
    });
    expect(policyResources()).toEqual([]);
  });
});

describe('emulator: Microsoft.Authorization policy definitions and assignments', () => {
  const defPath = (name: string) => `/subscriptions/${emulator.current.subscriptionId}/providers/Microsoft.Authorization/policyDefinitions/${name}?${API}`;
  const asgPath = (name: string) => `/subscriptions/${emulator.current.subscriptionId}/providers/Microsoft.Authorization/policyAssignments/${name}?${API}`;
  const rule = { if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' }, then: { effect: "[parameters('effect')]" } };
  const params = { effect: { type: 'String', metadata: { displayName: 'Effect' }, allowedValues: ['Deny', 'Audit'] } };

  function owner() {
    const sp = emulator.current.identity.registerServicePrincipal({ displayName: 'owner' });
    emulator.current.authz.assign(sp.objectId, 'Owner', `/subscriptions/${emulator.current.subscriptionId}`);
  }

  it('validates rules and assignment parameters as Azure Policy does', async () => {
    emulator.current.state.reset();
    owner();
    // armFetch signs in as the default principal (Contributor): writes are denied like in Azure.
    expect((await armFetch(emulator.current, 'PUT', defPath('d1'), { properties: { mode: 'Indexed', parameters: params, policyRule: rule } })).status).toBe(403);
    emulator.current.authz.assign(emulator.current.defaultPrincipal.objectId, 'Owner', `/subscriptions/${emulator.current.subscriptionId}`);

    const noParam = await armFetch(emulator.current, 'PUT', defPath('d1'), { properties: { mode: 'Indexed', policyRule: rule } });
    expect(noParam.status).toBe(400);
    expect(noParam.body.error.code).toBe('InvalidPolicyRule');
    const noThen = await armFetch(emulator.current, 'PUT', defPath('d1'), { properties: { mode: 'Indexed', policyRule: { if: rule.if } } });
    expect(noThen.body.error.code).toBe('InvalidPolicyRule');
    const badMode = await armFetch(emulator.current, 'PUT', defPath('d1'), { properties: { mode: 'Everything', parameters: params, policyRule: rule } });
    expect(badMode.body.error.code).toBe('InvalidPolicyMode');

    const created = await armFetch(emulator.current, 'PUT', defPath('d1'), { properties: { mode: 'Indexed', parameters: params, policyRule: rule } });
    expect(created.status).toBe(201);
    expect((await armFetch(emulator.current, 'PUT', defPath('d1'), { properties: { mode: 'Indexed', parameters: params, policyRule: rule } })).status).toBe(200);

    const defId = created.body.id as string;
    const missing = await armFetch(emulator.current, 'PUT', asgPath('a1'), { properties: { policyDefinitionId: defId } });
    expect(missing.body.error.code).toBe('MissingPolicyParameter');
    const undeclared = await armFetch(emulator.current, 'PUT', asgPath('a1'), { properties: { policyDefinitionId: defId, parameters: { effect: { value: 'Deny' }, other: { value: 1 } } } });
    expect(undeclared.body.error.code).toBe('UndefinedPolicyParameter');
    const unknownDef = await armFetch(emulator.current, 'PUT', asgPath('a1'), { properties: { policyDefinitionId: defId.replace('d1', 'nope'), parameters: {} } });
    expect([unknownDef.status, unknownDef.body.error.code]).toEqual([404, 'PolicyDefinitionNotFound']);
    const ok = await armFetch(emulator.current, 'PUT', asgPath('a1'), { properties: { policyDefinitionId: defId, parameters: { effect: { value: 'Audit' } } } });
    expect(ok.status).toBe(201);
    expect(ok.body.properties.scope).toBe(`/subscriptions/${emulator.current.subscriptionId}`);

    const inUse = await armFetch(emulator.current, 'DELETE', defPath('d1'));
    expect([inUse.status, inUse.body.error.code]).toEqual([400, 'PolicyDefinitionInUse']);
    expect((await armFetch(emulator.current, 'DELETE', asgPath('a1'))).status).toBe(200);
    expect((await armFetch(emulator.current, 'DELETE', defPath('d1'))).status).toBe(200);
    expect((await armFetch(emulator.current, 'GET', defPath('d1'))).body.error.code).toBe('PolicyDefinitionNotFound');
  });
});
