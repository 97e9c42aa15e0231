/**
 * The emulator's session host configuration / management and session host update against
 * desktopvirtualization.json 2026-03-01-preview: requests are the spec's own examples (2026-03-01-preview and the
 * 2025-04-01-preview examples ../shared holds), answers carry the spec's status codes and LRO headers and validate
 * against the spec's definitions; the update itself moves hosts in batches of maxVmsRemoved, honours the log-off
 * delay for the simulated users, keeps or deletes the original OS disk, and can be cancelled.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { userSessionSchedule } from '../../../src/emulator/arm/desktop/simulated-users.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { armFetch, useEmulator } from '../../helpers/emulator.js';
import { readSpec, shapeDifferences } from './contract-support.js';

const emu = useEmulator({ clockSpeed: 0, timing: { lroDurationMs: 60_000, retryAfterSeconds: 0, replicationMsPerReplica: 0 } });
const dv = 'specification/desktopvirtualization/resource-manager/Microsoft.DesktopVirtualization/DesktopVirtualization';
const specFile = `${dv}/preview/2026-03-01-preview/desktopvirtualization.json`;
const typesFile = 'specification/desktopvirtualization/common-types/resource-management/v6/types.json';
const minute = 60_000;
const api = 'api-version=2026-03-01-preview';

interface Example { parameters: Record<string, unknown>; responses: Record<string, { body?: unknown; headers?: Record<string, string> }> }
const example = (path: string): Example => readSpec<Example>(`${dv}/${path}.json`);

let ajv: Ajv | undefined;
/** A validator for a definition of the 2026-03-01-preview spec (its common-types refs resolve to the copies in ../shared). */
function validator(definition: string): (body: unknown) => string[] {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    for (const f of ['int32', 'int64', 'double', 'float', 'arm-id', 'duration']) ajv.addFormat(f, true);
    ajv.addSchema(readSpec(typesFile), `https://specs.local/${typesFile}`);
    ajv.addSchema(readSpec(specFile), `https://specs.local/${specFile}`);
  }
  const validate = ajv.compile({ $ref: `https://specs.local/${specFile}#/definitions/${definition}` });
  return (body) => (validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

interface Fixture { rg: string; pool: string; hosts: string[]; vms: string[]; image: (v: string) => string }

function seed(e: EmulatorHandle, hosts: number): Fixture {
  e.state.reset();
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-shm`;
  const pool = `${rg}/providers/Microsoft.DesktopVirtualization/hostPools/hp1`;
  const image = (v: string) => `${rg}/providers/Microsoft.Compute/galleries/g/images/desk/versions/${v}`;
  const vms = Array.from({ length: hosts }, (_, i) => `${rg}/providers/Microsoft.Compute/virtualMachines/sh${i}`);
  const hostIds = vms.map((_, i) => `${pool}/sessionHosts/sh${i}.contoso.example`);
  e.state.seed([
    { id: rg, type: 'Microsoft.Resources/resourceGroups', body: { location: 'westeurope', properties: { provisioningState: 'Succeeded' } } },
    { id: `${rg}/providers/Microsoft.Compute/galleries/g`, body: { location: 'westeurope', properties: {} } },
    { id: `${rg}/providers/Microsoft.Compute/galleries/g/images/desk`, body: { location: 'westeurope', properties: {} } },
    ...['1.0.0', '2.0.0'].map((v) => ({ id: image(v), body: { location: 'westeurope', properties: {} } })),
    { id: pool, body: { location: 'westeurope', properties: { hostPoolType: 'Pooled', loadBalancerType: 'BreadthFirst', preferredAppGroupType: 'Desktop', maxSessionLimit: 5 } } },
    ...vms.map((id) => ({ id, body: { location: 'westeurope', properties: { storageProfile: { imageReference: { id: image('1.0.0') } } } } })),
    ...hostIds.map((id, i) => ({ id, body: { properties: { allowNewSession: true, status: 'Available', resourceId: vms[i] } } })),
  ]);
  return { rg, pool, hosts: hostIds, vms, image };
}

/** The 2026-03-01-preview CreateOrUpdate example with a gallery image version (Custom) as the image. */
function configBody(imageId: string): { properties: Record<string, unknown> } {
  const body = structuredClone(example('preview/2026-03-01-preview/examples/SessionHostConfigurations_CreateOrUpdate').parameters.sessionHostConfiguration) as { properties: Record<string, unknown> };
  body.properties.imageInfo = { type: 'Custom', customInfo: { resourceId: imageId } };
  return body;
}

async function status(e: EmulatorHandle, pool: string): Promise<{ status: string; percentComplete: number; properties: { progress: Record<string, number> } }> {
  const res = await armFetch(e, 'GET', `${pool}/sessionHostManagements/default/sessionHostUpdateStatuses/default?${api}`);
  expect(res.status).toBe(200);
  expect(validator('SessionHostManagementUpdateStatus')(res.body)).toEqual([]);
  return res.body;
}

const vmImage = (e: EmulatorHandle, id: string): string => ((e.state.resource(id) as { properties: { storageProfile: { imageReference: { id: string } } } }).properties.storageProfile.imageReference.id.split('/').pop() ?? '');

describe('session host configuration and management in the emulator', () => {
  it('serves the spec examples with the spec status codes, LRO headers and schemas', async () => {
    const e = emu.current;
    const { pool } = seed(e, 1);
    // The validators bite: a status without `status` and with a text percentage is refused.
    expect(validator('SessionHostManagementUpdateStatus')({ percentComplete: 'half' }).length).toBeGreaterThanOrEqual(2);
    const mgmtExample = example('preview/2026-03-01-preview/examples/SessionHostManagements_Create');
    const created = await armFetch(e, 'PUT', `${pool}/sessionHostManagements/default?${api}`, mgmtExample.parameters.sessionHostManagement);
    expect(created.status).toBe(201);
    expect(shapeDifferences(created.body, mgmtExample.responses['201']?.body, mgmtExample.parameters.sessionHostManagement)).toEqual([]);
    expect(validator('SessionHostManagement')(created.body)).toEqual([]);
    expect((await armFetch(e, 'PUT', `${pool}/sessionHostManagements/default?${api}`, mgmtExample.parameters.sessionHostManagement)).status).toBe(200);
    const getExample = example('preview/2026-03-01-preview/examples/SessionHostManagements_Get');
    const got = await armFetch(e, 'GET', `${pool}/sessionHostManagements/default?${api}`);
    expect(shapeDifferences(got.body, getExample.responses['200']?.body, {})).toEqual([]);
    const listExample = example('preview/2026-03-01-preview/examples/SessionHostManagements_ListByHostPool');
    const listed = await armFetch(e, 'GET', `${pool}/sessionHostManagements?${api}`);
    expect(shapeDifferences(listed.body, listExample.responses['200']?.body, {})).toEqual([]);
    const patchExample = example('examples/2025-04-01-preview/SessionHostManagements_Update');
    const patched = await armFetch(e, 'PATCH', `${pool}/sessionHostManagements/default?api-version=2025-04-01-preview`, patchExample.parameters.sessionHostManagement);
    expect(patched.status).toBe(200);
    expect(shapeDifferences(patched.body, patchExample.responses['200']?.body, patchExample.parameters.sessionHostManagement)).toEqual([]);

    const cfgExample = example('preview/2026-03-01-preview/examples/SessionHostConfigurations_CreateOrUpdate');
    const cfg = await armFetch(e, 'PUT', `${pool}/sessionHostConfigurations/default?${api}`, cfgExample.parameters.sessionHostConfiguration);
    expect(cfg.status).toBe(201);
    expect(shapeDifferences(cfg.body, cfgExample.responses['201']?.body, cfgExample.parameters.sessionHostConfiguration)).toEqual([]);
    expect(validator('SessionHostConfiguration')(cfg.body)).toEqual([]);
    expect(cfg.body.properties.provisioningState).toBe('Provisioning');
    const asyncOp = cfg.headers.get('azure-asyncoperation') ?? '';
    expect(asyncOp).toMatch(/\/hostPools\/hp1\/sessionHostConfigurations\/default\/operationStatuses\/[0-9a-f-]+\?api-version=2026-03-01-preview$/);
    const opPath = new URL(asyncOp).pathname + new URL(asyncOp).search;
    expect((await armFetch(e, 'GET', opPath)).body.status).toBe('InProgress');
    e.clock.advance(minute);
    expect((await armFetch(e, 'GET', opPath)).body.status).toBe('Succeeded');
    for (const [file, version] of [['examples/2025-04-01-preview/SessionHostConfigurations_Get', '2025-04-01-preview'], ['examples/2025-04-01-preview/SessionHostConfigurations_ListByHostPool', '2025-04-01-preview']] as const) {
      const ex = example(file);
      const res = await armFetch(e, 'GET', `${pool}/sessionHostConfigurations${file.endsWith('_Get') ? '/default' : ''}?api-version=${version}`);
      expect(res.status).toBe(200);
      expect(shapeDifferences(res.body, ex.responses['200']?.body, {})).toEqual([]);
    }
    const updExample = example('examples/2025-04-01-preview/SessionHostConfigurations_Update');
    const upd = await armFetch(e, 'PATCH', `${pool}/sessionHostConfigurations/default?api-version=2025-04-01-preview`, updExample.parameters.sessionHostConfiguration);
    expect(upd.status).toBe(202);
    expect(upd.headers.get('location')).toMatch(/\/sessionHostConfigurations\/default\/operationResults\/[0-9a-f-]+\?api-version=2025-04-01-preview$/);
    const monitor = new URL(upd.headers.get('location') ?? '');
    expect((await armFetch(e, 'GET', monitor.pathname + monitor.search)).status).toBe(202);
    e.clock.advance(minute);
    const done = await armFetch(e, 'GET', monitor.pathname + monitor.search);
    expect(done.status).toBe(200);
    expect(done.body.properties).toMatchObject({ friendlyName: 'Second Version, Updated Location', provisioningState: 'Succeeded', diskInfo: { diffDiskSettings: { option: 'Local' } } });

    // The initiate example's scheduledDateTime (2008) is past: the update starts at once and answers 204.
    const initExample = example('preview/2026-03-01-preview/examples/SessionHostManagements_UpdateSessionHosts_Post');
    const init = await armFetch(e, 'POST', `${pool}/sessionHostManagements/default/initiateSessionHostUpdate?${api}`, initExample.parameters.updateSessionHostsRequestBody);
    expect(init.status).toBe(204);
    expect((await status(e, pool)).status).toBe('ValidatingSessionHostUpdate');
    // A second one while it runs is a conflict, and the configuration cannot change under it.
    expect((await armFetch(e, 'POST', `${pool}/sessionHostManagements/default/initiateSessionHostUpdate?${api}`, {})).status).toBe(409);
    const locked = await armFetch(e, 'PATCH', `${pool}/sessionHostConfigurations/default?${api}`, { properties: { friendlyName: 'x' } });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('SessionHostUpdateInProgress');
    // Marketplace image in the example: validation passes, the one host is replaced.
    e.clock.advance(10 * minute);
    expect((await status(e, pool)).status).toBe('Succeeded');

    // ControlSessionHostUpdate example (Start) on a scheduled update: 202 + Location, as the example shows.
    const later = new Date(e.clock.now() + 60 * minute).toISOString();
    await armFetch(e, 'PATCH', `${pool}/sessionHostConfigurations/default?${api}`, { properties: { friendlyName: 'third' } });
    e.clock.advance(minute);
    expect((await armFetch(e, 'POST', `${pool}/sessionHostManagements/default/initiateSessionHostUpdate?${api}`, { scheduledDateTime: later })).status).toBe(204);
    expect((await status(e, pool)).status).toBe('Scheduled');
    const ctlExample = example('preview/2026-03-01-preview/examples/SessionHostManagements_ControlSessionHostUpdate_Post');
    const ctl = await armFetch(e, 'POST', `${pool}/sessionHostManagements/default/controlSessionHostUpdate?${api}`, ctlExample.parameters.hostPoolUpdateControlParameter);
    expect(ctl.status).toBe(202);
    expect(ctl.headers.get('location')).toMatch(/\/sessionHostManagements\/default\/operationResults\/[0-9a-f-]+\?api-version=2026-03-01-preview$/);
    expect(ctl.headers.get('retry-after')).toBe('0');
    expect((await status(e, pool)).status).toBe('ValidatingSessionHostUpdate');
  });

  it('answers bad requests with CloudError bodies and changes nothing', async () => {
    const e = emu.current;
    const { pool } = seed(e, 1);
    const before = e.state.snapshot();
    const noConfig = await armFetch(e, 'GET', `${pool}/sessionHostConfigurations/default?${api}`);
    expect(noConfig.status).toBe(404);
    expect(noConfig.body.error.code).toBe('ResourceNotFound');
    const badMgmt = await armFetch(e, 'PUT', `${pool}/sessionHostManagements/default?${api}`, { properties: { scheduledDateTimeZone: 'UTC', update: { maxVmsRemoved: 0, logOffDelayMinutes: 5 } } });
    expect(badMgmt.status).toBe(400);
    expect(badMgmt.body.error).toMatchObject({ code: 'InvalidParameter', target: 'properties.update.maxVmsRemoved' });
    const badImage = await armFetch(e, 'PUT', `${pool}/sessionHostConfigurations/default?${api}`, { properties: { ...configBody('x').properties, imageInfo: { type: 'Custom', customInfo: {} } } });
    expect(badImage.status).toBe(400);
    expect(badImage.body.error.target).toBe('properties.imageInfo.customInfo.resourceId');
    const stable = await armFetch(e, 'GET', `${pool}/sessionHostConfigurations/default?api-version=2025-10-10`);
    expect(stable.status).toBe(400);
    expect(stable.body.error.code).toBe('NoRegisteredProviderFound');
    const noUpdate = await armFetch(e, 'POST', `${pool}/sessionHostManagements/default/controlSessionHostUpdate?${api}`, { action: 'Cancel' });
    expect(noUpdate.status).toBe(404);
    expect(e.state.snapshot()).toEqual(before);
  });

  it('updates hosts in batches of maxVmsRemoved and logs nobody off before logOffDelayMinutes', async () => {
    const e = emu.current;
    const f = seed(e, 4);
    const start = e.clock.now();
    // sh0: a user who stays 2 hours; sh1: one who leaves after 5 minutes; sh2, sh3: nobody.
    e.state.seed([
      ...userSessionSchedule({ sessionHostIds: [f.hosts[0] ?? ''], usersPerHost: 1, startAt: start - minute, logOnSpreadMs: 1, minDurationMs: 120 * minute, maxDurationMs: 121 * minute, seed: 'stay' }),
      ...userSessionSchedule({ sessionHostIds: [f.hosts[1] ?? ''], usersPerHost: 1, startAt: start - minute, logOnSpreadMs: 1, minDurationMs: 6 * minute, maxDurationMs: 6 * minute + 1, seed: 'leave' }),
    ]);
    await armFetch(e, 'PUT', `${f.pool}/sessionHostManagements/default?${api}`, { properties: { scheduledDateTimeZone: 'UTC', update: { maxVmsRemoved: 2, logOffDelayMinutes: 30, logOffMessage: 'Saving your work now keeps it.', deleteOriginalVm: false } } });
    await armFetch(e, 'PUT', `${f.pool}/sessionHostConfigurations/default?${api}`, configBody(f.image('2.0.0')));
    e.clock.advance(minute);
    expect((await armFetch(e, 'POST', `${f.pool}/sessionHostManagements/default/initiateSessionHostUpdate?${api}`, {})).status).toBe(204);
    e.clock.advance(minute); // validation
    let s = await status(e, f.pool);
    expect(s).toMatchObject({ status: 'UpdatingSessionHosts', properties: { progress: { totalSessionHosts: 4, sessionHostsInProgress: 2, sessionHostsCompleted: 0 } } });
    const hostsNow = (await armFetch(e, 'GET', `${f.pool}/sessionHosts?${api}`)).body.value as { properties: { allowNewSession: boolean } }[];
    expect(hostsNow.map((h) => h.properties.allowNewSession)).toEqual([false, false, true, true]);
    // sh1's user leaves 5 minutes after logging on; sh1 is replaced (1 minute) and sh2 starts, while sh0 waits for its user.
    e.clock.advance(4 * minute);
    s = await status(e, f.pool);
    expect(s.properties.progress).toMatchObject({ sessionHostsCompleted: 1, sessionHostsInProgress: 2 });
    expect(f.vms.map((v) => vmImage(e, v))).toEqual(['1.0.0', '2.0.0', '2.0.0', '1.0.0']);
    e.clock.advance(40 * minute);
    s = await status(e, f.pool);
    expect(s).toMatchObject({ status: 'Succeeded', percentComplete: 100 });
    expect(f.vms.map((v) => vmImage(e, v))).toEqual(['2.0.0', '2.0.0', '2.0.0', '2.0.0']);
    const sims = f.hosts.slice(0, 2).map((h) => (e.state.resource(`${h}/userSessions/1`) as { simulation: { endedAt?: number; endedBy?: string; messages?: { at: number; body: string }[] } }).simulation);
    expect(sims[0]?.endedBy).toBe('logoff');
    expect((sims[0]?.endedAt ?? 0) - (sims[0]?.messages?.[0]?.at ?? Infinity)).toBe(30 * minute);
    expect(sims[0]?.messages?.[0]?.body).toBe('Saving your work now keeps it.');
    expect(sims[1]).not.toHaveProperty('endedBy');
    // deleteOriginalVm=false keeps each original OS disk; the hosts report the configuration version they run.
    const disks = Object.values(e.state.snapshot() as Record<string, { type: string }>).filter((r) => r.type === 'Microsoft.Compute/disks');
    expect(disks).toHaveLength(4);
    const hosts = (await armFetch(e, 'GET', `${f.pool}/sessionHosts?${api}`)).body.value as { properties: Record<string, unknown> }[];
    const version = (await armFetch(e, 'GET', `${f.pool}/sessionHostConfigurations/default?${api}`)).body.properties.version;
    expect(hosts.map((h) => [h.properties.status, h.properties.allowNewSession, h.properties.sessionHostConfiguration])).toEqual(Array(4).fill(['Available', true, version]));
    expect((await armFetch(e, 'GET', `${f.pool}/sessionHosts?api-version=2025-10-10`)).body.value[0].properties).not.toHaveProperty('sessionHostConfiguration');
    // The preview list answers in the shape of its spec example and definition.
    const listExample = example('preview/2026-03-01-preview/examples/SessionHosts_List');
    const listed = await armFetch(e, 'GET', `${f.pool}/sessionHosts?${api}`);
    expect(shapeDifferences(listed.body, listExample.responses['200']?.body, {})).toEqual([]);
    expect(validator('SessionHostList')(listed.body)).toEqual([]);
  });

  it('cancels: draining hosts go back into rotation, replaced ones stay, the monitor answers 202 until Cancelled', async () => {
    const e = emu.current;
    const f = seed(e, 3);
    e.state.seed(userSessionSchedule({ sessionHostIds: [f.hosts[1] ?? ''], usersPerHost: 1, startAt: e.clock.now() - minute, logOnSpreadMs: 1, minDurationMs: 120 * minute, maxDurationMs: 121 * minute, seed: 'c' }));
    await armFetch(e, 'PUT', `${f.pool}/sessionHostManagements/default?${api}`, { properties: { scheduledDateTimeZone: 'UTC', update: { maxVmsRemoved: 2, logOffDelayMinutes: 30, deleteOriginalVm: true } } });
    await armFetch(e, 'PUT', `${f.pool}/sessionHostConfigurations/default?${api}`, configBody(f.image('2.0.0')));
    e.clock.advance(minute);
    await armFetch(e, 'POST', `${f.pool}/sessionHostManagements/default/initiateSessionHostUpdate?${api}`, {});
    e.clock.advance(90_000); // validated after 1 minute; sh0 (empty) is being replaced for 1 minute, sh1 waits for its user
    expect((await status(e, f.pool)).properties.progress).toMatchObject({ sessionHostsInProgress: 2, sessionHostsCompleted: 0 });
    expect(f.vms.map((v) => vmImage(e, v))).toEqual(['2.0.0', '1.0.0', '1.0.0']);
    const ctl = await armFetch(e, 'POST', `${f.pool}/sessionHostManagements/default/controlSessionHostUpdate?${api}`, { action: 'Cancel', cancelMessage: 'Update called off; carry on.' });
    expect(ctl.status).toBe(202);
    const monitor = new URL(ctl.headers.get('location') ?? '');
    expect((await armFetch(e, 'GET', monitor.pathname + monitor.search)).status).toBe(202);
    expect((await status(e, f.pool)).status).toBe('Cancelling');
    e.clock.advance(minute);
    expect((await armFetch(e, 'GET', monitor.pathname + monitor.search)).status).toBe(200);
    expect((await status(e, f.pool))).toMatchObject({ status: 'Cancelled', properties: { progress: { sessionHostsCompleted: 1 } } });
    expect(f.vms.map((v) => vmImage(e, v))).toEqual(['2.0.0', '1.0.0', '1.0.0']);
    const sim = (e.state.resource(`${f.hosts[1] ?? ''}/userSessions/1`) as { simulation: { endedBy?: string; messages?: { body: string }[] } }).simulation;
    expect(sim.endedBy).toBeUndefined();
    expect(sim.messages?.map((m) => m.body)).toEqual(['', 'Update called off; carry on.']);
    const hosts = (await armFetch(e, 'GET', `${f.pool}/sessionHosts?${api}`)).body.value as { properties: { allowNewSession: boolean } }[];
    expect(hosts.every((h) => h.properties.allowNewSession)).toBe(true);
    expect(Object.values(e.state.snapshot() as Record<string, { type: string }>).filter((r) => r.type === 'Microsoft.Compute/disks')).toHaveLength(0);
  });
  it('pauses and resumes between hosts, and fails on a missing image until a retry finds it', async () => {
    const e = emu.current;
    const f = seed(e, 3);
    const ctl = (action: string) => armFetch(e, 'POST', `${f.pool}/sessionHostManagements/default/controlSessionHostUpdate?${api}`, { action });
    await armFetch(e, 'PUT', `${f.pool}/sessionHostManagements/default?${api}`, { properties: { scheduledDateTimeZone: 'UTC', update: { maxVmsRemoved: 1, logOffDelayMinutes: 10 } } });
    await armFetch(e, 'PUT', `${f.pool}/sessionHostConfigurations/default?${api}`, configBody(f.image('3.0.0')));
    e.clock.advance(minute);
    await armFetch(e, 'POST', `${f.pool}/sessionHostManagements/default/initiateSessionHostUpdate?${api}`, {});
    e.clock.advance(minute);
    // Version 3.0.0 does not exist: validation fails and no host was touched.
    const failed = await armFetch(e, 'GET', `${f.pool}/sessionHostManagements/default/sessionHostUpdateStatuses/default?${api}`);
    expect(failed.body).toMatchObject({ status: 'Failed', error: { code: 'ImageNotFound' } });
    expect(f.vms.map((v) => vmImage(e, v))).toEqual(['1.0.0', '1.0.0', '1.0.0']);
    expect((await ctl('Resume')).status).toBe(409);
    e.state.seed([{ id: f.image('3.0.0'), body: { location: 'westeurope', properties: {} } }]);
    expect((await ctl('Retry')).status).toBe(202);
    e.clock.advance(90_000); // validated after 1 minute; sh0 is being replaced
    expect((await ctl('Pause')).status).toBe(202);
    expect((await status(e, f.pool)).status).toBe('Pausing');
    e.clock.advance(10 * minute);
    expect(await status(e, f.pool)).toMatchObject({ status: 'Paused', properties: { progress: { sessionHostsCompleted: 1, sessionHostsInProgress: 0 } } });
    expect(f.vms.map((v) => vmImage(e, v))).toEqual(['3.0.0', '1.0.0', '1.0.0']);
    expect((await ctl('Resume')).status).toBe(202);
    e.clock.advance(10 * minute);
    expect((await status(e, f.pool)).status).toBe('Succeeded');
    expect(f.vms.map((v) => vmImage(e, v))).toEqual(['3.0.0', '3.0.0', '3.0.0']);
  });
});
