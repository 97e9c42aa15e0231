/**
 * ARM basics an ordinary client reads before touching a resource, in the shapes of the spec examples in
 * ../shared/azure-specs (Microsoft.Resources 2022-12-01, Microsoft.Authorization 2022-04-01) and Azure's role JSON
 * in ../shared/azure-roles. The az suite (test/integration/az) drives the same routes through the real client.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { armFetch, emulatorCredential, useEmulator } from '../../helpers/emulator.js';

const emu = useEmulator();
const shared = resolve(import.meta.dirname, '../../../../shared');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- spec examples and metadata documents, compared field by field
const example = (path: string) => JSON.parse(readFileSync(resolve(shared, 'azure-specs/specification', path), 'utf8')) as { responses: Record<string, { body: any }> };
const keys = (o: unknown) => Object.keys((o ?? {}) as object).sort();

describe('ARM basics', () => {
  it('serves the cloud metadata document without a token: one cloud for 2022-09-01, the Azure Stack shape for 2015-01-01', async () => {
    const e = emu.current;
    const sample = (JSON.parse(readFileSync(resolve(shared, 'azure-specs/metadata/arm-metadata-endpoints.sample.json'), 'utf8')) as Record<string, unknown>[])[0]!;
    const current = await fetch(`${e.url}/metadata/endpoints?api-version=2022-09-01`);
    expect(current.status).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- spec examples and metadata documents, compared field by field
    const doc = (await current.json()) as Record<string, any>;
    expect(keys(doc)).toEqual(expect.arrayContaining(keys(sample)));
    expect(doc.resourceManager).toBe(e.armEndpoint);
    expect(doc.authentication).toEqual({ loginEndpoint: e.authorityHost, audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'], tenant: 'common', identityProvider: 'AAD' });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- spec examples and metadata documents, compared field by field
    const legacy = (await (await fetch(`${e.url}/metadata/endpoints?api-version=2015-01-01`)).json()) as Record<string, any>;
    expect(keys(legacy)).toEqual(['authentication', 'galleryEndpoint', 'graphEndpoint', 'portalEndpoint']);
    const bad = await fetch(`${e.url}/metadata/endpoints?api-version=2099-01-01`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('InvalidApiVersionParameter');
  });

  it('serves the AD FS discovery document MSAL reads for an /adfs authority, and issues tokens ARM accepts there', async () => {
    const e = emu.current;
    const doc = (await (await fetch(`${e.url}/adfs/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(doc).toMatchObject({ issuer: `${e.url}/adfs`, token_endpoint: `${e.url}/adfs/oauth2/token/`, jwks_uri: `${e.url}/adfs/discovery/keys` });
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: e.defaultPrincipal.clientId, client_secret: e.defaultPrincipal.clientSecret, scope: 'https://management.core.windows.net//.default' });
    const token = (await (await fetch(doc.token_endpoint!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).json()) as { access_token: string };
    const subs = await fetch(`${e.url}/subscriptions?api-version=2019-11-01`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(subs.status).toBe(200);
  });

  it('lists subscriptions and tenants and gets the subscription, in the 2022-12-01 example shapes, for api-versions 2016-06-01..2022-12-01', async () => {
    const e = emu.current;
    const dir = 'resources/resource-manager/Microsoft.Resources/stable/2022-12-01/examples';
    for (const v of ['2016-06-01', '2019-11-01', '2022-12-01']) {
      const list = await armFetch(e, 'GET', `/subscriptions?api-version=${v}`);
      expect(list.status).toBe(200);
      expect(list.body.value.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([e.subscriptionId]);
    }
    const sub = await armFetch(e, 'GET', `/subscriptions/${e.subscriptionId}?api-version=2022-12-01`);
    expect(keys(sub.body)).toEqual(expect.arrayContaining(keys(example(`${dir}/GetSubscription.json`).responses['200']!.body).filter((k) => k !== 'tags')));
    const tenants = await armFetch(e, 'GET', '/tenants?api-version=2022-12-01');
    expect(keys(tenants.body.value[0])).toEqual(keys(example(`${dir}/GetTenants.json`).responses['200']!.body.value[1]));
    expect(tenants.body.value[0].tenantId).toBe(e.tenantId);
    const other = await armFetch(e, 'GET', `/subscriptions/00000000-0000-0000-0000-000000000000?api-version=2022-12-01`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('SubscriptionNotFound');
    const locations = await armFetch(e, 'GET', `/subscriptions/${e.subscriptionId}/locations?api-version=2019-11-01`);
    expect(locations.body.value.map((l: { name: string }) => l.name)).toContain('westeurope');
  });

  it('serves provider registration info whose api-versions are the ones the emulator accepts', async () => {
    const e = emu.current;
    const r = await armFetch(e, 'GET', `/subscriptions/${e.subscriptionId}/providers/Microsoft.Compute?api-version=2021-04-01`);
    expect(r.body).toMatchObject({ namespace: 'Microsoft.Compute', registrationState: 'Registered' });
    const galleries = r.body.resourceTypes.find((t: { resourceType: string }) => t.resourceType === 'galleries');
    expect(galleries.apiVersions[0]).toBe('2025-12-03');
    expect(galleries.locations).toContain('West Europe');
    const unknown = await armFetch(e, 'GET', `/subscriptions/${e.subscriptionId}/providers/Microsoft.Nothing?api-version=2021-04-01`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('InvalidResourceNamespace');
  });

  it('lists resources of a group and filters by type', async () => {
    const e = emu.current;
    const rg = `/subscriptions/${e.subscriptionId}/resourceGroups/basics`;
    await armFetch(e, 'PUT', `${rg}?api-version=2021-04-01`, { location: 'westeurope' });
    await armFetch(e, 'PUT', `${rg}/providers/Microsoft.Compute/galleries/g1?api-version=2025-12-03`, { location: 'westeurope' });
    await armFetch(e, 'PUT', `${rg}/providers/Microsoft.Compute/disks/d1?api-version=2024-03-02`, { location: 'westeurope', properties: { creationData: { createOption: 'Empty' }, diskSizeGB: 4 } });
    const all = await armFetch(e, 'GET', `${rg}/resources?api-version=2021-04-01`);
    expect(all.body.value.map((r: { type: string }) => r.type).sort()).toEqual(['Microsoft.Compute/disks', 'Microsoft.Compute/galleries']);
    const disks = await armFetch(e, 'GET', `/subscriptions/${e.subscriptionId}/resources?$filter=${encodeURIComponent("resourceType eq 'Microsoft.Compute/disks' and resourceGroup eq 'basics'")}&api-version=2021-04-01`);
    expect(disks.body.value).toEqual([{ id: `${rg}/providers/Microsoft.Compute/disks/d1`, name: 'd1', type: 'Microsoft.Compute/disks', location: 'westeurope', sku: { name: 'Standard_LRS', tier: 'Standard' } }]);
  });

  it("serves Azure's published role definitions and the emulator's role assignments over REST (2022-04-01)", async () => {
    const e = emu.current;
    const base = `/subscriptions/${e.subscriptionId}/providers/Microsoft.Authorization`;
    const published = JSON.parse(readFileSync(resolve(shared, 'azure-roles/compute-gallery-artifacts-publisher.json'), 'utf8')) as { name: string; roleName: string; permissions: unknown };
    const byName = await armFetch(e, 'GET', `${base}/roleDefinitions?$filter=${encodeURIComponent(`roleName eq '${published.roleName}'`)}&api-version=2022-04-01`);
    expect(byName.body.value).toHaveLength(1);
    expect(byName.body.value[0]).toMatchObject({ name: published.name, properties: { roleName: published.roleName, type: 'BuiltInRole', permissions: published.permissions } });
    const exampleShape = example('authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/examples/GetRoleDefinitionAtScope.json').responses['200']!.body.value[0];
    expect(keys(byName.body.value[0].properties)).toEqual(keys(exampleShape.properties));
    const assignments = await armFetch(e, 'GET', `${base}/roleAssignments?$filter=atScope()&api-version=2022-04-01`);
    expect(assignments.body.value).toEqual([expect.objectContaining({ name: expect.any(String), type: 'Microsoft.Authorization/roleAssignments', properties: expect.objectContaining({ principalId: e.defaultPrincipal.objectId, scope: `/subscriptions/${e.subscriptionId}` }) })]);
    const reader = JSON.parse(readFileSync(resolve(shared, 'azure-roles/reader.json'), 'utf8')) as { name: string };
    const name = '1f0e5b9a-5a3c-4d55-9a53-0c8f1a9b8a11';
    const principal = e.identity.registerServicePrincipal({ displayName: 'basics reader' });
    const body = { properties: { roleDefinitionId: `${base}/roleDefinitions/${reader.name}`, principalId: principal.objectId } };
    // Contributor excludes Microsoft.Authorization/*/Write (../shared/azure-roles/contributor.json): ARM refuses it.
    const denied = await armFetch(e, 'PUT', `${base}/roleAssignments/${name}?api-version=2022-04-01`, body);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AuthorizationFailed');
    e.authz.assign(e.defaultPrincipal.objectId, 'Owner', `/subscriptions/${e.subscriptionId}`);
    const created = await armFetch(e, 'PUT', `${base}/roleAssignments/${name}?api-version=2022-04-01`, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, properties: { roleDefinitionId: `${base}/roleDefinitions/${reader.name}`, principalId: principal.objectId } });
    const duplicate = await armFetch(e, 'PUT', `${base}/roleAssignments/${crypto.randomUUID()}?api-version=2022-04-01`, body);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('RoleAssignmentExists');
    expect((await armFetch(e, 'GET', `${base}/roleAssignments/${name}?api-version=2022-04-01`)).status).toBe(200);
    expect((await armFetch(e, 'DELETE', `${base}/roleAssignments/${name}?api-version=2022-04-01`)).status).toBe(200);
    const gone = await armFetch(e, 'GET', `${base}/roleAssignments/${name}?api-version=2022-04-01`);
    expect(gone.body.error.code).toBe('RoleAssignmentNotFound');
  });

  it('creates a custom role, assigns it at a gallery (resource scope) and enforces exactly its JSON; refuses to delete it while assigned', async () => {
    const e = emu.current;
    const sub = `/subscriptions/${e.subscriptionId}`;
    const base = `${sub}/providers/Microsoft.Authorization`;
    e.authz.assign(e.defaultPrincipal.objectId, 'Owner', sub);
    const rg = `${sub}/resourceGroups/rg-custom-role`;
    expect((await armFetch(e, 'PUT', `${rg}?api-version=2022-09-01`, { location: 'westeurope' })).status).toBeLessThan(300);
    const gallery = `${rg}/providers/Microsoft.Compute/galleries/gal_custom`;
    expect((await armFetch(e, 'PUT', `${gallery}?api-version=2024-03-03`, { location: 'westeurope' })).status).toBeLessThan(300);
    const other = `${rg}/providers/Microsoft.Compute/galleries/gal_other`;
    expect((await armFetch(e, 'PUT', `${other}?api-version=2024-03-03`, { location: 'westeurope' })).status).toBeLessThan(300);

    const roleId = '6d3b4b0e-2f1c-4a8e-9a77-3a8f0f3c1b21';
    const definition = { properties: { roleName: 'Gallery Reader (test)', description: 'reads galleries', type: 'CustomRole', assignableScopes: [rg], permissions: [{ actions: ['Microsoft.Compute/galleries/read'], notActions: [], dataActions: [], notDataActions: [] }] } };
    const created = await armFetch(e, 'PUT', `${sub}/providers/Microsoft.Authorization/roleDefinitions/${roleId}?api-version=2022-04-01`, definition);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: roleId, type: 'Microsoft.Authorization/roleDefinitions', properties: { roleName: 'Gallery Reader (test)', type: 'CustomRole' } });
    const listed = await armFetch(e, 'GET', `${base}/roleDefinitions?$filter=${encodeURIComponent("type eq 'CustomRole'")}&api-version=2022-04-01`);
    expect(listed.body.value.map((r: { name: string }) => r.name)).toEqual([roleId]);
    const sameName = await armFetch(e, 'PUT', `${base}/roleDefinitions/${crypto.randomUUID()}?api-version=2022-04-01`, definition);
    expect(sameName.status).toBe(409);
    const builtIn = await armFetch(e, 'PUT', `${base}/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7?api-version=2022-04-01`, definition);
    expect(builtIn.status).toBe(403);

    const principal = e.identity.registerServicePrincipal({ displayName: 'custom role holder' });
    const assignment = crypto.randomUUID();
    const assignBody = { properties: { roleDefinitionId: `${base}/roleDefinitions/${roleId}`, principalId: principal.objectId } };
    const outside = await armFetch(e, 'PUT', `${sub}/resourceGroups/elsewhere/providers/Microsoft.Authorization/roleAssignments/${assignment}?api-version=2022-04-01`, assignBody);
    expect(outside.status).toBe(400);
    const missing = await armFetch(e, 'PUT', `${rg}/providers/Microsoft.Compute/galleries/not_there/providers/Microsoft.Authorization/roleAssignments/${assignment}?api-version=2022-04-01`, assignBody);
    expect(missing.status).toBe(404);
    const atGallery = await armFetch(e, 'PUT', `${gallery}/providers/Microsoft.Authorization/roleAssignments/${assignment}?api-version=2022-04-01`, assignBody);
    expect(atGallery.status).toBe(201);
    expect(atGallery.body.properties).toMatchObject({ scope: gallery, principalId: principal.objectId });
    const atScope = await armFetch(e, 'GET', `${gallery}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()&api-version=2022-04-01`);
    expect(atScope.body.value.map((a: { name: string }) => a.name)).toContain(assignment);

    const as = { objectId: principal.objectId, clientId: principal.clientId };
    expect(e.authz.check(as, 'Microsoft.Compute/galleries/read', gallery)).toBeNull();
    expect(e.authz.check(as, 'Microsoft.Compute/galleries/read', other)?.code).toBe('AuthorizationFailed');
    expect(e.authz.check(as, 'Microsoft.Compute/galleries/write', gallery)?.code).toBe('AuthorizationFailed');

    const inUse = await armFetch(e, 'DELETE', `${base}/roleDefinitions/${roleId}?api-version=2022-04-01`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.code).toBe('RoleDefinitionHasAssignments');
    expect((await armFetch(e, 'DELETE', `${gallery}/providers/Microsoft.Authorization/roleAssignments/${assignment}?api-version=2022-04-01`)).status).toBe(200);
    expect((await armFetch(e, 'DELETE', `${base}/roleDefinitions/${roleId}?api-version=2022-04-01`)).status).toBe(200);
    expect((await armFetch(e, 'GET', `${base}/roleDefinitions/${roleId}?api-version=2022-04-01`)).status).toBe(404);
  });

  it('names service principals for Microsoft Graph directoryObjects/getByIds (what az role assignment list asks)', async () => {
    const e = emu.current;
    const token = await emulatorCredential(e).getToken(`${e.url}/.default`);
    const res = await fetch(`${e.url}/v1.0/directoryObjects/getByIds`, { method: 'POST', headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ids: [e.defaultPrincipal.objectId, 'unknown'] }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: { id: string; appId: string; '@odata.type': string }[] };
    expect(body.value).toEqual([expect.objectContaining({ id: e.defaultPrincipal.objectId, appId: e.defaultPrincipal.clientId, '@odata.type': '#microsoft.graph.servicePrincipal' })]);
  });
});
