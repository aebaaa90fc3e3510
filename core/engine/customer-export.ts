import type { ConsentProof, DecisionRecord } from '../customer/outbox.ts';
import type { CustomerState } from '../customer/state.ts';
import type { Contact } from '../events/schemas.ts';
import { toIso } from '../time.ts';

/** The data-subject export: everything held about one customer, for that customer only. */
export interface CustomerExport {
  format: 'journey-orchestrator.customer-export.v1';
  requestId: string;
  exportedAt: string;
  pseudonym: string;
  profile: { contact: Contact | null; timeZone?: string; country?: string; locale?: string };
  consent: CustomerState['consent'];
  consentHistory: ConsentProof[];
  journeys: Array<{ journeyId: string; status: string; outcome?: string; enteredAt: string; exitedAt?: string }>;
  messages: DecisionRecord[];
  activity: { lastActivityAt?: string; orders: number; revenue: number; currency?: string };
}

/** Pure: builds the export document from the state, the logs and the contact decrypted for this purpose. */
export function exportCustomer(input: {
  state: CustomerState;
  contact: Contact | null;
  decisions: DecisionRecord[];
  consentHistory: ConsentProof[];
  requestId: string;
  now: number;
}): CustomerExport {
  const { state } = input;
  return {
    format: 'journey-orchestrator.customer-export.v1',
    requestId: input.requestId,
    exportedAt: toIso(input.now),
    pseudonym: state.pseudonym,
    profile: {
      contact: input.contact,
      ...(state.tz ? { timeZone: state.tz } : {}),
      ...(state.country ? { country: state.country } : {}),
      ...(state.locale ? { locale: state.locale } : {}),
    },
    consent: state.consent,
    consentHistory: input.consentHistory,
    journeys: Object.entries(state.journeys).map(([journeyId, instance]) => ({
      journeyId,
      status: instance.status,
      ...(instance.outcome ? { outcome: instance.outcome } : {}),
      enteredAt: instance.enteredAt,
      ...(instance.exitedAt ? { exitedAt: instance.exitedAt } : {}),
    })),
    messages: input.decisions,
    activity: {
      ...(state.lastActivityAt ? { lastActivityAt: state.lastActivityAt } : {}),
      orders: state.rfm.orders,
      revenue: state.rfm.revenue,
      ...(state.rfm.currency ? { currency: state.rfm.currency } : {}),
    },
  };
}
