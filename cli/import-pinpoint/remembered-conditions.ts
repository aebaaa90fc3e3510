import type { DetailType } from '../../core/events/schemas.ts';
import { dimensionsToPattern, type EventMap } from './events.ts';
import type { ImportedJourney, ReportEntry } from './model.ts';
import type { PinpointSimpleCondition } from './pinpoint-schema.ts';

interface Context {
  events: EventMap;
  report: ReportEntry[];
  graph: Pick<ImportedJourney, 'conditions'>;
}

/** Registers the event conditions of one simple condition; returns their ids (none when nothing could be imported). */
export function remember(ctx: Context, path: string, condition: PinpointSimpleCondition, id: string): string[] {
  if (condition.SegmentCondition || condition.SegmentDimensions) {
    ctx.report.push({
      path,
      status: 'unsupported',
      note: 'segment conditions: rewrite as a customerMatches split over customer facts (issue 16 item 2)',
    });
  }
  const event = condition.EventCondition;
  if (!event) return [];
  if (event.MessageActivity) {
    ctx.report.push({
      path: `${path}.EventCondition.MessageActivity`,
      status: 'unsupported',
      note: "conditions on a message's engagement (opened, clicked) are not imported: split on message.opened / message.clicked by hand",
    });
    return [];
  }
  const values = event.Dimensions?.EventType?.Values ?? [];
  if (event.Dimensions?.EventType?.DimensionType === 'EXCLUSIVE' || values.length === 0) {
    ctx.report.push({
      path,
      status: 'unsupported',
      note: 'a condition on "any event but …" or on no event type cannot be remembered',
    });
    return [];
  }
  const types: DetailType[] = [];
  for (const value of values) {
    const type = ctx.events.typeOf(value);
    if (type) types.push(type);
    else
      ctx.report.push({
        path: `${path}.EventCondition.Dimensions.EventType`,
        status: 'unsupported',
        note: `Pinpoint event "${value}" has no detail-type: pass --event ${value}=<detail-type>`,
      });
  }
  if (types.length === 0) return [];
  const { pattern, dropped } = dimensionsToPattern(event.Dimensions ?? {}, types, `${path}.EventCondition.Dimensions`);
  for (const item of dropped) ctx.report.push({ ...item, status: 'unsupported' });
  const conditionId = `saw${id[0]!.toUpperCase()}${id.slice(1)}`;
  ctx.graph.conditions.push({ id: conditionId, types, ...(pattern ? { pattern } : {}) });
  ctx.report.push({
    path: `${path}.EventCondition`,
    status: 'mapped',
    to: `condition ${conditionId}`,
    note: `${values.join('/')} → ${types.join('/')}${pattern ? ` matching ${JSON.stringify(pattern)}` : ''}`,
  });
  return [conditionId];
}
