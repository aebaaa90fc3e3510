import * as z from 'zod';

/**
 * The outcome report as data: what `npm run report -- <model.json>` renders. Counts only — every rate, interval and
 * verdict is computed from them when rendering (`compareArms`), so a model filled by hand, by a replay or from an
 * export of the table can never disagree with its own intervals. `buildReportModel` fills one from outcome records.
 */

const count = z.number().int().nonnegative();
const counts = z.record(z.string(), count);
const isoTime = z.iso.datetime({ offset: true });

/** The funnel of one message, or of all of a journey's messages (see `FUNNEL_DEFINITIONS` for each count). */
export const funnelCountsSchema = z.strictObject({
  asked: count,
  sent: count,
  deferred: count,
  suppressed: count,
  /** Suppressed messages by their first recorded reason: sums to `suppressed`. */
  suppressedBy: counts,
  /** Every reason on a suppressed message, each counted: a message with two reasons counts under both. */
  reasonsCited: counts,
  wasDeferred: count,
  delivered: count,
  bounced: count,
  failed: count,
  withheld: count,
  opened: count,
  clicked: count,
  complained: count,
  converted: count,
  revenue: z.number().nonnegative(),
});
export type FunnelCounts = z.infer<typeof funnelCountsSchema>;

export const messageFunnelSchema = funnelCountsSchema.extend({ message: z.string().min(1) });
export type MessageFunnel = z.infer<typeof messageFunnelSchema>;

export const journeyFunnelSchema = funnelCountsSchema.extend({
  journeyId: z.string().min(1),
  entered: count,
  /** Journey exits by outcome (the final state's name). */
  exited: counts,
  messages: z.array(messageFunnelSchema),
});
export type JourneyFunnel = z.infer<typeof journeyFunnelSchema>;

const armSchema = z.strictObject({
  name: z.string().min(1),
  /** Units in the arm (journey instances or customers, as the experiment's `unit` says). */
  trials: count,
  /** Units that converted. */
  successes: count,
  revenue: z.number().nonnegative().optional(),
});
export type ReportArm = z.infer<typeof armSchema>;

export const experimentSchema = z
  .strictObject({
    id: z.string().min(1),
    journeyId: z.string().min(1),
    title: z.string().min(1),
    /** `split`: an A/B split inside a journey. `holdout`: the global holdout (control) against the treated. */
    kind: z.enum(['split', 'holdout']),
    /** What one trial is, e.g. "journey instances" or "customers". */
    unit: z.string().min(1),
    control: armSchema,
    variant: armSchema,
  })
  .refine((experiment) => [experiment.control, experiment.variant].every((arm) => arm.successes <= arm.trials), {
    message: 'an arm cannot have more conversions than trials',
  });
export type ReportExperiment = z.infer<typeof experimentSchema>;

export const reportModelSchema = z.strictObject({
  version: z.literal(1),
  title: z.string().min(1),
  generatedAt: isoTime,
  /** ISO 4217 code all revenue figures are in. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  dataSet: z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Whom to credit for the data, printed with the report. */
    credit: z.string().optional(),
    from: isoTime,
    to: isoTime,
    customers: count,
    /** Events read, when the source knows them (a replay does; a store keeps only their outcomes). */
    events: count.optional(),
    /** What the reader must know to read the numbers right (e.g. a window too short for some journeys). */
    notes: z.array(z.string()),
  }),
  journeys: z.array(journeyFunnelSchema),
  /** Messages sent per UTC day, by journey. */
  sendsPerDay: z.array(z.strictObject({ date: z.iso.date(), sent: counts })),
  experiments: z.array(experimentSchema),
  attribution: z.strictObject({
    /** The rule in words, e.g. "order within 7 days of the last promotional message of the journey". */
    rule: z.string().min(1),
    /** Every order of the period, attributed or not, when the source saw them all (a replay does; a store does not). */
    orders: count.optional(),
    revenue: z.number().nonnegative().optional(),
    attributedOrders: count,
    attributedRevenue: z.number().nonnegative(),
  }),
  /** How many customers got n messages, among customers a journey asked to message at least once. */
  messagesPerCustomer: z.array(z.strictObject({ messages: count, customers: count })),
  /** The definitions the counts were made with; the report prints `FUNNEL_DEFINITIONS` when absent. */
  definitions: z.array(z.strictObject({ term: z.string(), definition: z.string() })).optional(),
});
export type ReportModel = z.infer<typeof reportModelSchema>;

/** Parses a report model (e.g. a JSON file's content); throws a `ZodError` naming each problem. */
export function parseReportModel(value: unknown): ReportModel {
  return reportModelSchema.parse(value);
}
