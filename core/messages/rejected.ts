import * as z from 'zod';

/** An event that broke the contract, kept with the reason so the publisher can fix it and send it again. */
export const rejectedEventSchema = z.object({
  reason: z.string(),
  issues: z.array(z.object({ field: z.string(), rule: z.string() })),
  detailType: z.string().optional(),
  eventId: z.string().optional(),
  /** The event as received, identifier values redacted (field names kept). */
  raw: z.unknown(),
  rejectedAt: z.string(),
});

export type RejectedEvent = z.infer<typeof rejectedEventSchema>;
