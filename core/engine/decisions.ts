import type { MessageVariables } from '../customer/messages.ts';
import type { DecisionRecord } from '../customer/outbox.ts';
import type { MessageRequest } from '../customer/request.ts';
import type { SentRecord } from '../customer/state.ts';
import type { Channel } from '../events/schemas.ts';
import { lifecycleStateOf } from '../journey-runtime/lifecycle.ts';
import { Arbitration } from '../policy/arbitration.ts';
import { type Decision, decide } from '../policy/engine.ts';
import { toMs } from '../time.ts';
import { feedJourneys } from './journey-stepping.ts';
import { modeOf } from './lifecycle.ts';
import type { Round } from './round.ts';

function journeyStillWants(round: Round, request: MessageRequest): boolean {
  const instance = round.draft.journeys[request.journeyId];
  if (!instance || instance.entries !== request.entry) return false;
  return instance.status === 'active' || instance.outcome === 'completed';
}

function localeOf({ draft, ctx }: Round): { locale?: string } {
  const locale = draft.locale ?? (draft.country ? ctx.policy.localeByCountry[draft.country] : undefined);
  return locale ? { locale } : {};
}

/** Held back only because the customer is in a control group: the message would have been sent (for lift). */
const heldBack = (decision: Decision) =>
  decision.outcome === 'suppressed' && decision.reasons.length === 1 && decision.reasons[0] === 'holdout';

/**
 * The entry's latest message sent or held back: what a later conversion is attributed to. Returns whether it is the
 * entry's first.
 */
function touch(round: Round, request: MessageRequest, held: boolean): boolean {
  const instance = round.ownJourney(request.journeyId);
  if (instance?.entries !== request.entry) return false;
  const first = instance.lastTouch === undefined;
  instance.lastTouch = {
    messageId: request.messageId,
    at: round.nowIso,
    ...(held ? { heldBack: true } : {}),
    ...(request.split ? { split: { name: request.split.name, variant: request.split.variant } } : {}),
  };
  return first;
}

/** The message as it goes out: its generic version (no behaviour-based variables) when the policy chose that. */
function contentOf(request: MessageRequest, decision: Decision) {
  const generic = decision.outcome === 'send' && decision.generic ? request.profiling?.generic : undefined;
  if (!generic) return { template: request.template, variables: request.variables };
  const variables: MessageVariables = {};
  for (const name of generic.variables ?? []) variables[name] = request.variables[name] ?? null;
  return { template: generic.template, variables };
}

function record(round: Round, request: MessageRequest, decision: Decision): void {
  const { draft, ctx, nowIso } = round;
  const firstTouch = (decision.outcome === 'send' || heldBack(decision)) && touch(round, request, heldBack(decision));
  const {
    priority: _priority,
    onConflict: _onConflict,
    variables: _asked,
    channels: _channels,
    profiling,
    ...asked
  } = request;
  const { channel, skipped, fallbacks } = decision;
  const { template, variables } = contentOf(request, decision);
  const generic = template !== request.template;
  const entry: DecisionRecord = {
    ...asked,
    template,
    ...(generic ? { generic: { instead: request.template, reason: 'no_profiling_consent' as const } } : {}),
    channel,
    ...(skipped.length > 0 ? { skipped } : {}),
    ...(fallbacks.length > 0 ? { fallbacks } : {}),
    pseudonym: draft.pseudonym,
    decidedAt: nowIso,
    outcome: decision.outcome,
    reasons: decision.reasons,
    ...(decision.outcome === 'deferred' ? { deferredUntil: decision.until } : {}),
    ...(heldBack(decision) ? { wouldHaveSent: true } : {}),
    ...(firstTouch ? { firstTouch: true } : {}),
    policyVersion: ctx.policy.version,
    lifecycle: lifecycleStateOf(ctx.lifecycle, request.journeyId),
  };
  round.push({ kind: 'decision', record: entry });
  round.emit('message.decided', {
    messageId: request.messageId,
    journeyId: request.journeyId,
    template,
    ...(generic ? { generic: true } : {}),
    channel,
    outcome: decision.outcome,
    reasons: decision.reasons,
    deferredUntil: decision.outcome === 'deferred' ? decision.until : undefined,
  });
  if (decision.outcome === 'send') {
    if (request.category === 'promotional') {
      const sent = {
        messageId: request.messageId,
        at: nowIso,
        channel,
        ...(fallbacks.length > 0 ? { fallbacks } : {}),
        journeyId: request.journeyId,
      };
      draft.sent = [...draft.sent, sent];
    }
    round.push({
      kind: 'delivery',
      message: {
        messageId: request.messageId,
        pseudonym: draft.pseudonym,
        journeyId: request.journeyId,
        version: request.version,
        entry: request.entry,
        message: request.message,
        template,
        channel,
        ...(fallbacks.length > 0 ? { fallbacks } : {}),
        category: request.category,
        ...(profiling && !generic ? { profiled: true } : {}),
        ...localeOf(round),
        ...(draft.country ? { country: draft.country } : {}),
        variables,
        decidedAt: nowIso,
      },
    });
  } else if (decision.outcome === 'deferred') {
    round.setTimer({ kind: 'deferred', id: `deferred/${request.messageId}`, fireAt: decision.until, request });
  }
  for (const skip of skipped) {
    if (skip.reasons.includes('consent_stale')) remindReconfirmation(round, skip.channel);
  }
}

function remindReconfirmation(round: Round, channel: Channel): void {
  const consent = round.draft.consent[`${channel}:marketing`];
  if (!consent || consent.reconfirmationDueAt) return;
  round.setConsent(`${channel}:marketing`, { ...consent, reconfirmationDueAt: round.nowIso });
  const detail = { channel, purpose: 'marketing', grantedAt: consent.at } as const;
  round.emit('consent.reconfirmation_due', detail);
  round.raised.push({ type: 'consent.reconfirmation_due', ...detail });
}

/** Longest window any cap looks back over: sends older than this no longer matter. */
function sentRetention(round: Round): number {
  let longest = 0;
  for (const cap of round.ctx.policy.caps) longest = Math.max(longest, cap.window);
  for (const definition of round.ctx.registry.current()) {
    for (const cap of definition.caps ?? []) longest = Math.max(longest, cap.window);
  }
  return longest;
}

/** Decides every message asked for in this round, under the policy and then priority arbitration. */
export function decideRequests(round: Round): void {
  const { ctx, draft } = round;
  const ordered = round.requests.length > 0 ? Arbitration.order(round.requests) : [];
  round.requests.length = 0;
  const arbitration = new Arbitration(ctx.policy, ctx.now);
  for (const request of ordered) {
    const definition = ctx.registry.latest(request.journeyId);
    const decision = decide({
      customer: draft,
      request,
      now: ctx.now,
      config: ctx.policy,
      journeyCaps: definition.caps ?? [],
      journeyStillWants: journeyStillWants(round, request),
      journeyPaused: modeOf(ctx, request.journeyId) === 'hold',
      ...(definition.limits ? { limits: definition.limits } : {}),
      ...(ctx.budgetRefusals?.[request.messageId] ? { budgetRefusal: ctx.budgetRefusals[request.messageId] } : {}),
      ...(definition.sendWindows ? { sendWindows: definition.sendWindows } : {}),
      ...(ctx.templates ? { templates: ctx.templates } : {}),
    });
    record(round, request, arbitration.rule(request, decision));
  }
  const keepSince = ctx.now - sentRetention(round);
  const kept = (sent: SentRecord) => toMs(sent.at) > keepSince;
  if (!draft.sent.every(kept)) draft.sent = draft.sent.filter(kept);
  // Events raised while deciding (a reconfirmation due) reach the journeys in this round, and what they ask is decided.
  const raised = round.raised.length > 0 ? round.raised.splice(0) : [];
  for (const event of raised) feedJourneys(round, event, { type: event.type });
  if (round.requests.length > 0) decideRequests(round);
}
