/** Pure pieces of the emulator: routing, name rules, clock, replication math, and the contract helpers. */
import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../../src/emulator/arm/router.js';
import { validateGalleryName, validateVersionName, normalizeRegion } from '../../../src/emulator/arm/validation.js';
import { createEmulatorClock } from '../../../src/emulator/clock.js';
import { regionState, replicationStatus, replicationEnd } from '../../../src/emulator/arm/replication.js';
import { createFaultInjector } from '../../../src/emulator/faults/fault-injector.js';
import { responseValidator, shapeDifferences } from '../../integration/emulator/contract-support.js';

const sub = '/subscriptions/00000000-0000-0000-0000-000000000001';

describe('router', () => {
  it('matches the most specific template, case-insensitively for literals', () => {
    const v = matchRoute('GET', `${sub}/resourcegroups/RG/providers/microsoft.compute/galleries/g/images/i/versions/1.0.0`);
    expect(v.match?.route.operationId).toBe('GalleryImageVersions_Get');
    expect(v.match?.params).toMatchObject({ resourceGroupName: 'RG', galleryName: 'g', galleryImageName: 'i', galleryImageVersionName: '1.0.0' });
    expect(matchRoute('GET', `${sub}/providers/Microsoft.Compute/galleries`).match?.route.operationId).toBe('Galleries_List');
    expect(matchRoute('GET', `${sub}/providers/Microsoft.Compute/locations/westus/capsOperations/abc`).match?.route.operationId).toBe('CapsOperations_Get');
  });

  it('tells an unknown path from a known path with a wrong method', () => {
    expect(matchRoute('POST', `${sub}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g`)).toEqual({ match: undefined, pathExists: true });
    expect(matchRoute('GET', `${sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/s`).pathExists).toBe(false);
  });
});

describe('names', () => {
  it.each(['g', 'my.gallery_1', 'A1'])('accepts gallery name %s', (n) => expect(() => validateGalleryName(n)).not.toThrow());
  it.each(['-g', 'g.', 'a-b', '_a', 'a'.repeat(81)])('rejects gallery name %s', (n) => expect(() => validateGalleryName(n)).toThrow(/gallery name/));
  it.each(['0.0.1', '2147483647.0.0'])('accepts version %s', (n) => expect(() => validateVersionName(n)).not.toThrow());
  it.each(['1.0', '1.0.0.0', 'v1.0.0', '2147483648.0.0'])('rejects version %s', (n) => expect(() => validateVersionName(n)).toThrow(/Major\(int32\)/));
  it('normalizes region display names', () => expect(normalizeRegion('West Europe')).toBe('westeurope'));
});

describe('clock', () => {
  it('runs real time times speed, and stops in manual mode', () => {
    let real = 1000;
    const clock = createEmulatorClock({ speed: 10, startAt: 0, realNow: () => real });
    real += 5;
    expect(clock.now()).toBe(50);
    clock.setSpeed(0);
    real += 1000;
    expect(clock.now()).toBe(50);
    expect(clock.mode).toBe('manual');
    clock.advance(25);
    expect(clock.now()).toBe(75);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe('replication math', () => {
  const plan = [
    { region: 'westeurope', startTime: 0, durationMs: 1000 },
    { region: 'eastus', startTime: 0, durationMs: 3000 },
    { region: 'uksouth', startTime: 0, durationMs: 2000, failure: 'boom' },
  ];
  it('ends with the slowest region; a failing region ends half-way', () => {
    expect(replicationEnd(plan)).toBe(3000);
    expect(regionState(plan[2]!, 999)).toMatchObject({ state: 'Replicating' });
    expect(regionState(plan[2]!, 1000)).toMatchObject({ state: 'Failed', details: 'boom' });
  });
  it('aggregates as ARM does', () => {
    expect(replicationStatus(plan.slice(0, 2), 500)).toMatchObject({ aggregatedState: 'InProgress', summary: [{ region: 'West Europe', progress: 50 }, { region: 'East US', progress: 10 }] });
    expect(replicationStatus(plan.slice(0, 2), 3000).aggregatedState).toBe('Completed');
    expect(replicationStatus(plan, 3000).aggregatedState).toBe('Failed');
    expect(replicationStatus(undefined, 0)).toEqual({ aggregatedState: 'Unknown', summary: [] });
  });
});

describe('fault injector', () => {
  it('scripts apply to the next N matching requests only, and never to identity routes by default', () => {
    const f = createFaultInjector();
    f.script(2, { kind: 'status', status: 503 }, { method: 'GET', path: 'galleries' });
    expect(f.pick('GET', '/x/galleries', 'identity')).toBeUndefined();
    expect(f.pick('PUT', '/x/galleries', 'arm')).toBeUndefined();
    expect(f.pick('GET', '/x/galleries', 'arm')).toMatchObject({ status: 503 });
    expect(f.pick('GET', '/x/galleries', 'arm')).toMatchObject({ status: 503 });
    expect(f.pick('GET', '/x/galleries', 'arm')).toBeUndefined();
  });
  it('replication failures can be limited in count', () => {
    const f = createFaultInjector();
    f.failReplication('North Europe', { count: 1 });
    expect(f.replicationFailure('/v', 'northeurope')).toMatch(/North Europe/);
    expect(f.replicationFailure('/v', 'northeurope')).toBeUndefined();
  });
});

describe('contract helpers', () => {
  it('report type mismatches and missing echoed keys', () => {
    expect(shapeDifferences({ id: 'x', properties: { a: 1 } }, { id: 'y', properties: { a: 2 } }, {})).toEqual([]);
    expect(shapeDifferences({ id: 'x', properties: { a: '1' } }, { id: 'y', properties: { a: 2 } }, {})).toEqual(['$.properties.a: emulator string, example number']);
    expect(shapeDifferences({ id: 'x', properties: {} }, { id: 'y', properties: { tags: {} } }, { properties: { tags: {} } })).toEqual(['$.properties.tags: missing in emulator response']);
  });
  it('validate against the swagger, rejecting a bad enum value', () => {
    const validate = responseValidator('Galleries_Get', '200')!;
    const gallery = { id: '/x', name: 'g', type: 'Microsoft.Compute/galleries', location: 'westus', properties: { provisioningState: 'Succeeded' } };
    expect(validate(gallery)).toBe(true);
    expect(validate({ ...gallery, properties: { provisioningState: 'Sideways' } })).toBe(false);
  });
});
