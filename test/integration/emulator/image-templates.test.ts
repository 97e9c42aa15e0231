import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import { imageBuilderClient } from '../../../src/core/bake/image-builder-client.js';
import { armActionFor } from '../../../src/emulator/authz/arm-actions.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';

// Manual clock: run phases (1 emulated minute each) only move when the test advances time; CRUD LROs are instant.
const emulator = useEmulator({ clockSpeed: 0, timing: { lroDurationMs: 0, retryAfterSeconds: 0, imageBuilderPhaseMs: 60_000 } });
const rg = 'rg-aib';

function clients() {
  const ctx = createTestStepContext(emulator.current);
  return { ctx, aib: imageBuilderClient(ctx.azure).virtualMachineImageTemplates };
}

function template(imageName: string, extra: Partial<ImageTemplate> = {}): ImageTemplate {
  const sub = emulator.current.subscriptionId;
  return {
    location: 'westeurope',
    identity: { type: 'UserAssigned', userAssignedIdentities: { [`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aib`]: {} } },
    source: { type: 'PlatformImage', publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
    customize: [{ type: 'Shell', name: 'nginx', inline: ['sudo apt-get install -y nginx'] }],
    distribute: [{ type: 'ManagedImage', runOutputName: 'out', imageId: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/images/${imageName}`, location: 'westeurope' }],
    ...extra,
  };
}

beforeAll(async () => {
  await clients().ctx.azure.resources().resourceGroups.createOrUpdate(rg, { location: 'westeurope' });
});

describe('emulator: Microsoft.VirtualMachineImages/imageTemplates through @azure/arm-imagebuilder', () => {
  it('creates, gets and lists a template; runs it through its phases; writes the run output and the managed image; deletes it', async () => {
    const { ctx, aib } = clients();
    const created = await aib.createOrUpdate(rg, 'tpl-ok', template('img-ok'));
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.exactStagingResourceGroup).toMatch(/IT_rg-aib_tpl-ok_/);
    expect(Object.values(created.identity.userAssignedIdentities ?? {})[0]?.principalId).toMatch(/-/);
    const names: string[] = [];
    for await (const t of aib.listByResourceGroup(rg)) names.push(t.name ?? '');
    expect(names).toContain('tpl-ok');

    await aib.run(rg, 'tpl-ok').submitted();
    const phases: string[] = [];
    for (let i = 0; i < 4; i++) {
      const t = await aib.get(rg, 'tpl-ok');
      phases.push(`${t.lastRunStatus?.runState}/${t.lastRunStatus?.runSubState ?? ''}`);
      emulator.current.clock.advance(60_000);
    }
    expect(phases).toEqual(['Running/Building', 'Running/Customizing', 'Running/Distributing', 'Succeeded/']);
    const output = await aib.getRunOutput(rg, 'tpl-ok', 'out');
    expect(output.artifactId).toBe(`/subscriptions/${emulator.current.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/images/img-ok`);
    const outputs = [];
    for await (const o of aib.listRunOutputs(rg, 'tpl-ok')) outputs.push(o.name);
    expect(outputs).toEqual(['out']);
    const image = await ctx.azure.compute().images.get(rg, 'img-ok');
    expect(image.storageProfile?.osDisk).toMatchObject({ osType: 'Linux', osState: 'Generalized' });

    await aib.delete(rg, 'tpl-ok').pollUntilDone();
    await expect(aib.get(rg, 'tpl-ok')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('fails a run that would distribute onto an existing managed image, and writes no run output', async () => {
    const { aib } = clients();
    await aib.createOrUpdate(rg, 'tpl-a', template('img-taken'));
    const first = aib.run(rg, 'tpl-a');
    await first.submitted();
    emulator.current.clock.advance(180_000);
    await first.pollUntilDone();
    await aib.createOrUpdate(rg, 'tpl-b', template('img-taken'));
    const poller = aib.run(rg, 'tpl-b');
    await poller.submitted();
    emulator.current.clock.advance(180_000);
    await expect(poller.pollUntilDone()).rejects.toMatchObject({ message: expect.stringMatching(/img-taken' already exists/) });
    expect((await aib.get(rg, 'tpl-b')).lastRunStatus).toMatchObject({ runState: 'Failed' });
    await expect(aib.getRunOutput(rg, 'tpl-b', 'out')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('checks the real RBAC actions: a Reader can read templates but not run them', async () => {
    expect(armActionFor('POST', `/subscriptions/s/resourceGroups/${rg}/providers/microsoft.virtualmachineimages/imagetemplates/t/run`)).toBe('Microsoft.VirtualMachineImages/imageTemplates/run/action');
    expect(armActionFor('PUT', `/subscriptions/s/resourceGroups/${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/t`)).toBe('Microsoft.VirtualMachineImages/imageTemplates/write');
    const { aib } = clients();
    await aib.createOrUpdate(rg, 'tpl-rbac', template('img-rbac'));
    const reader = emulator.current.identity.registerServicePrincipal({ displayName: 'aib reader' });
    emulator.current.authz.assign(reader.objectId, 'Reader', `/subscriptions/${emulator.current.subscriptionId}`);
    const ctx = createTestStepContext(emulator.current, { principal: { clientId: reader.clientId, clientSecret: reader.clientSecret! } });
    const readerAib = imageBuilderClient(ctx.azure).virtualMachineImageTemplates;
    await expect(readerAib.get(rg, 'tpl-rbac')).resolves.toMatchObject({ name: 'tpl-rbac' });
    await expect(readerAib.run(rg, 'tpl-rbac').submitted()).rejects.toMatchObject({ statusCode: 403, message: expect.stringContaining('Microsoft.VirtualMachineImages/imageTemplates/run/action') });
    expect((await aib.get(rg, 'tpl-rbac')).lastRunStatus).toBeUndefined();
  });

  it('rejects templates AIB would refuse, naming the property, and stores nothing', async () => {
    const { aib } = clients();
    const noIdentity = { ...template('img-x'), identity: { type: 'None' as const } };
    await expect(aib.createOrUpdate(rg, 'tpl-bad', noIdentity).pollUntilDone()).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/user-assigned identity/) });
    await expect(aib.createOrUpdate(rg, 'tpl-bad', template('img-x', { distribute: [] })).pollUntilDone()).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/properties\.distribute/) });
    await expect(aib.createOrUpdate(rg, 'tpl-bad', template('img-x', { source: { type: 'PlatformImage', publisher: 'Canonical' } as never })).pollUntilDone()).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/properties\.source\.offer/) });
    await expect(aib.get(rg, 'tpl-bad')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses to update a template in place but accepts an identical PUT', async () => {
    const { aib } = clients();
    await aib.createOrUpdate(rg, 'tpl-same', template('img-same'));
    await expect(aib.createOrUpdate(rg, 'tpl-same', template('img-same'))).resolves.toMatchObject({ name: 'tpl-same' });
    await expect(aib.createOrUpdate(rg, 'tpl-same', template('img-other')).pollUntilDone()).rejects.toMatchObject({ statusCode: 409, message: expect.stringMatching(/not supported/) });
  });

  it('fails an injected run with a customization.log URI, and cancels a running build', async () => {
    const { aib } = clients();
    emulator.current.faults.failOperations({ match: { method: 'POST', path: 'tpl-fail' }, message: 'script exited with 1' });
    await aib.createOrUpdate(rg, 'tpl-fail', template('img-fail'));
    await aib.run(rg, 'tpl-fail').submitted();
    emulator.current.clock.advance(180_000);
    const failed = await aib.get(rg, 'tpl-fail');
    expect(failed.lastRunStatus?.runState).toBe('Failed');
    expect(failed.lastRunStatus?.message).toMatch(/https:\/\/\S+\/customization\.log\?sv=/);
    expect(failed.lastRunStatus?.message).toContain('script exited with 1');
    await expect(aib.getRunOutput(rg, 'tpl-fail', 'out')).rejects.toMatchObject({ statusCode: 404 });

    await aib.createOrUpdate(rg, 'tpl-cancel', template('img-cancel'));
    await aib.run(rg, 'tpl-cancel').submitted();
    await expect(aib.run(rg, 'tpl-cancel').submitted()).rejects.toMatchObject({ statusCode: 409 });
    await expect(aib.delete(rg, 'tpl-cancel').submitted()).rejects.toMatchObject({ statusCode: 409 });
    await aib.cancel(rg, 'tpl-cancel').submitted();
    expect((await aib.get(rg, 'tpl-cancel')).lastRunStatus?.runState).toBe('Canceled');
  });
});
