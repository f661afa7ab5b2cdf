import { z } from 'zod';
import { mappingSchema } from './schema.ts';

/** The JSON Schema shipped as mapping.schema.json (generated, never hand-edited: `npm run schema`). */
export function mappingJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(mappingSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://trackops-bulk.local/mapping.schema.json',
    title: 'trackops-bulk mapping file, version 1',
  };
}

export function mappingJsonSchemaText(): string {
  return `${JSON.stringify(mappingJsonSchema(), null, 2)}\n`;
}
