import { MemoryCustomerTable } from '../../adapters/local/memory-customer-table.ts';
import type { LogEntry } from '../../core/customer/log.ts';
import type { DecisionRecord } from '../../core/customer/outbox.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import type { IngestMessage, PrivacyMessage } from '../../core/messages/queue-messages.ts';
import type { RejectedEvent } from '../../core/messages/rejected.ts';
import type { SendLedger } from '../../core/ports/send-ledger.ts';
import type { DecisionLog } from '../../core/ports/store.ts';
import type { DeliveryPorts } from '../../core/use-cases/handle-delivery.ts';
import type { IngestPorts } from '../../core/use-cases/handle-ingest-message.ts';
import type { PrivacyPorts } from '../../core/use-cases/handle-privacy-message.ts';
import type { SweepPorts } from '../../core/use-cases/handle-sweep.ts';
import { policy, registry } from '../../journeys/index.ts';
import { DigestCounter } from './digest-set.ts';
import { FaultInjector, type FaultSpec } from './fault-injector.ts';
import {
  BoundVault,
  ChannelRecorder,
  HashPseudonymizer,
  LeasedMemoryLedger,
  MemoryExportSink,
  PlainRenderer,
  RecordingPublisher,
  silentTelemetry,
  VirtualClock,
} from './sim-ports.ts';
import { SimQueue } from './sim-queue.ts';

export interface WorldOptions {
  faults?: readonly FaultSpec[];
  /**
   * Whether the channel provider recognises a messageId it already sent, as the local mailbox and webhook receivers
   * do (default false: as SES and SMS, every send reaches the recipient).
   */
  idempotentProvider?: boolean;
  /** The send ledger (default: in memory with a 2-minute lease, as the DynamoDB ledger); forks need a `clone`. */
  ledger?: () => SendLedger;
}

type Cloneable = SendLedger & { clone(): SendLedger; readonly digest?: string };

/** A decision as compared between runs: its time is left out (a re-check after a redelivery runs later). */
export const decisionKey = (record: DecisionRecord) =>
  [
    record.messageId,
    record.outcome,
    record.reasons.join('+'),
    record.trigger.type === 'delivery' ? 'at-delivery' : 'engine',
  ].join('|');

/**
 * Everything one run touches, in memory: the real use cases' ports, each behind the fault injector, over the
 * in-memory table, queues with redrive, a ledger and recorders of what left the system (channel, bus, exports).
 * Recorders sit beneath the injector, so they see effects that happened even when the caller was told otherwise.
 */
export class SimWorld {
  readonly clock = new VirtualClock();
  readonly injector: FaultInjector;
  readonly table: MemoryCustomerTable;
  readonly ingestQueue = new SimQueue<IngestMessage>('ingest', this.clock);
  readonly deliveryQueue = new SimQueue<DeliveryRequest>('delivery', this.clock);
  readonly privacyQueue = new SimQueue<PrivacyMessage>('privacy', this.clock);
  /** Rejected events by what they are (detail-type, eventId, reason): a retry may store one twice. */
  readonly rejected: DigestCounter;
  readonly channel: ChannelRecorder;
  readonly bus: RecordingPublisher;
  readonly sink: MemoryExportSink;
  readonly vault = new BoundVault();
  readonly ledger: SendLedger;
  /** Decisions that reached the decision log (see `decisionKey`). */
  readonly decided: DigestCounter;
  /** messageIds that reached the delivery queue. */
  readonly enqueued: DigestCounter;
  readonly #options: WorldOptions;
  readonly ingest: IngestPorts;
  readonly deliver: DeliveryPorts;
  readonly privacy: PrivacyPorts;
  readonly sweep: SweepPorts;

  /** A world with `faults` planned; with `from`, a fork that carries on from that world's state (queues empty). */
  constructor(options: WorldOptions = {}, from?: SimWorld) {
    this.#options = options;
    const injector = new FaultInjector(options.faults);
    for (const [method, calls] of from?.injector.calls ?? []) injector.calls.set(method, calls);
    this.injector = injector;
    this.clock.set(from?.clock.now() ?? 0);
    this.table = from ? from.table.clone() : new MemoryCustomerTable();
    this.channel = new ChannelRecorder({ idempotent: options.idempotentProvider ?? false }, from?.channel);
    this.bus = new RecordingPublisher(from?.bus);
    this.sink = new MemoryExportSink(from?.sink);
    this.decided = new DigestCounter(from?.decided);
    this.enqueued = new DigestCounter(from?.enqueued);
    this.rejected = new DigestCounter(from?.rejected);
    if (from && !('clone' in from.ledger)) throw new Error('forking a world needs a ledger with clone()');
    this.ledger = from ? (from.ledger as Cloneable).clone() : (options.ledger?.() ?? new LeasedMemoryLedger());
    const table = this.table;
    const recordingLog: DecisionLog = {
      append: async (entries: readonly LogEntry[]) => {
        await table.append(entries);
        for (const entry of entries) if (entry.kind === 'decision') this.decided.add(decisionKey(entry.record), true);
      },
      engagements: (pseudonym: string) => table.engagements(pseudonym),
      decisions: (pseudonym: string, since?: string) => table.decisions(pseudonym, since),
      consentHistory: (pseudonym: string) => table.consentHistory(pseudonym),
      conversions: (pseudonym: string) => table.conversions(pseudonym),
    };
    const store = injector.wrap('store', table);
    const decisionLog = injector.wrap('decisionLog', recordingLog);
    const clock = injector.wrap('clock', this.clock);
    const events = injector.wrap('events', this.bus);
    const vault = injector.wrap('vault', this.vault);
    const common = { store, decisionLog, clock, events, vault, telemetry: silentTelemetry, policy };
    this.ingest = {
      ...common,
      registry,
      deliveries: injector.wrap('queues.delivery', {
        send: async (messages: readonly DeliveryRequest[]) => {
          await this.deliveryQueue.send(messages);
          for (const message of messages) this.enqueued.add(message.messageId, true);
        },
      }),
      privacy: injector.wrap('queues.privacy', this.privacyQueue),
      rejected: injector.wrap('queues.rejected', {
        send: async (events: readonly RejectedEvent[]) => {
          for (const event of events) this.rejected.add(`${event.detailType}|${event.eventId}|${event.reason}`, true);
        },
      }),
      pseudonymizer: injector.wrap('pseudonymizer', new HashPseudonymizer()),
    };
    const recorder = this.channel;
    this.deliver = {
      ...common,
      renderer: injector.wrap('renderer', new PlainRenderer()),
      channels: injector.wrapEach('channels', {
        email: recorder.sender('email'),
        sms: recorder.sender('sms'),
        kakao: recorder.sender('kakao'),
        push: recorder.sender('push'),
      }),
      ledger: injector.wrap('ledger', this.ledger),
      sender: {
        name: 'Example Shop',
        contact: 'help@shop.example.com',
        optOut: '080-000-0000',
        postalAddress: '100 Example Street, Springfield, IL 62701, USA',
      },
    };
    this.privacy = {
      ...common,
      eraser: injector.wrap('eraser', table),
      sink: injector.wrap('sink', this.sink),
    };
    this.sweep = {
      wakeIndex: injector.wrap('wakeIndex', table),
      ingest: injector.wrap('queues.ingest', this.ingestQueue),
      clock,
    };
  }

  /** A copy of this world that carries on with another fault plan (and, if given, another kind of provider). */
  fork(faults: readonly FaultSpec[], options: Pick<WorldOptions, 'idempotentProvider'> = {}): SimWorld {
    return new SimWorld({ ...this.#options, ...options, faults }, this);
  }

  /** Equal digests: the same customers, logs, ledger, sends, events, exports and rejections (versions aside). */
  digest(): string {
    const ledger = (this.ledger as Cloneable).digest ?? '';
    const parts = [this.table.digest(), ledger, this.channel.delivered.digest, this.bus.published.digest];
    parts.push(this.sink.keys.digest, this.decided.digest, this.enqueued.digest, this.rejected.digest);
    return parts.join('/');
  }
}
