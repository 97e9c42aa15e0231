import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { approvedGalleryImagesPolicy, imagePolicies, requiredTagsPolicy } from '../../../src/core/policy/image-policy.js';
import { definitionSchema, effectFor, type Json } from './policy-evaluator.js';
import { resolvePolicyInputs } from '../../../src/core/policy/policy-inputs.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const GALLERY = `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_images`;
const OTHER = `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.Compute/galleries/untrusted`;

const vm = (imageId?: string, tags?: Record<string, string>): Json => ({
  type: 'Microsoft.Compute/virtualMachines',
  ...(tags ? { tags } : {}),
  properties: { storageProfile: { imageReference: imageId ? { id: imageId } : { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' } } },
});
const vmss = (imageId: string, tags?: Record<string, string>): Json => ({
  type: 'Microsoft.Compute/virtualMachineScaleSets',
  ...(tags ? { tags } : {}),
  properties: { virtualMachineProfile: { storageProfile: { imageReference: { id: imageId } } } },
});

describe('generated Azure Policy definitions', () => {
  const docs = imagePolicies({ galleryIds: [GALLERY], effect: 'Deny', namePrefix: 'contoso', requiredTags: ['owner', 'cost-center'] });

  it('have the structure of Azure Policy definitions', () => {
    const validate = new Ajv({ allErrors: true }).compile(definitionSchema);
    expect(docs).toHaveLength(2);
    for (const doc of docs) {
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      // Every parameters('x') reference names a declared parameter; every default effect is allowed.
      const refs = [...JSON.stringify(doc.properties.policyRule).matchAll(/parameters\('([^']+)'\)/g)].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect(doc.properties.parameters, ref).toHaveProperty(ref!);
      const effect = doc.properties.parameters.effect!;
      expect(effect.allowedValues).toContain(effect.defaultValue);
      // current('x') only inside a count that names x.
      for (const [, name] of JSON.stringify(doc.properties.policyRule).matchAll(/current\('([^']+)'\)/g)) {
        expect(JSON.stringify(doc.properties.policyRule)).toContain(`"name":"${name}"`);
      }
    }
    expect(docs.map((d) => d.name)).toEqual(['contoso-approved-gallery-images', 'contoso-required-vm-tags']);
  });

  it('use the real aliases for VM and scale set image ids', () => {
    const rule = JSON.stringify(approvedGalleryImagesPolicy({ galleryIds: [GALLERY], effect: 'Deny', namePrefix: 'p' }).properties.policyRule);
    expect(rule).toContain('"field":"Microsoft.Compute/imageId"');
    expect(rule).toContain('"field":"Microsoft.Compute/virtualMachineScaleSets/virtualMachineProfile.storageProfile.imageReference.id"');
  });

  it('deny VMs and scale sets not built from an approved gallery, admit those that are', () => {
    const doc = docs[0]!;
    expect(effectFor(doc, vm(`${GALLERY}/images/ubuntu-24/versions/1.2.0`))).toBeUndefined();
    expect(effectFor(doc, vm(`${GALLERY.toUpperCase()}/images/ubuntu-24`))).toBeUndefined(); // "latest" by definition id, any case
    expect(effectFor(doc, vmss(`${GALLERY}/images/ubuntu-24/versions/1.2.0`))).toBeUndefined();
    expect(effectFor(doc, vm(`${OTHER}/images/ubuntu-24/versions/1.0.0`))).toBe('Deny');
    expect(effectFor(doc, vmss(`${OTHER}/images/ubuntu-24`))).toBe('Deny');
    expect(effectFor(doc, vm())).toBe('Deny'); // marketplace image
    // A gallery whose name only starts like the approved one is not approved.
    expect(effectFor(doc, vm(`${GALLERY}2/images/x/versions/1.0.0`))).toBe('Deny');
    // Other resource types are out of scope.
    expect(effectFor(doc, { type: 'Microsoft.Compute/disks', properties: {} })).toBeUndefined();
    // The assignment can widen the list and soften the effect.
    expect(effectFor(doc, vm(`${OTHER}/images/a/versions/1.0.0`), { approvedGalleryIds: [GALLERY, OTHER] })).toBeUndefined();
    expect(effectFor(doc, vm(), { effect: 'Audit' })).toBe('Audit');
  });

  it('require every listed tag on VMs and scale sets', () => {
    const doc = requiredTagsPolicy({ effect: 'Deny', namePrefix: 'p', tagNames: ['owner', 'cost-center'] });
    expect(effectFor(doc, vm(undefined, { owner: 'a', 'cost-center': '1' }))).toBeUndefined();
    expect(effectFor(doc, vm(undefined, { owner: 'a' }))).toBe('Deny');
    expect(effectFor(doc, vmss(GALLERY, {}))).toBe('Deny');
    expect(effectFor(doc, { type: 'Microsoft.Storage/storageAccounts', tags: {} })).toBeUndefined();
  });

  it('without required tags only the gallery definition is generated', () => {
    expect(imagePolicies({ galleryIds: [GALLERY], effect: 'Audit', namePrefix: 'x', requiredTags: [] }).map((d) => d.name)).toEqual(['x-approved-gallery-images']);
  });
});

describe('policy inputs', () => {
  it("defaults the approved gallery to image.yaml's gallery", () => {
    const inputs = resolvePolicyInputs({}, { gallery: { subscriptionId: SUB, resourceGroup: 'rg-images', name: 'gal_images' } } as never);
    expect(inputs.galleryIds).toEqual([GALLERY]);
    expect(inputs.effect).toBe('Deny');
    expect(inputs.assign).toBe(false);
  });

  it.each([
    [{}, 'E_INPUT_MISSING', "Input 'approved-galleries' is required"],
    [{ 'approved-galleries': ['/subscriptions/x/resourceGroups/r/providers/Microsoft.Compute/images/i'] }, 'E_INPUT_INVALID', 'not a gallery resource id'],
    [{ 'approved-galleries': [GALLERY], effect: 'Block' }, 'E_INPUT_INVALID', "use Deny, Audit or Disabled"],
    [{ 'approved-galleries': [GALLERY], 'assignment-scope': '/providers/Microsoft.Management/managementGroups/mg' }, 'E_INPUT_INVALID', "Input 'assignment-scope'"],
    [{ 'approved-galleries': [GALLERY], 'required-tags': ['a/b'] }, 'E_INPUT_INVALID', "Input 'required-tags'"],
  ])('rejects %j', (parsed, code, text) => {
    expect(() => resolvePolicyInputs(parsed, undefined)).toThrow(expect.objectContaining({ code, message: expect.stringContaining(text) }));
  });
});
