import { z } from 'zod';
import { CHANNELS } from './schemas.ts';

/** Messages our own components exchange over SQS, validated at each edge like inbound events. */
export const pseudonymSchema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a 64-hex-digit pseudonym' });

/** The envelope EventBridge gives SQS targets (and that our internal messages reuse). */
export const queueEnvelopeSchema = z.object({
  'detail-type': z.string({ error: 'is required' }),
  source: z.string().optional(),
  id: z.string().optional(),
  time: z.string().optional(),
  detail: z.unknown(),
});

export const timerDueSchema = z.strictObject({ pseudonym: pseudonymSchema, bucket: z.string().optional() });

export const erasureScheduledSchema = z.strictObject({ pseudonym: pseudonymSchema, reason: z.string().min(1) });

const variableValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const deliveryRequestSchema = z.strictObject({
  messageId: z.string().min(1).max(512),
  pseudonym: pseudonymSchema,
  journeyId: z.string().min(1),
  version: z.number().int().positive(),
  entry: z.number().int().positive(),
  message: z.string().min(1),
  template: z.string().min(1),
  channel: z.enum(CHANNELS),
  category: z.enum(['transactional', 'promotional']),
  locale: z.string().optional(),
  country: z.string().optional(),
  variables: z.record(z.string(), variableValue),
  decidedAt: z.iso.datetime(),
});
