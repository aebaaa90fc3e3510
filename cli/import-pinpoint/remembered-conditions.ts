import type { DetailType } from '../../core/events/schemas.ts';
import { dimensionsToPattern, type EventMap } from './events.ts';
import type { ImportedJourney, ReportEntry } from './model.ts';
import type { PinpointSimpleCondition } from './pinpoint-schema.ts';
import { segmentDimensionsToPattern } from './segment-conditions.ts';

interface Context {
  events: EventMap;
  report: ReportEntry[];
  graph: Pick<ImportedJourney, 'conditions' | 'segments'>;
}

/** Registers the event conditions of one simple condition; returns their ids (none when nothing could be imported). */
export function remember(ctx: Context, path: string, condition: PinpointSimpleCondition, id: string): string[] {
  if (condition.SegmentCondition) {
    ctx.report.push({
      path,
      status: 'unsupported',
      note: `segment ${condition.SegmentCondition.SegmentId} is defined in Pinpoint, not in the export: write the branch as a customerMatches guard over customer facts (docs/authoring.md)`,
    });
  }
  const segment = condition.SegmentDimensions ? rememberSegment(ctx, path, condition.SegmentDimensions, id) : [];
  const event = condition.EventCondition;
  if (!event) return segment;
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

/** A split's segment dimensions as a customer-facts condition, checked when the split decides; its id, or none. */
function rememberSegment(ctx: Context, path: string, dimensions: Record<string, unknown>, id: string): string[] {
  const { pattern, untranslated, differences } = segmentDimensionsToPattern(dimensions);
  if (!pattern) {
    ctx.report.push({
      path: `${path}.SegmentDimensions`,
      status: 'unsupported',
      note: `${untranslated.length > 0 ? `no customer fact for ${untranslated.join(', ')}` : 'no dimension'}: write the branch as a customerMatches guard over customer facts (docs/authoring.md)`,
    });
    return [];
  }
  const segmentId = `in${id[0]!.toUpperCase()}${id.slice(1)}`;
  ctx.graph.segments.push({ id: segmentId, pattern });
  ctx.report.push({
    path: `${path}.SegmentDimensions`,
    status: differences.length > 0 ? 'approximated' : 'mapped',
    to: `segment ${segmentId}`,
    note: `customer facts matching ${JSON.stringify(pattern)} when the split decides${differences.length > 0 ? `; ${differences.join('; ')}` : ''}`,
  });
  return [segmentId];
}
