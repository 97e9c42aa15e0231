import { z } from 'zod';
import { imageConfigSchema } from './image-config.js';
import { imageFileSchema } from './image-set.js';
import { docUrl, rawFileUrl } from '../project-home.js';

/**
 * The schema's public URL (raw file in the home repository), so `# yaml-language-server: $schema=` hints work as
 * printed; docs/image-schema.md describes it.
 */
export const IMAGE_SCHEMA_ID = rawFileUrl('schema/image.schema.json');

type JsonSchema = Record<string, unknown>;

function toJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/**
 * Drops every `required` list: with images:, a shared section may leave out what each image adds (definition.name)
 * and an image may give only what differs, so only the merged image is complete; the loader checks that.
 */
function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'required').map(([key, value]) => [key, withoutRequired(value)]));
}

/**
 * The JSON Schema of image.yaml, derived from the zod schemas (schema/image.schema.json is this, committed): the
 * single-image form checked in full, or, with images:, every key and value checked but completeness left to the
 * loader, which validates each image merged over the shared sections.
 */
export function imageConfigJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: IMAGE_SCHEMA_ID,
    title: 'image-publish image.yaml',
    description: `image-publish image.yaml: an Azure VM image as code, or several (images:) sharing defaults. See ${docUrl('docs/image-schema.md')}.`,
    if: { type: 'object', required: ['images'] },
    then: withoutRequired(toJsonSchema(imageFileSchema)),
    else: toJsonSchema(imageConfigSchema),
  };
}

/** The committed file's exact text: stable key order, two-space indent, trailing newline. */
export function imageConfigJsonSchemaText(): string {
  return `${JSON.stringify(imageConfigJsonSchema(), null, 2)}\n`;
}
