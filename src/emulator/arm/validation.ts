/** Name, tag and body checks as ARM/CRP apply them, raising ARM-shaped 400s that name the property. */
import { armErrors } from './arm-error.js';
import type { JsonObject } from '../store/state-types.js';

const int32Max = 2147483647;

export function validateResourceGroupName(name: string): void {
  if (name.length < 1 || name.length > 90 || !/^[-\w._()]+$/u.test(name) || name.endsWith('.')) {
    throw armErrors.invalidParameter(
      'resourceGroupName',
      `Resource group name '${name}' is invalid. It must be 1-90 characters of letters, digits, '_', '-', '.', '(' or ')' and must not end with a period.`,
    );
  }
}

export function validateGalleryName(name: string): void {
  if (name.length > 80 || !/^[A-Za-z0-9]+([._]?[A-Za-z0-9]+)*$/.test(name)) {
    throw armErrors.invalidParameter(
      'galleryName',
      `The gallery name '${name}' is invalid. Gallery names may contain alphanumeric characters, underscores and periods; they cannot begin or end with an underscore or period, and are at most 80 characters.`,
    );
  }
}

export function validateImageDefinitionName(name: string): void {
  if (name.length > 80 || !/^[A-Za-z0-9]+([-._]?[A-Za-z0-9]+)*$/.test(name)) {
    throw armErrors.invalidParameter(
      'galleryImageName',
      `The gallery image name '${name}' is invalid. Names may contain alphanumeric characters, hyphens, underscores and periods, must start and end with an alphanumeric character, and are at most 80 characters.`,
    );
  }
}

export function validateVersionName(name: string): void {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(name);
  const ok = m !== null && [m[1], m[2], m[3]].every((p) => Number(p) <= int32Max);
  if (!ok) {
    throw armErrors.invalidParameter(
      'galleryImageVersionName',
      `The gallery image version name '${name}' is invalid. The name must follow the format Major(int32).Minor(int32).Patch(int32), e.g. 1.0.0.`,
    );
  }
}

export function validateComputeResourceName(kind: string, name: string): void {
  if (name.length > 80 || !/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9_])?$/.test(name)) {
    throw armErrors.invalidParameter(
      `${kind}Name`,
      `The ${kind} name '${name}' is invalid. It must be 1-80 characters, begin with a letter or digit, end with a letter, digit or underscore, and contain only letters, digits, underscores, periods or hyphens.`,
    );
  }
}

/** ARM tag limits: 50 tags, names <= 512 chars (no <>%&\?/), values <= 256 chars. */
export function validateTags(tags: unknown): void {
  if (tags === undefined || tags === null) return;
  if (typeof tags !== 'object' || Array.isArray(tags)) throw armErrors.invalidRequestContent("The property 'tags' must be an object of string values.");
  const entries = Object.entries(tags as JsonObject);
  if (entries.length > 50) throw armErrors.invalidTag('InvalidTagCount', `The number of tags (${entries.length}) exceeds the maximum of 50 tags per resource.`);
  for (const [k, v] of entries) {
    if (k.length > 512) throw armErrors.invalidTag('InvalidTagNameLength', `The tag name '${k.slice(0, 40)}...' has ${k.length} characters; the maximum is 512.`);
    if (/[<>%&\\?/]/.test(k)) throw armErrors.invalidTag('InvalidTagName', `The tag name '${k}' has invalid characters '<,>,%,&,\\,?,/'.`);
    if (typeof v !== 'string') throw armErrors.invalidRequestContent(`The tag '${k}' must have a string value.`);
    if (v.length > 256) throw armErrors.invalidTag('InvalidTagValueLength', `The value of tag '${k}' has ${v.length} characters; the maximum is 256.`);
  }
}

/** Reads a body that must be a JSON object. */
export function requireObjectBody(body: unknown): JsonObject {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw armErrors.invalidRequestContent('The request content was invalid and could not be deserialized: a JSON object body is required.');
  }
  return body as JsonObject;
}

export function requireString(obj: JsonObject | undefined, key: string, target: string): string {
  const v = obj?.[key];
  if (v === undefined || v === null || v === '') throw armErrors.missingProperty(target);
  if (typeof v !== 'string') throw armErrors.invalidParameter(target, `The value of parameter '${target}' must be a string.`);
  return v;
}

export function optionalObject(obj: JsonObject | undefined, key: string, target: string): JsonObject | undefined {
  const v = obj?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw armErrors.invalidRequestContent(`The property '${target}' must be an object.`);
  return v as JsonObject;
}

/** Checks a value against an enum case-insensitively (as CRP does) and returns the canonical spelling. */
export function requireEnum(value: unknown, allowed: readonly string[], target: string, required = true): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw armErrors.missingProperty(target);
    return undefined;
  }
  const hit = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  if (!hit) {
    throw armErrors.invalidParameter(target, `The value '${String(value)}' of parameter '${target}' is not allowed. Allowed values are: ${allowed.join(', ')}.`);
  }
  return hit;
}

/** Lowercase without spaces: 'West Europe' -> 'westeurope', as ARM normalizes locations. */
export function normalizeRegion(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}
