/**
 * Writes docs/openapi.json, the checked-in OpenAPI 3.1 document of the HTTP API, from
 * engine/api/openapi.ts (which embeds the JSON Schemas in schemas/). Run `npm run gen:openapi`
 * after changing a schema or an endpoint; test/api/api.test.ts fails while the file is stale.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../engine/api/openapi.ts';

export const openApiText = () => `${JSON.stringify(openApiDocument(), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));
  writeFileSync(`${out}.tmp`, openApiText());
  renameSync(`${out}.tmp`, out);
  console.log('wrote docs/openapi.json');
}
