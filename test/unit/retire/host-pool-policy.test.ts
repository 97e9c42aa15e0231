// "No non-gallery images in production host pools" (issue 19): the generated definition checked the same way as
// the gallery-only one: Azure Policy's definition structure, the real aliases, and what it admits or denies.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { hostPoolImagesPolicy, type HostPoolMembers } from '../../../src/core/policy/host-pool-policy.js';
import { resolvePolicyInputs } from '../../../src/core/policy/policy-inputs.js';
import { definitionSchema, effectFor, type Json } from './policy-evaluator.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const GALLERY = `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/contoso_vdi`;
const OTHER = `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.Compute/galleries/untrusted`;
const RG_AVD = `/subscriptions/${SUB}/resourceGroups/rg-avd`;
const RG_HOSTS = `/subscriptions/${SUB}/resourceGroups/rg-avd-hosts`;
const POOL = `${RG_AVD}/providers/Microsoft.DesktopVirtualization/hostPools/hp-knowledge`;
const HOST_VM = `${RG_HOSTS}/providers/Microsoft.Compute/virtualMachines/kw-0`;
const members: HostPoolMembers = { hostPoolIds: [POOL], vmIds: [HOST_VM], resourceGroupIds: [RG_AVD, RG_HOSTS] };

const vm = (id: string, imageId?: string): Json => ({
  id,
  type: 'Microsoft.Compute/virtualMachines',
  properties: { storageProfile: { imageReference: imageId ? { id: imageId } : { publisher: 'MicrosoftWindowsDesktop', offer: 'windows-11', sku: 'win11-24h2-avd', version: 'latest' } } },
});

describe('host-pool image policy', () => {
  const doc = hostPoolImagesPolicy({ galleryIds: [GALLERY], effect: 'Deny', namePrefix: 'contoso', members });

  it('has the structure of an Azure Policy definition and the real VM image alias', () => {
    const validate = new Ajv({ allErrors: true }).compile(definitionSchema);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.name).toBe('contoso-host-pool-gallery-images');
    const rule = JSON.stringify(doc.properties.policyRule);
    expect(rule).toContain('"field":"Microsoft.Compute/imageId"');
    for (const [, ref] of rule.matchAll(/parameters\('([^']+)'\)/g)) expect(doc.properties.parameters).toHaveProperty(ref!);
    expect(doc.properties.parameters.sessionHostResourceGroupIds?.defaultValue).toEqual([RG_AVD, RG_HOSTS]);
    expect(doc.properties.parameters.hostPoolIds?.defaultValue).toEqual([POOL]);
  });

  it('denies session host VMs and VMs in their resource groups that are not from an approved gallery', () => {
    expect(effectFor(doc, vm(HOST_VM, `${GALLERY}/images/win11-knowledge-worker/versions/1.0.0`))).toBeUndefined();
    expect(effectFor(doc, vm(HOST_VM))).toBe('Deny'); // marketplace image on a session host
    expect(effectFor(doc, vm(HOST_VM, `${OTHER}/images/win11/versions/1.0.0`))).toBe('Deny');
    // A host added after the policy was generated: not in the id list, but in a session host resource group.
    expect(effectFor(doc, vm(`${RG_HOSTS.toUpperCase()}/providers/Microsoft.Compute/virtualMachines/kw-9`))).toBe('Deny');
    expect(effectFor(doc, vm(`${RG_AVD}/providers/Microsoft.Compute/virtualMachines/new-host`))).toBe('Deny');
  });

  it('leaves VMs outside the host pools alone, and other resource types', () => {
    expect(effectFor(doc, vm(`/subscriptions/${SUB}/resourceGroups/rg-apps/providers/Microsoft.Compute/virtualMachines/build-agent`))).toBeUndefined();
    // A resource group whose name only starts like a session host group is another group.
    expect(effectFor(doc, vm(`${RG_AVD}-dev/providers/Microsoft.Compute/virtualMachines/x`))).toBeUndefined();
    expect(effectFor(doc, { id: `${RG_HOSTS}/providers/Microsoft.Compute/disks/d`, type: 'Microsoft.Compute/disks', properties: {} })).toBeUndefined();
  });

  it('the assignment can narrow it to the listed hosts and soften the effect', () => {
    const other = vm(`${RG_HOSTS}/providers/Microsoft.Compute/virtualMachines/jumpbox`);
    expect(effectFor(doc, other, { sessionHostResourceGroupIds: [] })).toBeUndefined();
    expect(effectFor(doc, vm(HOST_VM), { sessionHostResourceGroupIds: [], effect: 'Audit' })).toBe('Audit');
  });
});

describe('host-pools input', () => {
  it('takes host pool resource ids', () => {
    const inputs = resolvePolicyInputs({ 'approved-galleries': [GALLERY], 'host-pools': [POOL] }, undefined);
    expect(inputs.hostPools).toEqual([{ subscriptionId: SUB, resourceGroup: 'rg-avd', name: 'hp-knowledge' }]);
    expect(resolvePolicyInputs({ 'approved-galleries': [GALLERY] }, undefined).hostPools).toEqual([]);
  });

  it('rejects anything else, naming the input', () => {
    expect(() => resolvePolicyInputs({ 'approved-galleries': [GALLERY], 'host-pools': [HOST_VM] }, undefined)).toThrow(
      expect.objectContaining({ code: 'E_INPUT_INVALID', message: expect.stringContaining("Input 'host-pools' has") }),
    );
  });
});
