import { z } from 'zod';
import { DETAIL_TYPES, detailSchemas } from '../core/events/schemas.ts';

/** JSON Schema (2020-12) of each detail-type, so publishers in other languages can validate before PutEvents. */
export function eventJsonSchemas(): Record<string, object> {
  const schemas: Record<string, object> = {};
  for (const detailType of DETAIL_TYPES) {
    const schema = z.toJSONSchema(detailSchemas[detailType], { target: 'draft-2020-12', unrepresentable: 'any' });
    schemas[detailType] = {
      ...schema,
      $id: `https://journey-orchestrator.dev/schemas/${detailType}.schema.json`,
      title: `${detailType} detail`,
      description: `EventBridge detail of detail-type "${detailType}" (contract v1, see DESIGN.md §3).`,
    };
  }
  return schemas;
}

export function serialise(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
