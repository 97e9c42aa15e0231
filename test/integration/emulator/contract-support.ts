/**
 * Helpers for the contract test: read ../shared/azure-specs at test time (never at runtime), validate emulator
 * bodies against the swagger definitions with ajv, and compare response shapes with the examples.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

export const specsRoot = resolve(import.meta.dirname, '../../../../shared/azure-specs');

export interface IndexFile {
  path: string;
  kind: string;
  operationId?: string;
  title?: string;
  exampleApiVersion?: string;
  responseStatuses?: string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- spec JSON of any shape; callers name the type they read
export function readSpec<T = any>(path: string): T {
  return JSON.parse(readFileSync(resolve(specsRoot, path), 'utf8')) as T;
}

const base = 'https://specs.local/';
const galleryRp = 'specification/compute/resource-manager/Microsoft.Compute/Compute/stable/2025-12-03/GalleryRP.json';
const skusJson = 'specification/compute/resource-manager/Microsoft.Compute/Skus/stable/2021-07-01/skus.json';
const schemaFiles = [
  galleryRp,
  skusJson,
  'specification/compute/resource-manager/Microsoft.Compute/Compute/common-types/v1/common.json',
  'specification/common-types/resource-management/v3/types.json',
];

let ajv: Ajv | undefined;

function getAjv(): Ajv {
  if (ajv) return ajv;
  // Swagger 2.0 documents are not JSON Schema documents: skip meta-validation and ignore x-ms-* keywords.
  ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const f of ['int32', 'int64', 'double', 'float', 'arm-id', 'duration', 'byte', 'password', 'unixtime', 'base64url']) ajv.addFormat(f, true);
  for (const f of schemaFiles) ajv.addSchema(readSpec(f), `${base}${f}`);
  return ajv;
}

/** The validator for an operation's response schema, from the swagger that defines the operation. */
export function responseValidator(operationId: string, status: string): ValidateFunction | undefined {
  for (const file of [galleryRp, skusJson]) {
    const doc = readSpec<{ paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { schema?: { $ref?: string } }> }>> }>(file);
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        if (op?.operationId !== operationId) continue;
        const ref = op.responses?.[status]?.schema?.$ref;
        if (!ref) return undefined;
        return getAjv().compile({ $ref: `${base}${file}${ref}` });
      }
    }
  }
  return undefined;
}

/** The CloudError validator every gallery operation's default response uses. */
export function cloudErrorValidator(): ValidateFunction {
  return getAjv().compile({ $ref: `${base}${schemaFiles[2]}#/definitions/CloudError` });
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/**
 * Shape differences between an emulator body and an example body: type mismatches at any common path, and keys the
 * example shows that the emulator omits although the request carried them (echo) or they are always present.
 */
export function shapeDifferences(actual: unknown, expected: unknown, request: unknown, path = '$', always = new Set(['id', 'name', 'type', 'properties', 'provisioningState'])): string[] {
  const out: string[] = [];
  if (kind(actual) !== kind(expected)) {
    // Example numbers are sometimes written as strings and vice versa only in generated examples; report all.
    return [`${path}: emulator ${kind(actual)}, example ${kind(expected)}`];
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length > 0 && expected.length > 0) out.push(...shapeDifferences(actual[0], expected[0], Array.isArray(request) ? request[0] : undefined, `${path}[0]`, new Set()));
    return out;
  }
  if (kind(actual) === 'object') {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const r = (kind(request) === 'object' ? request : {}) as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (key in a) out.push(...shapeDifferences(a[key], e[key], r[key], `${path}.${key}`, path === '$' ? new Set(['provisioningState']) : new Set()));
      else if (key in r || always.has(key)) out.push(`${path}.${key}: missing in emulator response`);
    }
  }
  return out;
}
