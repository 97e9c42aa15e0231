/**
 * What ARM checks when a policy definition or assignment is written: the rule's if/then shape, the effect, the
 * parameter declarations and that every parameters('x') the rule uses is declared. Errors use Azure Policy's codes.
 */
import { ArmError } from '../arm-error.js';
import type { JsonObject } from '../handler-types.js';

const MODES = ['All', 'Indexed', 'Microsoft.KeyVault.Data', 'Microsoft.Kubernetes.Data', 'Microsoft.Network.Data'];
const PARAMETER_TYPES = ['String', 'Array', 'Object', 'Boolean', 'Integer', 'Float', 'DateTime'];
const EFFECTS = ['deny', 'audit', 'disabled', 'append', 'modify', 'auditifnotexists', 'deployifnotexists', 'denyaction', 'manual'];
const CONDITION_KEYS = ['allOf', 'anyOf', 'not', 'field', 'value', 'count', 'source'];

function invalidRule(name: string, detail: string): ArmError {
  return new ArmError(400, 'InvalidPolicyRule', `Failed to parse policy rule of policy definition '${name}': ${detail}`);
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Walks a condition tree: every node must be a logical operator or a field/value/count condition. */
function checkCondition(name: string, node: unknown, path: string): void {
  if (!isObject(node)) throw invalidRule(name, `'${path}' must be an object.`);
  const keys = Object.keys(node);
  const kind = keys.find((k) => CONDITION_KEYS.includes(k));
  if (!kind) throw invalidRule(name, `'${path}' has none of ${CONDITION_KEYS.join(', ')}.`);
  if (kind === 'allOf' || kind === 'anyOf') {
    const list = node[kind];
    if (!Array.isArray(list) || list.length === 0) throw invalidRule(name, `'${path}.${kind}' must be a non-empty array.`);
    list.forEach((c, i) => checkCondition(name, c, `${path}.${kind}[${i}]`));
  } else if (kind === 'not') checkCondition(name, node.not, `${path}.not`);
  else if (kind === 'count') {
    const count = node.count;
    if (!isObject(count) || (count.field === undefined && count.value === undefined)) throw invalidRule(name, `'${path}.count' needs 'field' or 'value'.`);
    if (count.where !== undefined) checkCondition(name, count.where, `${path}.count.where`);
  }
}

/** Validates and normalizes a policy definition's properties (PUT body). */
export function validatePolicyDefinition(name: string, props: JsonObject): JsonObject {
  const mode = props.mode ?? 'Indexed';
  if (typeof mode !== 'string' || !MODES.some((m) => m.toLowerCase() === mode.toLowerCase())) {
    throw new ArmError(400, 'InvalidPolicyMode', `The policy mode '${String(mode)}' is not supported. Supported modes: ${MODES.join(', ')}.`);
  }
  const parameters = props.parameters ?? {};
  if (!isObject(parameters)) throw new ArmError(400, 'InvalidPolicyParameters', `The parameters of policy definition '${name}' must be an object.`);
  for (const [key, p] of Object.entries(parameters)) {
    if (!isObject(p) || typeof p.type !== 'string' || !PARAMETER_TYPES.some((t) => t.toLowerCase() === String(p.type).toLowerCase())) {
      throw new ArmError(400, 'InvalidPolicyParameters', `The parameter '${key}' of policy definition '${name}' has an invalid type; use one of ${PARAMETER_TYPES.join(', ')}.`);
    }
    if (Array.isArray(p.allowedValues) && p.defaultValue !== undefined && !p.allowedValues.some((v) => JSON.stringify(v) === JSON.stringify(p.defaultValue))) {
      throw new ArmError(400, 'InvalidPolicyParameters', `The default value of parameter '${key}' of policy definition '${name}' is not one of its allowed values.`);
    }
  }
  const rule = props.policyRule;
  if (!isObject(rule)) throw invalidRule(name, "'policyRule' is required and must be an object with 'if' and 'then'.");
  checkCondition(name, rule.if, 'if');
  if (!isObject(rule.then) || typeof rule.then.effect !== 'string') throw invalidRule(name, "'then.effect' is required.");
  const effect = rule.then.effect;
  const paramRef = /^\[parameters\('([^']+)'\)\]$/.exec(effect);
  if (!paramRef && !EFFECTS.includes(effect.toLowerCase())) throw invalidRule(name, `'${effect}' is not a policy effect.`);
  for (const [, ref = ''] of JSON.stringify(rule).matchAll(/parameters\('([^']+)'\)/g)) {
    if (!Object.keys(parameters).includes(ref)) throw invalidRule(name, `the template parameter '${ref}' is not found in the definition's parameters.`);
  }
  return { ...props, mode, parameters, policyType: 'Custom' };
}

/** Checks assignment parameters against the definition's: none undeclared, none required missing. */
export function validateAssignmentParameters(assignment: string, definitionName: string, definitionParams: JsonObject, given: unknown): void {
  const params = given === undefined ? {} : given;
  if (!isObject(params)) throw new ArmError(400, 'InvalidRequestContent', 'properties.parameters must be an object of { name: { value } }.');
  const undefinedNames = Object.keys(params).filter((k) => !(k in definitionParams));
  if (undefinedNames.length > 0) {
    throw new ArmError(
      400,
      'UndefinedPolicyParameter',
      `The policy assignment '${assignment}' has the parameter(s) '${undefinedNames.join(', ')}' which are not defined in the policy definition '${definitionName}'.`,
    );
  }
  const missing = Object.entries(definitionParams)
    .filter(([k, p]) => isObject(p) && p.defaultValue === undefined && !(k in params))
    .map(([k]) => k);
  if (missing.length > 0) {
    throw new ArmError(
      400,
      'MissingPolicyParameter',
      `The policy assignment '${assignment}' has missing parameter(s) '${missing.join(', ')}' which are defined in the policy definition '${definitionName}'.`,
    );
  }
}
