import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  VMSS_IMAGE_ALIAS,
  VM_IMAGE_ALIAS,
  approvedGalleryImagesPolicy,
  imagePolicies,
  type PolicyDefinitionDocument,
  requiredTagsPolicy,
} from '../../../src/core/policy/image-policy.js';
import { resolvePolicyInputs } from '../../../src/core/policy/policy-inputs.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const GALLERY = `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_images`;
const OTHER = `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.Compute/galleries/untrusted`;

/** The structure of an Azure Policy definition (properties of PUT policyDefinitions), as documented. */
const definitionSchema = {
  type: 'object',
  required: ['name', 'properties'],
  properties: {
    name: { type: 'string', pattern: '^[^<>*%&:\\\\?.+/]*[^<>*%&:\\\\?.+/ ]+$', maxLength: 64 },
    properties: {
      type: 'object',
      required: ['mode', 'policyRule', 'parameters', 'displayName', 'policyType'],
      additionalProperties: false,
      properties: {
        policyType: { enum: ['Custom'] },
        mode: { enum: ['All', 'Indexed'] },
        displayName: { type: 'string', maxLength: 128 },
        description: { type: 'string', maxLength: 512 },
        metadata: { type: 'object' },
        parameters: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['type', 'metadata'],
            properties: {
              type: { enum: ['String', 'Array', 'Object', 'Boolean', 'Integer', 'Float', 'DateTime'] },
              metadata: { type: 'object', required: ['displayName'] },
              allowedValues: { type: 'array' },
            },
          },
        },
        policyRule: {
          type: 'object',
          required: ['if', 'then'],
          additionalProperties: false,
          properties: { if: { type: 'object' }, then: { type: 'object', required: ['effect'], properties: { effect: { type: 'string' } } } },
        },
      },
    },
  },
} as const;

// ----------------------------------------------------------------- a small evaluator for the rules we generate

type Json = Record<string, unknown>;
const aliases: Record<string, (r: Json) => unknown> = {
  type: (r) => r.type,
  [VM_IMAGE_ALIAS]: (r) => (r.type === 'Microsoft.Compute/virtualMachines' ? dig(r, 'properties.storageProfile.imageReference.id') : undefined),
  [VMSS_IMAGE_ALIAS]: (r) => dig(r, 'properties.virtualMachineProfile.storageProfile.imageReference.id'),
};
function dig(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o);
}

interface Scope {
  params: Record<string, unknown>;
  current: Record<string, unknown>;
}
/** Evaluates the template functions the generator uses: parameters(), current(), concat() and string literals. */
function expr(text: unknown, scope: Scope): unknown {
  if (typeof text !== 'string' || !text.startsWith('[') || !text.endsWith(']')) return text;
  const body = text.slice(1, -1);
  const call = (s: string): unknown => {
    s = s.trim();
    if (s.startsWith("'")) return s.slice(1, -1);
    const m = /^(\w+)\((.*)\)$/.exec(s)!;
    const args = splitArgs(m[2]!).map(call);
    if (m[1] === 'parameters') return scope.params[args[0] as string];
    if (m[1] === 'current') return scope.current[args[0] as string];
    if (m[1] === 'concat') return args.join('');
    throw new Error(`unsupported function ${m[1]}`);
  };
  return call(body);
}
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of s) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur);
  return out;
}
function fieldValue(field: string, r: Json): unknown {
  const tag = /^tags\[(.+)\]$/.exec(field);
  if (tag) return (r.tags as Record<string, string> | undefined)?.[tag[1]!];
  const get = aliases[field];
  if (!get) throw new Error(`unknown alias ${field}`);
  return get(r);
}
function like(value: unknown, pattern: string): boolean {
  if (typeof value !== 'string') return false;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(value);
}
function evaluate(cond: Json, r: Json, scope: Scope): boolean {
  if ('allOf' in cond) return (cond.allOf as Json[]).every((c) => evaluate(c, r, scope));
  if ('anyOf' in cond) return (cond.anyOf as Json[]).some((c) => evaluate(c, r, scope));
  if ('not' in cond) return !evaluate(cond.not as Json, r, scope);
  if ('count' in cond) {
    const count = cond.count as { value: string; name: string; where: Json };
    const items = expr(count.value, scope) as unknown[];
    const n = items.filter((item) => evaluate(count.where, r, { ...scope, current: { ...scope.current, [count.name]: item } })).length;
    if ('equals' in cond) return n === cond.equals;
    if ('greater' in cond) return n > (cond.greater as number);
    throw new Error('unsupported count comparison');
  }
  const value = fieldValue(String(expr(cond.field, scope)), r);
  if ('equals' in cond) return typeof value === 'string' && value.toLowerCase() === String(expr(cond.equals, scope)).toLowerCase();
  if ('in' in cond) return (expr(cond.in, scope) as string[]).some((x) => typeof value === 'string' && x.toLowerCase() === value.toLowerCase());
  if ('like' in cond) return like(value, String(expr(cond.like, scope)));
  if ('exists' in cond) return (value !== undefined) === (String(cond.exists) === 'true');
  throw new Error(`unsupported condition ${JSON.stringify(cond)}`);
}
/** The effect the policy applies to a resource, or undefined when the rule does not match. */
function effectFor(doc: PolicyDefinitionDocument, resource: Json, assigned: Record<string, unknown> = {}): string | undefined {
  const params = Object.fromEntries(Object.entries(doc.properties.parameters).map(([k, p]) => [k, assigned[k] ?? p.defaultValue]));
  const scope = { params, current: {} };
  return evaluate(doc.properties.policyRule.if, resource, scope) ? String(expr(doc.properties.policyRule.then.effect, scope)) : undefined;
}

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
