import * as z from 'zod';

/**
 * The parts of Amazon Pinpoint's `WriteJourneyRequest` (and `JourneyResponse`, as `aws pinpoint get-journey` prints
 * it) that an import reads, after the `@aws-sdk/client-pinpoint` model: `Activity`, `JourneyLimits`, `QuietTime`,
 * `OpenHours`, `ClosedDays`, `Condition`, `EventDimensions`. Objects are loose: a field this schema does not know is
 * kept, and the import lists it in its report as unsupported rather than dropping it silently.
 */

const text = z.string();
const isoDuration = z.string().regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, {
  error: 'must be an ISO 8601 duration such as PT1H or P1D',
});
const hourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (24 h)' });

export const waitTimeSchema = z.looseObject({ WaitFor: isoDuration.optional(), WaitUntil: text.optional() });

export const setDimensionSchema = z.looseObject({
  DimensionType: z.enum(['INCLUSIVE', 'EXCLUSIVE']).optional(),
  Values: z.array(text).min(1),
});

export const attributeDimensionSchema = z.looseObject({
  AttributeType: z
    .enum(['INCLUSIVE', 'EXCLUSIVE', 'CONTAINS', 'BEFORE', 'AFTER', 'BETWEEN', 'NOT_BETWEEN', 'ON'])
    .optional(),
  Values: z.array(text).min(1),
});

export const metricDimensionSchema = z.looseObject({
  ComparisonOperator: z.enum(['GREATER_THAN', 'GREATER_THAN_OR_EQUAL', 'LESS_THAN', 'LESS_THAN_OR_EQUAL', 'EQUAL']),
  Value: z.number(),
});

export const eventDimensionsSchema = z.looseObject({
  EventType: setDimensionSchema.optional(),
  Attributes: z.record(z.string(), attributeDimensionSchema).optional(),
  Metrics: z.record(z.string(), metricDimensionSchema).optional(),
});

export const simpleConditionSchema = z.looseObject({
  EventCondition: z
    .looseObject({ Dimensions: eventDimensionsSchema.optional(), MessageActivity: text.optional() })
    .optional(),
  SegmentCondition: z.looseObject({ SegmentId: text }).optional(),
  SegmentDimensions: z.record(z.string(), z.unknown()).optional(),
});

export const conditionSchema = z.looseObject({
  Conditions: z.array(simpleConditionSchema).optional(),
  Operator: z.enum(['ALL', 'ANY']).optional(),
});

const next = { NextActivity: text.optional() };
const template = { TemplateName: text.optional(), TemplateVersion: text.optional() };

export const activitySchema = z.looseObject({
  Description: text.optional(),
  EMAIL: z
    .looseObject({ ...next, ...template, MessageConfig: z.record(z.string(), z.unknown()).optional() })
    .optional(),
  SMS: z
    .looseObject({
      ...next,
      ...template,
      MessageConfig: z.looseObject({ MessageType: z.enum(['TRANSACTIONAL', 'PROMOTIONAL']).optional() }).optional(),
    })
    .optional(),
  PUSH: z.looseObject({ ...next, ...template, MessageConfig: z.record(z.string(), z.unknown()).optional() }).optional(),
  CUSTOM: z.looseObject({ ...next, ...template }).optional(),
  Wait: z.looseObject({ ...next, WaitTime: waitTimeSchema }).optional(),
  ConditionalSplit: z
    .looseObject({
      Condition: conditionSchema.optional(),
      EvaluationWaitTime: waitTimeSchema.optional(),
      TrueActivity: text.optional(),
      FalseActivity: text.optional(),
    })
    .optional(),
  MultiCondition: z
    .looseObject({
      Branches: z.array(z.looseObject({ Condition: simpleConditionSchema.optional(), ...next })).optional(),
      DefaultActivity: text.optional(),
      EvaluationWaitTime: waitTimeSchema.optional(),
    })
    .optional(),
  RandomSplit: z
    .looseObject({
      Branches: z.array(z.looseObject({ Percentage: z.number().int().min(0).max(100).optional(), ...next })).min(1),
    })
    .optional(),
  Holdout: z.looseObject({ Percentage: z.number().int().min(0).max(100), ...next }).optional(),
  ContactCenter: z.looseObject({ ...next }).optional(),
});

const openHoursRule = z.looseObject({ StartTime: hourMinute, EndTime: z.union([hourMinute, z.literal('24:00')]) });
const weekday = z.enum(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']);
export const PINPOINT_CHANNELS = ['EMAIL', 'SMS', 'PUSH', 'VOICE', 'CUSTOM'] as const;
const perChannel = <T extends z.ZodType>(value: T) =>
  z.strictObject(Object.fromEntries(PINPOINT_CHANNELS.map((channel) => [channel, value.optional()])) as never);

const closedDaysRule = z.looseObject({
  Name: text.optional(),
  StartDateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, { error: 'must be an ISO 8601 date-time' }),
  EndDateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, { error: 'must be an ISO 8601 date-time' }),
});

export const journeySchema = z.looseObject({
  Name: z.string().min(1),
  Activities: z.record(z.string(), activitySchema).optional(),
  StartActivity: text.optional(),
  StartCondition: z
    .looseObject({
      Description: text.optional(),
      EventStartCondition: z
        .looseObject({
          EventFilter: z
            .looseObject({ Dimensions: eventDimensionsSchema, FilterType: z.enum(['SYSTEM', 'ENDPOINT']).optional() })
            .optional(),
          SegmentId: text.optional(),
        })
        .optional(),
      SegmentStartCondition: z.looseObject({ SegmentId: text }).optional(),
    })
    .optional(),
  Limits: z
    .looseObject({
      DailyCap: z.number().int().min(0).optional(),
      EndpointReentryCap: z.number().int().min(0).optional(),
      MessagesPerSecond: z.number().int().min(0).optional(),
      EndpointReentryInterval: isoDuration.optional(),
      TimeframeCap: z
        .looseObject({ Cap: z.number().int().min(0).optional(), Days: z.number().int().min(0).optional() })
        .optional(),
      TotalCap: z.number().int().min(0).optional(),
    })
    .optional(),
  QuietTime: z.looseObject({ Start: hourMinute.optional(), End: hourMinute.optional() }).optional(),
  WaitForQuietTime: z.boolean().optional(),
  LocalTime: z.boolean().optional(),
  Schedule: z
    .looseObject({ StartTime: text.optional(), EndTime: text.optional(), Timezone: text.optional() })
    .optional(),
  State: z.enum(['DRAFT', 'ACTIVE', 'COMPLETED', 'CANCELLED', 'CLOSED', 'PAUSED']).optional(),
  SendingSchedule: z.boolean().optional(),
  OpenHours: perChannel(z.partialRecord(weekday, z.array(openHoursRule))).optional(),
  ClosedDays: perChannel(z.array(closedDaysRule)).optional(),
  RefreshFrequency: text.optional(),
  RefreshOnSegmentUpdate: z.boolean().optional(),
  TimezoneEstimationMethods: z.array(z.enum(['PHONE_NUMBER', 'POSTAL_CODE'])).optional(),
  JourneyChannelSettings: z.record(z.string(), z.unknown()).optional(),
});

export type PinpointJourney = z.infer<typeof journeySchema>;
export type PinpointActivity = z.infer<typeof activitySchema>;
export type PinpointSimpleCondition = z.infer<typeof simpleConditionSchema>;
export type PinpointEventDimensions = z.infer<typeof eventDimensionsSchema>;
export type PinpointWaitTime = z.infer<typeof waitTimeSchema>;

/** Fields of the journey the import reads; anything else at the top level is listed as unsupported. */
export const KNOWN_JOURNEY_FIELDS = new Set([
  ...Object.keys(journeySchema.shape),
  'Id',
  'ApplicationId',
  'CreationDate',
  'LastModifiedDate',
  'tags',
]);
export const KNOWN_ACTIVITY_FIELDS = new Set(Object.keys(activitySchema.shape));
