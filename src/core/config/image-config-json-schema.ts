import { z } from 'zod';
import { imageConfigSchema } from './image-config.js';

export const IMAGE_SCHEMA_ID = 'https://github.com/image-publish/image-publish/schema/image.schema.json';

/** The JSON Schema of image.yaml, derived from the zod schema (schema/image.schema.json is this, committed). */
export function imageConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(imageConfigSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: IMAGE_SCHEMA_ID, title: 'image-publish image.yaml' };
}

/** The committed file's exact text: stable key order, two-space indent, trailing newline. */
export function imageConfigJsonSchemaText(): string {
  return `${JSON.stringify(imageConfigJsonSchema(), null, 2)}\n`;
}
