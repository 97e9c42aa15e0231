/**
 * Debian's real `az` (azure-cli 2.45, unmodified) against the emulator as a custom cloud: sign-in, account,
 * resource groups, galleries, image definitions and image versions, and Azure's error codes for bad input.
 * Each test asserts what az prints (-o json) and its exit code.
 */
import { describe, expect, it } from 'vitest';
import { azTestTimeoutMs, expectOk, locateAz, loginDefaultPrincipal, useAzSession } from './az-harness.js';

const { path: azPath, skipReason } = locateAz();
const session = useAzSession(azPath);

// az takes seconds per command on a shared machine; generous per-test time, never a speed assertion.
describe.skipIf(skipReason !== undefined)('az against the emulator: sign-in, groups, galleries', { timeout: azTestTimeoutMs }, () => {
  const rg = 'az-rg';
  const gallery = 'azGallery';
  let imageId = '';

  it('az login --service-principal signs in through the emulator and lists its one subscription', async () => {
    const s = session.current;
    const r = await loginDefaultPrincipal(s);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toEqual([expect.objectContaining({ id: s.subscriptionId, tenantId: s.tenantId, state: 'Enabled', cloudName: 'ImagePublishEmulator', user: { name: s.emulator.defaultPrincipal.clientId, type: 'servicePrincipal' } })]);
    // The secret never reaches az's output.
    expect(r.stdout + r.stderr).not.toContain(s.emulator.defaultPrincipal.clientSecret);
  });

  it('az account show and az account list-locations', async () => {
    const s = session.current;
    const show = await expectOk(s.az(['account', 'show']));
    expect(show.json).toMatchObject({ id: s.subscriptionId, tenantId: s.tenantId, homeTenantId: s.tenantId, environmentName: 'ImagePublishEmulator', isDefault: true });
    const locations = await expectOk(s.az(['account', 'list-locations']));
    const eastus = (locations.json as { name: string; displayName: string; id: string }[]).find((l) => l.name === 'eastus');
    expect(eastus).toMatchObject({ displayName: 'East US', id: `/subscriptions/${s.subscriptionId}/locations/eastus` });
  });

  it('az group create / show / list', async () => {
    const s = session.current;
    const created = await expectOk(s.az(['group', 'create', '--name', rg, '--location', 'westeurope', '--tags', 'team=images']));
    expect(created.json).toMatchObject({ name: rg, location: 'westeurope', tags: { team: 'images' }, properties: { provisioningState: 'Succeeded' } });
    const shown = await expectOk(s.az(['group', 'show', '--name', rg]));
    expect(shown.json.id).toBe(`/subscriptions/${s.subscriptionId}/resourceGroups/${rg}`);
    const listed = await expectOk(s.az(['group', 'list']));
    expect((listed.json as { name: string }[]).map((g) => g.name)).toContain(rg);
  });

  it('az sig create / show / list / update', async () => {
    const s = session.current;
    const created = await expectOk(s.az(['sig', 'create', '--resource-group', rg, '--gallery-name', gallery, '--description', 'images for az']));
    expect(created.json).toMatchObject({ name: gallery, location: 'westeurope', provisioningState: 'Succeeded', description: 'images for az', type: 'Microsoft.Compute/galleries' });
    expect(created.json.identifier.uniqueName).toEqual(expect.any(String));
    const shown = await expectOk(s.az(['sig', 'show', '--resource-group', rg, '--gallery-name', gallery]));
    expect(shown.json.id).toBe(`/subscriptions/${s.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/galleries/${gallery}`);
    const listed = await expectOk(s.az(['sig', 'list', '--resource-group', rg]));
    expect((listed.json as { name: string }[]).map((g) => g.name)).toEqual([gallery]);
    const updated = await expectOk(s.az(['sig', 'update', '--resource-group', rg, '--gallery-name', gallery, '--set', 'description=updated by az']));
    expect(updated.json.description).toBe('updated by az');
  });

  it('az sig image-definition create: Linux TrustedLaunch, Arm64, Windows; show / list / update', async () => {
    const s = session.current;
    const linux = await expectOk(s.az(['sig', 'image-definition', 'create', '-g', rg, '-r', gallery, '-i', 'linux-tl', '-p', 'contoso', '-f', 'base', '-s', 'tl', '--os-type', 'Linux', '--hyper-v-generation', 'V2', '--features', 'SecurityType=TrustedLaunch']));
    expect(linux.json).toMatchObject({ name: 'linux-tl', osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', features: [{ name: 'SecurityType', value: 'TrustedLaunch' }], identifier: { publisher: 'contoso', offer: 'base', sku: 'tl' }, provisioningState: 'Succeeded' });
    const arm = await expectOk(s.az(['sig', 'image-definition', 'create', '-g', rg, '-r', gallery, '-i', 'linux-arm', '-p', 'contoso', '-f', 'base', '-s', 'arm', '--os-type', 'Linux', '--hyper-v-generation', 'V2', '--architecture', 'Arm64']));
    expect(arm.json).toMatchObject({ architecture: 'Arm64', hyperVGeneration: 'V2' });
    const windows = await expectOk(s.az(['sig', 'image-definition', 'create', '-g', rg, '-r', gallery, '-i', 'windows', '-p', 'contoso', '-f', 'win', '-s', '2022', '--os-type', 'Windows']));
    expect(windows.json).toMatchObject({ osType: 'Windows', architecture: 'x64' });
    const shown = await expectOk(s.az(['sig', 'image-definition', 'show', '-g', rg, '-r', gallery, '-i', 'linux-arm']));
    expect(shown.json.architecture).toBe('Arm64');
    const listed = await expectOk(s.az(['sig', 'image-definition', 'list', '-g', rg, '-r', gallery]));
    expect((listed.json as { name: string }[]).map((d) => d.name).sort()).toEqual(['linux-arm', 'linux-tl', 'windows']);
    const updated = await expectOk(s.az(['sig', 'image-definition', 'update', '-g', rg, '-r', gallery, '-i', 'windows', '--set', 'description=server images']));
    expect(updated.json.description).toBe('server images');
  });

  it('az disk create and az image create give the versions a source', async () => {
    const s = session.current;
    const disk = await expectOk(s.az(['disk', 'create', '-g', rg, '-n', 'os-disk', '--size-gb', '8']));
    expect(disk.json).toMatchObject({ name: 'os-disk', diskSizeGb: 8, provisioningState: 'Succeeded' });
    const image = await expectOk(s.az(['image', 'create', '-g', rg, '-n', 'os-image', '--source', 'os-disk', '--os-type', 'Linux', '--hyper-v-generation', 'V2']));
    expect(image.json).toMatchObject({ name: 'os-image', hyperVGeneration: 'V2', provisioningState: 'Succeeded' });
    imageId = String(image.json.id);
  });

  it('az sig image-version create with --target-regions, --replica-count, --exclude-from-latest, --end-of-life-date', async () => {
    const s = session.current;
    const r = await expectOk(s.az(['sig', 'image-version', 'create', '-g', rg, '-r', gallery, '-i', 'linux-tl', '-e', '1.0.0', '--managed-image', imageId,
      '--target-regions', 'westeurope', 'northeurope=2', '--replica-count', '1', '--exclude-from-latest', '--end-of-life-date', '2030-01-31']));
    expect(r.json).toMatchObject({ name: '1.0.0', provisioningState: 'Succeeded', storageProfile: { source: { id: imageId } } });
    expect(r.json.publishingProfile).toMatchObject({ excludeFromLatest: true, replicaCount: 1 });
    expect(r.json.publishingProfile.endOfLifeDate).toMatch(/^2030-01-31/);
    expect((r.json.publishingProfile.targetRegions as { name: string; regionalReplicaCount: number }[]).map((t) => [t.name, t.regionalReplicaCount])).toEqual([['West Europe', 1], ['North Europe', 2]]);
  });

  it('az sig image-version create --no-wait, then az sig image-version wait --created', async () => {
    const s = session.current;
    const started = await s.az(['sig', 'image-version', 'create', '-g', rg, '-r', gallery, '-i', 'linux-tl', '-e', '1.0.1', '--managed-image', imageId, '--no-wait']);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout.trim()).toBe('');
    const waited = await s.az(['sig', 'image-version', 'wait', '-g', rg, '-r', gallery, '-i', 'linux-tl', '-e', '1.0.1', '--created']);
    expect(waited.code, waited.stderr).toBe(0);
  });

  it('az sig image-version show --expand ReplicationStatus and list', async () => {
    const s = session.current;
    const shown = await expectOk(s.az(['sig', 'image-version', 'show', '-g', rg, '-r', gallery, '-i', 'linux-tl', '-e', '1.0.0', '--expand', 'ReplicationStatus']));
    expect(shown.json.replicationStatus.aggregatedState).toBe('Completed');
    expect((shown.json.replicationStatus.summary as { region: string; state: string }[]).map((x) => [x.region, x.state])).toEqual([['West Europe', 'Completed'], ['North Europe', 'Completed']]);
    const listed = await expectOk(s.az(['sig', 'image-version', 'list', '-g', rg, '-r', gallery, '-i', 'linux-tl']));
    expect((listed.json as { name: string }[]).map((v) => v.name).sort()).toEqual(['1.0.0', '1.0.1']);
  });

  it('az sig image-version update adds a target region (GET, drop the source, PUT: accepted as Azure does)', async () => {
    const s = session.current;
    const r = await expectOk(s.az(['sig', 'image-version', 'update', '-g', rg, '-r', gallery, '-i', 'linux-tl', '-e', '1.0.0', '--add', 'publishingProfile.targetRegions', 'name=eastus']));
    expect((r.json.publishingProfile.targetRegions as { name: string }[]).map((t) => t.name)).toEqual(['West Europe', 'North Europe', 'East US']);
    expect(r.json.storageProfile.source.id).toBe(imageId);
  });

  it('answers bad input with Azure error codes and a non-zero exit', async () => {
    const s = session.current;
    const missingGroup = await s.az(['sig', 'show', '-g', 'no-such-group', '-r', gallery]);
    expect(missingGroup.code).toBe(3);
    expect(missingGroup.stderr).toContain('(ResourceGroupNotFound)');
    const badGallery = await s.az(['sig', 'create', '-g', rg, '-r', 'bad-name']);
    expect(badGallery.code).toBe(1);
    expect(badGallery.stderr).toContain('(InvalidParameter)');
    expect(badGallery.stderr).toContain('Target: galleryName');
    const badVersion = await s.az(['sig', 'image-version', 'create', '-g', rg, '-r', gallery, '-i', 'linux-tl', '-e', '1.0', '--managed-image', imageId]);
    expect(badVersion.code).toBe(1);
    expect(badVersion.stderr).toContain('Target: galleryImageVersionName');
    // Re-creating an existing version from another source: ARM refuses to change a version's source.
    const otherImage = await expectOk(s.az(['image', 'create', '-g', rg, '-n', 'other-image', '--source', 'os-disk', '--os-type', 'Linux', '--hyper-v-generation', 'V2']));
    const duplicate = await s.az(['sig', 'image-version', 'create', '-g', rg, '-r', gallery, '-i', 'linux-tl', '-e', '1.0.0', '--managed-image', String(otherImage.json.id)]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('(PropertyChangeNotAllowed)');
    const badLocation = await s.az(['group', 'create', '-n', 'az-rg-nowhere', '-l', 'atlantis']);
    expect(badLocation.code).toBe(1);
    expect(badLocation.stderr).toContain('(LocationNotAvailableForResourceGroup)');
    const badApiVersion = await s.az(['resource', 'show', '--ids', `/subscriptions/${s.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/galleries/${gallery}`, '--api-version', '2099-01-01']);
    expect(badApiVersion.code).toBe(1);
    expect(badApiVersion.stderr).toContain('(NoRegisteredProviderFound)');
    // None of the failures changed Azure.
    const groups = await expectOk(s.az(['group', 'list']));
    expect((groups.json as { name: string }[]).map((g) => g.name)).not.toContain('az-rg-nowhere');
  });

  it('az sig image-version delete, image-definition delete, sig delete, group delete', async () => {
    const s = session.current;
    for (const v of ['1.0.0', '1.0.1']) await expectOk(s.az(['sig', 'image-version', 'delete', '-g', rg, '-r', gallery, '-i', 'linux-tl', '-e', v]));
    for (const d of ['linux-tl', 'linux-arm', 'windows']) await expectOk(s.az(['sig', 'image-definition', 'delete', '-g', rg, '-r', gallery, '-i', d]));
    const gone = await s.az(['sig', 'image-definition', 'show', '-g', rg, '-r', gallery, '-i', 'windows']);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain('(ResourceNotFound)');
    await expectOk(s.az(['sig', 'delete', '-g', rg, '-r', gallery]));
    expect((await expectOk(s.az(['sig', 'list', '-g', rg]))).json).toEqual([]);
    await expectOk(s.az(['group', 'delete', '-n', rg, '--yes']));
    const shown = await s.az(['group', 'show', '-n', rg]);
    expect(shown.code).toBe(3);
  });
});
