import type { ConsentProof, DecisionRecord } from '../../core/customer/outbox.ts';
import type { CustomerState } from '../../core/customer/state.ts';
import type { ReasonCode } from '../../core/policy/config.ts';
import type { DeliveryOutcome } from './deliveries.ts';
import { type ExplainOptions, type Explanation, explainCustomer, REASON_MEANINGS, type TimerView } from './explain.ts';
import { minuteText } from './summary.ts';

export interface FormatOptions extends ExplainOptions {
  /** One JSON document (the `Explanation`) instead of text. */
  json?: boolean;
}

const NONE = '-';

/** `2026-11-23T09:11:28.078Z` → `2026-11-23 09:11:28` (all times printed in UTC). */
export function timeText(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : NONE;
}

/** Left-aligned columns, two spaces apart, each line indented. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `${indent}${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function localTime(iso: string, timeZone: string | undefined): string {
  if (!timeZone) return '';
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  return ` (${text} ${timeZone})`;
}

function timerLine(timer: TimerView, indent: string): string {
  return `${indent}timer ${timeText(timer.dueAt)}  ${timer.kind.padEnd(10)}  ${timer.what}`;
}

function header(explanation: Explanation): string[] {
  const { customer } = explanation;
  const profile = [
    `version ${customer.version}`,
    `time zone ${customer.timeZone ?? NONE}`,
    `country ${customer.country ?? NONE}`,
    `locale ${customer.locale ?? NONE}`,
  ].join(' · ');
  const lines = [
    `Customer ${explanation.customerId ?? '(by pseudonym)'}`,
    `  pseudonym      ${explanation.pseudonym}`,
    ...(explanation.source ? [`  read from      ${explanation.source}`] : []),
    `  profile        ${profile}`,
    `  addresses      ${customer.addresses.join(', ') || 'none on file'} (contact data is encrypted, never shown)`,
    `  last activity  ${timeText(customer.lastActivityAt)}`,
  ];
  if (customer.closedAt) lines.push(`  account closed ${timeText(customer.closedAt)}`);
  if (customer.erasedAt) {
    lines.push(`  ERASED         ${timeText(customer.erasedAt)}: all data deleted; earlier events are dropped`);
  } else if (!customer.stored) {
    lines.push(
      '  NOT FOUND      nothing stored for this pseudonym: ingest never accepted an event of this customer ' +
        '(check the customerId, the rejected events, or that the key matches the stage)',
    );
  }
  lines.push('  (all times UTC)');
  return lines;
}

function journeySection(explanation: Explanation): string[] {
  const lines = ['', 'Journeys'];
  if (explanation.journeys.length === 0) lines.push('  none entered');
  else {
    const rows = explanation.journeys.map((journey) => [
      journey.shadow ? `${journey.journeyId} (shadow)` : journey.journeyId,
      String(journey.version),
      journey.status,
      journey.outcome ?? NONE,
      timeText(journey.enteredAt),
      timeText(journey.exitedAt),
      String(journey.entries),
      journey.state,
    ]);
    const [head = '', ...body] = table(
      ['journey', 'ver', 'status', 'outcome', 'entered', 'exited', 'entries', 'state'],
      rows,
    );
    lines.push(head);
    explanation.journeys.forEach((journey, index) => {
      lines.push(body[index] ?? '');
      for (const timer of journey.timers) lines.push(timerLine(timer, '      '));
    });
  }
  if (explanation.notEntered.length > 0) lines.push(`  never entered: ${explanation.notEntered.join(', ')}`);
  for (const refusal of explanation.entryRefusals) {
    const missed =
      refusal.condition === 'filter'
        ? "the trigger's detail missed entry.filter"
        : 'the customer facts missed entry.segment';
    lines.push(`  not entered: ${refusal.journeyId} on ${refusal.trigger} at ${timeText(refusal.at)}: ${missed}`);
  }
  for (const timer of explanation.customerTimers) lines.push(timerLine(timer, '  '));
  return lines;
}

function consentSection(explanation: Explanation): string[] {
  const lines = ['', 'Consent'];
  if (explanation.consent.length === 0)
    return [...lines, '  none recorded (promotional messages need marketing consent)'];
  const rows = explanation.consent.map((consent) => [
    consent.channel,
    consent.purpose,
    consent.granted ? 'granted' : 'withdrawn',
    timeText(consent.at),
    consent.source,
    consent.wordingVersion,
    String(consent.changes),
  ]);
  return [...lines, ...table(['channel', 'purpose', 'status', 'since', 'source', 'wording', 'proofs'], rows)];
}

function whyAsked(decision: DecisionRecord): string {
  const trigger =
    decision.trigger.type === 'delivery'
      ? 're-checked at delivery'
      : `asked on ${decision.trigger.type}${decision.trigger.eventId ? ` ${decision.trigger.eventId}` : ''}`;
  const parts = [trigger, `in state ${decision.statePath}`];
  if (decision.outcome === 'shadow')
    parts.unshift(`shadow version ${decision.journeyId}@${decision.version}, not sent`);
  if (decision.split) {
    parts.push(`split ${decision.split.name} → ${decision.split.variant} (${decision.split.rule})`);
  }
  parts.push(`policy ${decision.policyVersion}`, `message ${decision.message} (entry ${decision.entry})`);
  if (decision.lifecycle && decision.lifecycle !== 'active') parts.push(`journey ${decision.lifecycle}`);
  return parts.join(' · ');
}

/** `kakao chosen; skipped email (no_consent); falls back to sms`: how the channel was chosen, when there was a choice. */
export function channelChoiceText(decision: DecisionRecord): string | undefined {
  const skipped = decision.skipped ?? [];
  const fallbacks = decision.fallbacks ?? [];
  if (skipped.length === 0 && fallbacks.length === 0) return undefined;
  const chosen = skipped.some((skip) => skip.channel === decision.channel)
    ? 'no channel chosen'
    : `${decision.channel} chosen`;
  const parts = [chosen];
  for (const skip of skipped) parts.push(`skipped ${skip.channel} (${skip.reasons.join(', ')})`);
  if (fallbacks.length > 0) parts.push(`falls back to ${fallbacks.join(', then ')}`);
  return parts.join('; ');
}

/** `handed to the provider on sms at … after kakao gave way (kakao: SOLAPI refused …)`, or why it failed. */
export function deliveryText(outcome: DeliveryOutcome | undefined): string {
  if (!outcome) return 'no outcome yet (queued, retrying, or in a dead-letter queue)';
  const on = outcome.channel ? ` on ${outcome.channel}` : '';
  const earlier = outcome.fellBackFrom ?? [];
  const causes = outcome.fallbackCauses?.length ? ` (${outcome.fallbackCauses.join('; ')})` : '';
  const after = earlier.length > 0 ? ` after ${earlier.join(', then ')} gave way${causes}` : '';
  if (outcome.status === 'sent') return `handed to the provider${on} at ${timeText(outcome.at)}${after}`;
  return `FAILED${on} at ${timeText(outcome.at)}: ${outcome.error ?? 'no reason given'}${after}`;
}

function decisionSection(explanation: Explanation, timeZone: string | undefined): string[] {
  const period = explanation.sinceText ? `last ${explanation.sinceText}, ` : '';
  const lines = ['', `Decisions (${period}since ${timeText(explanation.since)})`];
  if (explanation.decisions.length === 0) return [...lines, '  none'];
  const rows = explanation.decisions.map((decision) => [
    timeText(decision.decidedAt),
    decision.journeyId,
    decision.template,
    decision.channel,
    decision.category,
    decision.outcome === 'shadow'
      ? `shadow: would ${decision.wouldBe === 'send' ? 'send' : `be ${decision.wouldBe}`}`
      : decision.outcome,
    [
      decision.generic ? `generic version instead of ${decision.generic.instead} (${decision.generic.reason})` : '',
      decision.reasons.join(', ') || (decision.generic ? '' : NONE),
      decision.deferredUntil
        ? `until ${timeText(decision.deferredUntil)}${localTime(decision.deferredUntil, timeZone)}`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
  ]);
  const [head = '', ...body] = table(
    ['decided', 'journey', 'template', 'channel', 'category', 'outcome', 'reasons'],
    rows,
  );
  lines.push(head);
  explanation.decisions.forEach((decision, index) => {
    lines.push(body[index] ?? '', `      why: ${whyAsked(decision)}`);
    const choice = channelChoiceText(decision);
    if (choice) lines.push(`      channels: ${choice}`);
    if (explanation.deliveries && decision.outcome === 'send') {
      lines.push(`      delivery: ${deliveryText(explanation.deliveries[decision.messageId])}`);
    }
  });
  return lines;
}

function summarySection(explanation: Explanation): string[] {
  const { summary } = explanation;
  const lines = ['', `In short: ${summary.text}.`];
  const reasons = new Set<ReasonCode>(
    explanation.decisions.flatMap((decision) => [
      ...decision.reasons,
      ...(decision.generic ? [decision.generic.reason] : []),
    ]),
  );
  if (reasons.size > 0) {
    lines.push('What the reasons mean:');
    const width = Math.max(...[...reasons].map((reason) => reason.length));
    for (const reason of reasons) lines.push(`  ${reason.padEnd(width)}  ${REASON_MEANINGS[reason]}`);
  }
  for (const waiting of summary.waiting) {
    if (!waiting.until) continue;
    lines.push(`${waiting.template} (${waiting.journeyId}) is decided again at ${minuteText(waiting.until)}.`);
  }
  return lines;
}

/** The text `npm run why` prints for an explanation. */
export function renderExplanation(explanation: Explanation): string {
  const timeZone = explanation.customer.timeZone;
  return [
    ...header(explanation),
    ...journeySection(explanation),
    ...consentSection(explanation),
    ...decisionSection(explanation, timeZone),
    ...summarySection(explanation),
  ].join('\n');
}

/** Explains one customer as readable tables, or as JSON with `json: true`. Pure: time comes from `options.now`. */
export function formatExplanation(
  state: CustomerState,
  decisions: readonly DecisionRecord[],
  consentHistory: readonly ConsentProof[],
  options: FormatOptions,
): string {
  const explanation = explainCustomer(state, decisions, consentHistory, options);
  return options.json ? JSON.stringify(explanation, null, 2) : renderExplanation(explanation);
}
