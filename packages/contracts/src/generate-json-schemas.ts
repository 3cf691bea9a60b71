/**
 * Writes schemas/json/<type>.v1.schema.json for every event type from the zod schemas, and
 * removes schema files of types that no longer exist. Run: pnpm --filter @loyalty/contracts schemas
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  jsonSchemaFileName,
  PUBLISHED_EVENT_TYPES,
  renderJsonSchema,
  SCHEMAS_DIRECTORY,
} from './json-schemas.js';

const directory = join(SCHEMAS_DIRECTORY, 'json');
await mkdir(directory, { recursive: true });

const written = new Set<string>();
for (const type of PUBLISHED_EVENT_TYPES) {
  const fileName = jsonSchemaFileName(type);
  await writeFile(join(directory, fileName), renderJsonSchema(type));
  written.add(fileName);
}
for (const fileName of await readdir(directory)) {
  if (fileName.endsWith('.schema.json') && !written.has(fileName)) await rm(join(directory, fileName));
}
console.log(`wrote ${written.size} JSON Schemas to ${directory}`);
