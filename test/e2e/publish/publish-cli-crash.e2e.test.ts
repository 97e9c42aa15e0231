import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';
import { node24Path, runCliProcess } from '../../helpers/runner.js';
import { createTestStepContext } from '../../helpers/step-context.js';

// The CLI bundle killed (SIGKILL) right after ARM accepted its version PUT, then run again with the same
// arguments and no run identity: the re-run must find the version and reuse it, not publish a duplicate.
const repoRoot = resolve(import.meta.dirname, '../../..');
const emulator = useEmulator({ timing: { lroDurationMs: 4000, retryAfterSeconds: 1, replicationMsPerReplica: 50 } });

describe('CLI publish killed after its PUT, re-run without a run id', () => {
  it('ends with one version and a notice that it was reused', async () => {
    const e = emulator.current;
    const ctx = createTestStepContext(e);
    await ctx.azure.resources().resourceGroups.createOrUpdate('rg-crash', { location: 'westeurope' });
    const image = await ctx.azure.compute().images.createOrUpdate('rg-crash', 'img-crash', {
      location: 'westeurope',
      hyperVGeneration: 'V2',
      storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://bakes.blob.core.windows.net/vhds/crash.vhd' } },
    });
    const dir = mkdtempSync(join(tmpdir(), 'publish-crash-'));
    const config = join(dir, 'image.yaml');
    writeFileSync(
      config,
      stringify({
        gallery: { name: 'gal_crash', resourceGroup: 'rg-crash', location: 'westeurope', create: true },
        definition: { name: 'def-crash', publisher: 'contoso', offer: 'ubuntu', sku: '24_04', osType: 'Linux', hyperVGeneration: 'V2' },
      }),
    );
    // A shell on a laptop: no CI variables at all, so no run identity.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '',
      AZURE_CLIENT_ID: e.defaultPrincipal.clientId,
      AZURE_TENANT_ID: e.tenantId,
      AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret,
    };
    const argv = ['publish', '--config', config, '--source', image.id ?? '', '--version', 'auto', '--arm-endpoint', e.armEndpoint,
      '--authority-host', e.authorityHost, '--arm-audience', e.armAudience, '--subscription-id', e.subscriptionId];

    const mark = e.requestLog.entries().length;
    const child = spawn(node24Path(), [join(repoRoot, 'bin/image-publish.mjs'), ...argv], { env, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    const putAccepted = () => e.requestLog.entries().slice(mark).some((x) => x.method === 'PUT' && /\/versions\/1\.0\.0$/.test(x.path) && x.status === 201);
    for (let i = 0; i < 4800 && !putAccepted(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(putAccepted()).toBe(true);
    child.kill('SIGKILL');
    await exited;

    const again = await runCliProcess(join(repoRoot, 'bin/image-publish.mjs'), [...argv, '--json'], { env });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('"version": "1.0.0"');
    expect(again.stdout).toContain('"created": false');
    expect(again.stderr).toMatch(/no run identity .*1\.0\.0 of the same source .*reusing it instead of publishing a duplicate/);
    const names: string[] = [];
    for await (const v of ctx.azure.compute().galleryImageVersions.listByGalleryImage('rg-crash', 'gal_crash', 'def-crash')) names.push(v.name ?? '');
    expect(names).toEqual(['1.0.0']);
  }, 400_000);
});
