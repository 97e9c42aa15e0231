import { describe, expect, it } from 'vitest';
import type { ImageBuilderBakeInputs } from '../../../src/core/bake/bake-config.js';
import { imageTemplateName } from '../../../src/core/bake/image-builder-inputs.js';
import { customizationLogUri, describeRun, runFailure, stripSas } from '../../../src/core/bake/image-builder-run.js';
import { buildImageTemplate, customizer, stableJson } from '../../../src/core/bake/image-builder-template.js';

const sub = '00000000-0000-0000-0000-000000000001';
const identityId = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id`;

function inputs(extra: Partial<ImageBuilderBakeInputs> = {}): ImageBuilderBakeInputs {
  return {
    engine: 'image-builder', templateName: 'web-1.2.3', resourceGroup: 'rg', location: 'westeurope',
    source: { kind: 'platform', publisher: 'Canonical', offer: 'ubuntu', sku: 'server', version: 'latest' },
    customizers: [], validation: [], identityId, buildTimeoutMinutes: 90, distribute: { kind: 'managed-image' },
    cleanup: false, timeoutMs: 60_000, progressIntervalSeconds: 15, ...extra,
  };
}

describe('buildImageTemplate', () => {
  it('maps source, identity, vmProfile, timeout and a default managed-image distributor', () => {
    const t = buildImageTemplate(inputs({ vmSize: 'Standard_D2ds_v5', osDiskSizeGB: 40, stagingResourceGroup: '/subscriptions/s/resourceGroups/stage' }), sub, { v: '1' });
    expect(t).toMatchObject({
      location: 'westeurope',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } },
      source: { type: 'PlatformImage', publisher: 'Canonical', offer: 'ubuntu', sku: 'server', version: 'latest' },
      buildTimeoutInMinutes: 90,
      vmProfile: { vmSize: 'Standard_D2ds_v5', osDiskSizeGB: 40 },
      stagingResourceGroup: '/subscriptions/s/resourceGroups/stage',
      distribute: [{ type: 'ManagedImage', runOutputName: 'image-publish', location: 'westeurope', artifactTags: { v: '1' },
        imageId: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Compute/images/web-1.2.3` }],
    });
    expect(t.validate).toBeUndefined();
  });

  it('maps gallery-version and managed-image sources and gallery distribution', () => {
    const gallery = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/web`;
    const t = buildImageTemplate(inputs({ source: { kind: 'gallery-version', id: `${gallery}/versions/1.0.0` }, distribute: { kind: 'gallery', galleryImageId: gallery, regions: ['westeurope', 'northeurope'], storageAccountType: 'Standard_ZRS' } }), sub);
    expect(t.source).toEqual({ type: 'SharedImageVersion', imageVersionId: `${gallery}/versions/1.0.0` });
    expect(t.distribute?.[0]).toMatchObject({ type: 'SharedImage', galleryImageId: gallery, targetRegions: [{ name: 'westeurope', storageAccountType: 'Standard_ZRS' }, { name: 'northeurope', storageAccountType: 'Standard_ZRS' }] });
    expect(buildImageTemplate(inputs({ source: { kind: 'managed-image', id: 'img' } }), sub).source).toEqual({ type: 'ManagedImage', imageId: 'img' });
  });

  it('maps every customizer type to the AIB type name and validators to inVMValidations', () => {
    expect(customizer({ type: 'shell', inline: ['a'] })).toEqual({ type: 'Shell', inline: ['a'] });
    expect(customizer({ type: 'powershell', scriptUri: 'https://x/s.ps1', runElevated: true })).toEqual({ type: 'PowerShell', scriptUri: 'https://x/s.ps1', runElevated: true });
    expect(customizer({ type: 'file', sourceUri: 'https://x/f', destination: '/tmp/f' })).toEqual({ type: 'File', sourceUri: 'https://x/f', destination: '/tmp/f' });
    expect(customizer({ type: 'windows-update', filters: ['include:$true'] })).toEqual({ type: 'WindowsUpdate', filters: ['include:$true'] });
    expect(customizer({ type: 'restart', name: 'reboot', timeout: '10m' })).toEqual({ type: 'WindowsRestart', name: 'reboot', restartTimeout: '10m' });
    const t = buildImageTemplate(inputs({ validation: [{ type: 'shell', inline: ['true'] }] }), sub);
    expect(t.validate).toEqual({ inVMValidations: [{ type: 'Shell', inline: ['true'] }] });
  });

  it('hashes content independently of key order', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: 3 } })).toBe(stableJson({ a: { c: 3, d: 2 }, b: 1 }));
    expect(stableJson({ a: 1 })).not.toBe(stableJson({ a: 2 }));
  });
});

describe('image template naming', () => {
  it('appends the version and replaces characters AIB refuses', () => {
    expect(imageTemplateName('web', '1.2.3')).toBe('web-1.2.3');
    expect(imageTemplateName('web', undefined)).toBe('web');
    expect(imageTemplateName('web app', '1.0.0+build')).toBe('web-app-1.0.0-build');
    expect(() => imageTemplateName('-web', '1')).toThrow(/start with a letter or digit/);
  });
});

describe('run status and failures', () => {
  const sas = 'https://staib.blob.core.windows.net/packerlogs/abc/customization.log?sv=2024-05-04&sig=SECRET%3D';
  it('strips SAS query strings and finds the customization log', () => {
    expect(stripSas(`see ${sas} now`)).toBe('see https://staib.blob.core.windows.net/packerlogs/abc/customization.log now');
    expect(customizationLogUri(stripSas(`failed: ${sas}`))).toBe('https://staib.blob.core.windows.net/packerlogs/abc/customization.log');
    expect(customizationLogUri('no uri here')).toBeUndefined();
  });

  it('describes run phases and builds E_BAKE_FAILED without the SAS', () => {
    expect(describeRun({ runState: 'Running', runSubState: 'Customizing' })).toBe('Running/Customizing');
    expect(describeRun(undefined)).toBe('queued');
    const error = runFailure('web-1', 'rg', { runState: 'Failed', runSubState: 'Customizing', message: `Packer failed: ${sas}` });
    expect(error.code).toBe('E_BAKE_FAILED');
    expect(error.message).toMatch(/failed while customizing/);
    expect(error.message).toContain('Customization log: https://staib.blob.core.windows.net/packerlogs/abc/customization.log');
    expect(error.message).not.toContain('SECRET');
    expect(runFailure('web-1', 'rg', { runState: 'Canceled' }).message).toMatch(/was canceled/);
  });
});
