/** Writes mapping.schema.json from the zod schema (`npm run schema`); test/mapping checks it is current. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { mappingJsonSchemaText } from '../core/mapping/json-schema.ts';

const path = fileURLToPath(new URL('../mapping.schema.json', import.meta.url));
// Formatted as the repo's prettier config wants, so `npm run lint` accepts the generated file as it is.
const text = await format(mappingJsonSchemaText(), { ...(await resolveConfig(path)), filepath: path });
await writeFile(path, text);
console.log(`wrote ${path}`);
