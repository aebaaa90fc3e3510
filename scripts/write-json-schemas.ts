import { mkdirSync, writeFileSync } from 'node:fs';
import { eventJsonSchemas, serialise } from './json-schemas.ts';

const outDir = new URL('../schemas/', import.meta.url);
mkdirSync(outDir, { recursive: true });
for (const [detailType, schema] of Object.entries(eventJsonSchemas())) {
  writeFileSync(new URL(`${detailType}.schema.json`, outDir), serialise(schema));
  console.log(`wrote schemas/${detailType}.schema.json`);
}
