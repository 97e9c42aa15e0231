/** ARM error shapes and codes for bad input, and proof that bad input changes nothing. */
import { beforeAll, describe, expect, it } from 'vitest';
import { armFetch, computeClient, useEmulator } from '../../helpers/emulator.js';

const emu = useEmulator();
const sub = () => `/subscriptions/${emu.current.subscriptionId}`;
const rgPath = () => `${sub()}/resourceGroups/rg-err`;
const gal = () => `${rgPath()}/providers/Microsoft.Compute/galleries/gal`;
const def = () => `${gal()}/images/def`;
const gv = '?api-version=2025-12-03';
const definitionBody = {
  location: 'westeurope',
  properties: { osType: 'Linux', osState: 'Generalized', identifier: { publisher: 'p', offer: 'o', sku: 's' } },
};

beforeAll(async () => {
  const e = emu.current;
  expect((await armFetch(e, 'PUT', `${rgPath()}?api-version=2025-04-01`, { location: 'westeurope' })).status).toBe(201);
  expect((await armFetch(e, 'PUT', `${gal()}${gv}`, { location: 'westeurope' })).status).toBe(201);
  expect((await armFetch(e, 'PUT', `${def()}${gv}`, definitionBody)).status).toBe(201);
});

/** Runs a request that must fail and checks ARM's error envelope and that state did not change. */
async function expectArmError(method: string, path: string, body: unknown, status: number, code: string, target?: string) {
  const before = emu.current.state.snapshot();
  const res = await armFetch(emu.current, method, path, body);
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error.message.length).toBeGreaterThan(10);
  if (target) expect(res.body.error.target).toBe(target);
  expect(res.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get('x-ms-correlation-request-id')).toBeTruthy();
  expect(emu.current.state.snapshot()).toEqual(before);
  return res.body.error as { code: string; message: string; target?: string };
}

describe('ARM error shapes', () => {
  it('rejects a missing api-version', async () => {
    await expectArmError('GET', gal(), undefined, 400, 'MissingApiVersionParameter');
  });

  it('rejects an unknown provider api-version with NoRegisteredProviderFound and lists the supported ones', async () => {
    const err = await expectArmError('GET', `${gal()}?api-version=2019-01-01`, undefined, 400, 'NoRegisteredProviderFound');
    expect(err.message).toContain("'2019-01-01'");
    expect(err.message).toContain('2025-12-03');
    expect(err.message).toContain('2021-10-01');
  });

  it('accepts older gallery api-versions that real tools send', async () => {
    for (const v of ['2021-10-01', '2022-03-03', '2023-07-03', '2024-03-03']) {
      expect((await armFetch(emu.current, 'GET', `${gal()}?api-version=${v}`)).status).toBe(200);
    }
  });

  it('answers 404 ResourceGroupNotFound for an unknown group', async () => {
    await expectArmError('PUT', `${sub()}/resourceGroups/nope/providers/Microsoft.Compute/galleries/g${gv}`, { location: 'westeurope' }, 404, 'ResourceGroupNotFound');
  });

  it('answers 404 ResourceNotFound for a missing gallery', async () => {
    const err = await expectArmError('GET', `${rgPath()}/providers/Microsoft.Compute/galleries/missing${gv}`, undefined, 404, 'ResourceNotFound');
    expect(err.message).toContain("'Microsoft.Compute/galleries/missing'");
  });

  it('answers 404 ParentResourceNotFound when the gallery is missing', async () => {
    await expectArmError('PUT', `${rgPath()}/providers/Microsoft.Compute/galleries/missing/images/d${gv}`, definitionBody, 404, 'ParentResourceNotFound');
  });

  it.each([
    ['gallery name', () => `${rgPath()}/providers/Microsoft.Compute/galleries/bad-name${gv}`, { location: 'westeurope' }, 'galleryName'],
    ['definition name', () => `${gal()}/images/-bad${gv}`, definitionBody, 'galleryImageName'],
    ['version name', () => `${def()}/versions/1.0${gv}`, { location: 'westeurope', properties: {} }, 'galleryImageVersionName'],
    ['int32 overflow in version', () => `${def()}/versions/1.0.2147483648${gv}`, { location: 'westeurope', properties: {} }, 'galleryImageVersionName'],
  ])('rejects an invalid %s with InvalidParameter', async (_label, path, body, target) => {
    await expectArmError('PUT', path(), body, 400, 'InvalidParameter', target);
  });

  it('rejects an invalid resource group name', async () => {
    await expectArmError('PUT', `${sub()}/resourceGroups/bad.?api-version=2025-04-01`, { location: 'westeurope' }, 400, 'InvalidParameter', 'resourceGroupName');
  });

  it.each([
    ['missing location', {}, 'location'],
    ['missing identifier', { location: 'westeurope', properties: { osType: 'Linux', osState: 'Generalized' } }, 'galleryImage.properties.identifier'],
    ['missing sku', { location: 'westeurope', properties: { osType: 'Linux', osState: 'Generalized', identifier: { publisher: 'p', offer: 'o' } } }, 'galleryImage.properties.identifier.sku'],
    ['bad osType', { location: 'westeurope', properties: { osType: 'BeOS', osState: 'Generalized', identifier: { publisher: 'p', offer: 'o', sku: 's' } } }, 'galleryImage.properties.osType'],
    ['bad hyperVGeneration', { location: 'westeurope', properties: { osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V3', identifier: { publisher: 'p', offer: 'o', sku: 's' } } }, 'galleryImage.properties.hyperVGeneration'],
  ])('rejects a definition body with %s, naming the property', async (_label, body, target) => {
    await expectArmError('PUT', `${gal()}/images/newdef${gv}`, body, 400, 'InvalidParameter', target);
  });

  it('rejects an unknown location', async () => {
    await expectArmError('PUT', `${rgPath()}/providers/Microsoft.Compute/galleries/g2${gv}`, { location: 'westeurpe' }, 400, 'LocationNotAvailableForResourceType', 'location');
  });

  it('rejects malformed JSON with InvalidRequestContent', async () => {
    await expectArmError('PUT', `${rgPath()}/providers/Microsoft.Compute/galleries/g2${gv}`, '{"location":', 400, 'InvalidRequestContent');
  });

  it.each([
    ['too many tags', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])), 'InvalidTagCount'],
    ['a long tag name', { ['k'.repeat(513)]: 'v' }, 'InvalidTagNameLength'],
    ['a long tag value', { k: 'v'.repeat(257) }, 'InvalidTagValueLength'],
  ])('rejects %s', async (_label, tags, code) => {
    await expectArmError('PUT', `${rgPath()}/providers/Microsoft.Compute/galleries/g3${gv}`, { location: 'westeurope', tags }, 400, code, 'tags');
  });

  it.each([
    ['identifier', { identifier: { publisher: 'p', offer: 'o', sku: 'other' } }],
    ['osType', { osType: 'Windows' }],
    ['osState', { osState: 'Specialized' }],
    ['hyperVGeneration', { hyperVGeneration: 'V2' }],
    ['architecture', { architecture: 'Arm64' }],
  ])('refuses to change the immutable %s of a definition', async (prop, change) => {
    const body = { ...definitionBody, properties: { ...definitionBody.properties, ...change } };
    await expectArmError('PUT', `${def()}${gv}`, body, 409, 'PropertyChangeNotAllowed', `galleryImage.properties.${prop}`);
  });

  it('refuses to delete a gallery that holds definitions, and a definition that holds versions', async () => {
    const err = await expectArmError('DELETE', `${gal()}${gv}`, undefined, 409, 'CannotDeleteResource');
    expect(err.message).toContain('def');
    const e = emu.current;
    const snap = `${rgPath()}/providers/Microsoft.Compute/snapshots/os`;
    expect((await armFetch(e, 'PUT', `${snap}?api-version=2026-03-02`, { location: 'westeurope', properties: { creationData: { createOption: 'Empty' }, diskSizeGB: 40 } })).status).toBe(202);
    const v = await armFetch(e, 'PUT', `${def()}/versions/1.0.0${gv}`, { location: 'westeurope', properties: { storageProfile: { osDiskImage: { source: { id: snap } } } } });
    expect(v.status).toBe(201);
    expect(v.body.properties.storageProfile.osDiskImage.sizeInGB).toBe(40);
    await expectArmError('DELETE', `${def()}${gv}`, undefined, 409, 'CannotDeleteResource');
  });

  it('rejects a version whose source does not exist', async () => {
    const missing = `${rgPath()}/providers/Microsoft.Compute/images/none`;
    await expectArmError('PUT', `${def()}/versions/2.0.0${gv}`, { location: 'westeurope', properties: { storageProfile: { source: { id: missing } } } }, 404, 'NotFound', 'galleryImageVersion.properties.storageProfile.source.id');
  });

  it('rejects target regions that leave out the home region, or name an unknown region', async () => {
    const snap = `${rgPath()}/providers/Microsoft.Compute/snapshots/os`;
    const body = (regions: string[]) => ({ location: 'westeurope', properties: { storageProfile: { osDiskImage: { source: { id: snap } } }, publishingProfile: { targetRegions: regions.map((name) => ({ name })) } } });
    await expectArmError('PUT', `${def()}/versions/3.0.0${gv}`, body(['northeurope']), 400, 'InvalidParameter', 'galleryImageVersion.properties.publishingProfile.targetRegions');
    await expectArmError('PUT', `${def()}/versions/3.0.0${gv}`, body(['westeurope', 'westeurpe']), 400, 'InvalidParameter', 'galleryImageVersion.properties.publishingProfile.targetRegions[1].name');
  });

  it('refuses to change the source of an existing version', async () => {
    const e = emu.current;
    const other = `${rgPath()}/providers/Microsoft.Compute/snapshots/other`;
    await armFetch(e, 'PUT', `${other}?api-version=2026-03-02`, { location: 'westeurope', properties: { creationData: { createOption: 'Empty' } } });
    await expectArmError('PUT', `${def()}/versions/1.0.0${gv}`, { location: 'westeurope', properties: { storageProfile: { osDiskImage: { source: { id: other } } } } }, 409, 'PropertyChangeNotAllowed');
  });

  it('surfaces ARM errors through the SDK as RestError with the code', async () => {
    const c = computeClient(emu.current);
    await expect(c.galleries.get('rg-err', 'missing')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('answers 401 with WWW-Authenticate without a token, and never runs the handler', async () => {
    const before = emu.current.state.snapshot();
    const res = await fetch(`${emu.current.url}${gal()}${gv}`, { method: 'DELETE' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/Authentication|InvalidAuthenticationToken/);
    expect(emu.current.state.snapshot()).toEqual(before);
  });

  it('answers 403 AuthorizationFailed naming the action and scope for a Reader', async () => {
    const e = emu.current;
    const reader = e.identity.registerServicePrincipal({ displayName: 'reader' });
    e.authz.assign(reader.objectId, 'Reader', `/subscriptions/${e.subscriptionId}`);
    const { ClientSecretCredential } = await import('@azure/identity');
    const token = await new ClientSecretCredential(e.tenantId, reader.clientId, reader.clientSecret!, { authorityHost: e.authorityHost, disableInstanceDiscovery: true }).getToken(`${e.armAudience}.default`);
    const call = (method: string) => fetch(`${e.url}${gal()}${gv}`, { method, headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' }, ...(method === 'PUT' ? { body: JSON.stringify({ location: 'westeurope' }) } : {}) });
    expect((await call('GET')).status).toBe(200);
    const denied = await call('PUT');
    expect(denied.status).toBe(403);
    const body = (await denied.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('AuthorizationFailed');
    expect(body.error.message).toContain('Microsoft.Compute/galleries/write');
    expect(body.error.message).toContain(gal());
  });
});
