// retire, inventory and policy from the bundle (dist/), run through actions/<step>/action.yml,
// tasks/<Task>V1/task.json and bin/image-publish.mjs as separate processes against the in-process emulator.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { computeClient, useEmulator } from '../../helpers/emulator.js';
import { runAzdoTask, runCliProcess, runGithubAction } from '../../helpers/runner.js';
import { GALLERY, IMAGE, LOCATION, RG, ids, scenario, scenarioPins, seedGallery } from '../../integration/retire/retire-fixture.js';

const emulator = useEmulator();
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/;

let configFile = '';
beforeEach(async () => {
  const e = emulator.current;
  seedGallery(e, scenario, scenarioPins);
  const id = ids(e);
  await computeClient(e).virtualMachineScaleSets.createOrUpdate(RG, 'web', {
    location: LOCATION,
    sku: { name: 'Standard_D2s_v3', capacity: 1 },
    upgradePolicy: { mode: 'Manual' },
    virtualMachineProfile: { storageProfile: { imageReference: { id: id.version('1.0.0') } } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'retire-e2e-'));
  configFile = join(dir, 'image.yaml');
  writeFileSync(
    configFile,
    stringify({
      gallery: { name: GALLERY, resourceGroup: RG, subscriptionId: e.subscriptionId },
      definition: { name: IMAGE, publisher: 'contoso', offer: 'ubuntu', sku: '24_04', osType: 'Linux' },
      retirement: { keepLatest: 1, deprecateAfter: '30d', deleteAfter: '90d' },
    }),
  );
});

function cloud() {
  const e = emulator.current;
  return { 'arm-endpoint': e.armEndpoint, 'authority-host': e.authorityHost, 'arm-audience': e.armAudience, 'subscription-id': e.subscriptionId };
}
function spEnv(sp = emulator.current.defaultPrincipal) {
  return { AZURE_CLIENT_ID: sp.clientId, AZURE_TENANT_ID: emulator.current.tenantId, AZURE_CLIENT_SECRET: sp.clientSecret };
}
function everything(run: { log: string; stderr: string; stdout?: string; summary?: string; summaries?: string[]; outputs?: Record<string, string> }): string {
  return [run.log, run.stderr, run.summary ?? '', ...(run.summaries ?? []), JSON.stringify(run.outputs ?? {})].join('\n');
}
const versionsOf = (json: string | undefined) => (JSON.parse(json ?? '[]') as { version: string }[]).map((x) => x.version).sort();

describe('retire as a GitHub Action', () => {
  it('plan changes nothing; the real run deprecates and deletes by policy and keeps what the scale set uses', async () => {
    const e = emulator.current;
    const before = e.state.snapshot();
    const plan = await runGithubAction('retire', { config: configFile, plan: 'true', ...cloud() }, { env: spEnv() });
    expect(plan.exitCode, plan.log + plan.stderr).toBe(0);
    expect(e.state.snapshot()).toEqual(before);
    expect(plan.outputs.changed).toBe('false');
    // The runtime escapes markdown in the summary: parentheses and underscores may come back-slashed.
    expect(plan.summary).toMatch(/Retire image versions \\?\(plan\\?\)/);

    const run = await runGithubAction('retire', { config: configFile, ...cloud() }, { env: spEnv() });
    expect(run.exitCode, run.log + run.stderr).toBe(0);
    // 1.0.0 is old enough to delete but the scale set runs it: deprecated only. 1.2.0 is unused: deleted.
    expect(versionsOf(run.outputs.deprecated)).toEqual(['1.0.0', '1.3.0', '1.5.0']);
    expect(versionsOf(run.outputs.deleted)).toEqual(['1.2.0']);
    expect(versionsOf(run.outputs.kept)).toEqual(['1.1.0', '1.4.0', '1.6.0', '2.0.0']);
    expect(e.state.resource(ids(e).version('1.0.0'))).toBeDefined();
    expect(e.state.resource(ids(e).version('1.2.0'))).toBeUndefined();
    expect(run.summary).toMatch(/used by 1 consumer\\?\(s\\?\)/);
    expect(everything(run)).not.toContain(e.defaultPrincipal.clientSecret);
    expect(everything(run)).not.toMatch(JWT);
  });

  it('contradictory thresholds fail with E_INPUT_INVALID and change nothing', async () => {
    const e = emulator.current;
    const before = e.state.snapshot();
    const run = await runGithubAction('retire', { config: configFile, 'delete-after': '7d', ...cloud() }, { env: spEnv() });
    // A user error that changed nothing exits 2 on every surface (docs/troubleshooting.md, exit codes).
    expect(run.exitCode).toBe(2);
    expect(run.annotations.map((a) => a.message).join('\n')).toMatch(/E_INPUT_INVALID: 'delete-after' is shorter than 'deprecate-after'/);
    expect(e.state.snapshot()).toEqual(before);
  });
});

describe('inventory as an Azure DevOps task', () => {
  it('lists the gallery, writes JSON and markdown, uploads a summary and sets output variables', async () => {
    const e = emulator.current;
    const out = join(mkdtempSync(join(tmpdir(), 'inv-e2e-')), 'inventory.json');
    const run = await runAzdoTask(
      'inventory',
      { azureSubscription: 'conn', config: configFile, outputPath: out, staleAfterDays: '90', armEndpoint: e.armEndpoint, authorityHost: e.authorityHost, armAudience: e.armAudience },
      {
        endpoints: {
          conn: {
            url: e.armEndpoint,
            scheme: 'ServicePrincipal',
            parameters: { serviceprincipalid: e.defaultPrincipal.clientId, serviceprincipalkey: e.defaultPrincipal.clientSecret, tenantid: e.tenantId, authenticationType: 'spnKey' },
            data: { subscriptionId: e.subscriptionId, environment: 'AzureStack', activeDirectoryAuthority: e.authorityHost },
          },
        },
      },
    );
    expect(['Succeeded', 'SucceededWithIssues'], run.log + run.stderr).toContain(run.result);
    expect(run.outputs).toMatchObject({ versions: '8', stale: '5', unsigned: '8' });
    const inv = JSON.parse(readFileSync(out, 'utf8'));
    const v100 = inv.definitions[0].versions.find((v: { name: string }) => v.name === '1.0.0');
    expect(v100.consumers).toEqual([`${ids(e).rg}/providers/Microsoft.Compute/virtualMachineScaleSets/web`]);
    expect(existsSync(out.replace(/\.json$/, '.md'))).toBe(true);
    expect(run.summaries.join('\n')).toMatch(/Image inventory: gal\\?_images/);
    expect(everything(run)).not.toContain(e.defaultPrincipal.clientSecret);
    expect(everything(run)).not.toMatch(JWT);
  });
});

describe('policy as the CLI', () => {
  it('assigns the approved-gallery policy and prints JSON outputs', async () => {
    const e = emulator.current;
    const admin = e.identity.registerServicePrincipal({ displayName: 'policy-admin' });
    e.authz.assign(admin.objectId, 'Owner', `/subscriptions/${e.subscriptionId}`);
    const sp = { clientId: admin.clientId, clientSecret: admin.clientSecret!, objectId: admin.objectId };
    const c = cloud();
    const args = ['policy', '--config', configFile, '--assign', 'true', '--required-tags', 'owner', '--arm-endpoint', c['arm-endpoint'], '--authority-host', c['authority-host'], '--arm-audience', c['arm-audience'], '--subscription-id', c['subscription-id'], '--json'];
    const run = await runCliProcess('bin/image-publish.mjs', args, { env: spEnv(sp) });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('policyAssignments/image-publish-approved-gallery-images');
    expect(run.stdout).toContain('policyAssignments/image-publish-required-vm-tags');
    expect(`${run.stdout}${run.stderr}`).not.toContain(admin.clientSecret!);
  });
});
