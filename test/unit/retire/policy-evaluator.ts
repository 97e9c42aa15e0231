// A small evaluator of the Azure Policy rules this project generates (the condition, count and template-function
// forms they use, as Azure Policy's definition structure documents them), to check what a definition admits.
import { VMSS_IMAGE_ALIAS, VM_IMAGE_ALIAS, type PolicyDefinitionDocument } from '../../../src/core/policy/image-policy.js';

/** The structure of an Azure Policy definition (properties of PUT policyDefinitions), as documented. */
export const definitionSchema = {
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

export type Json = Record<string, unknown>;
const aliases: Record<string, (r: Json) => unknown> = {
  type: (r) => r.type,
  id: (r) => r.id,
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
  const tag = /^tags\['?([^'\]]+)'?\]$/.exec(field);
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
export function effectFor(doc: PolicyDefinitionDocument, resource: Json, assigned: Record<string, unknown> = {}): string | undefined {
  const params = Object.fromEntries(Object.entries(doc.properties.parameters).map(([k, p]) => [k, assigned[k] ?? p.defaultValue]));
  const scope = { params, current: {} };
  return evaluate(doc.properties.policyRule.if, resource, scope) ? String(expr(doc.properties.policyRule.then.effect, scope)) : undefined;
}

