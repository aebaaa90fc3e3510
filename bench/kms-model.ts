/**
 * KMS calls per 10,000 events of a deployment. Our code makes none per event or per contact (decision 0006: customer
 * keys wrapped with an RSA key pair); what remains is (1) per cold start: each Secrets Manager read of a secret
 * encrypted with a customer managed key makes Secrets Manager call KMS Decrypt — the reads per cold start are taken
 * from the moto call table (bench/results/aws-calls-*.md) — and (2) per time, not per event: SQS (SSE-KMS, data key
 * reused 300 s) and DynamoDB (customer managed table keys, cached ~5 min) calling KMS for every queue and table in
 * use. Cold starts and the time-based part depend on the traffic, so the figure is given per event rate.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ColdStartReads {
  /** Source of the figures. */
  source: string;
  /** Per function: Secrets Manager and SSM reads of one cold start (a function process in the moto story). */
  perFunction: Record<string, { secrets: number; parameters: number; kms: number }>;
}

/** The reads of each function's cold start, from the "all steps" rows of the newest moto call table. */
export function coldStartReads(resultsDir: URL): ColdStartReads {
  const file = readdirSync(resultsDir)
    .filter((name) => /^aws-calls-.*\.md$/.test(name))
    .sort()
    .at(-1);
  const perFunction: ColdStartReads['perFunction'] = {};
  if (!file) return { source: 'none (run npm run test:aws)', perFunction };
  const lines = readFileSync(new URL(file, resultsDir), 'utf8').split('\n');
  const header =
    lines
      .find((row) => row.startsWith('| step |'))
      ?.split('|')
      .map((cell) => cell.trim()) ?? [];
  const column = (name: string) => header.indexOf(name);
  let inTotals = false;
  for (const row of lines) {
    const cells = row.split('|').map((cell) => cell.trim());
    if (cells[1] === '**all steps**') inTotals = true;
    if (!inTotals) continue;
    const fn = /^(\w+) ×\d+$/.exec(cells[2] ?? '')?.[1];
    if (!fn || fn === 'all') continue;
    const calls = (name: string) =>
      [...(cells[column(name)] ?? '').matchAll(/(\w+) (\d+)/g)].reduce((sum, match) => sum + Number(match[2]), 0);
    perFunction[fn] = { secrets: calls('Secrets Manager'), parameters: calls('SSM'), kms: calls('KMS') };
  }
  return { source: `bench/results/${file} (one cold start per function in the moto story)`, perFunction };
}

export const KMS_ASSUMPTIONS = {
  /** How long an execution environment lives under steady traffic before Lambda recycles it. */
  environmentLifetimeHours: 2,
  /** SSE-KMS: (queue, principal) pairs that produce or consume: EventBridge, sweeper → ingest; ingest → delivery,
   * privacy, rejected; ingest, deliver, privacy consumers. */
  queuePrincipalPairs: 8,
  /** Tables with a customer managed key in use: customer table, idempotency (ledger), customer keys. */
  tables: 3,
  /** KMS calls per hour per pair or table: data key reuse of 300 s (SQS), table key cache of ~5 min (DynamoDB). */
  callsPerHourEach: 12,
};

export interface KmsAtRate {
  eventsPerSecond: number;
  coldStartsPerHour: number;
  /** KMS Decrypt calls caused by cold-start secret reads, per 10k events. */
  coldStartKmsPer10k: number;
  secretsReadsPer10k: number;
  /** Time-based SSE-KMS calls of SQS and DynamoDB, per 10k events. */
  serviceKmsPer10k: number;
  totalPer10k: number;
}

/**
 * At `eventsPerSecond`, with `secondsPerEvent` of ingest and `secondsPerMessage` of deliver Lambda time (from the
 * cost model) and `messagesPerEvent`: environments needed = rate × time (at least one each for ingest and deliver).
 */
export function kmsAtRate(
  reads: ColdStartReads,
  eventsPerSecond: number,
  work: { secondsPerEvent: number; secondsPerMessage: number; messagesPerEvent: number },
  a = KMS_ASSUMPTIONS,
): KmsAtRate {
  const ingestEnvs = Math.max(1, Math.ceil(eventsPerSecond * work.secondsPerEvent));
  const deliverEnvs = Math.max(1, Math.ceil(eventsPerSecond * work.messagesPerEvent * work.secondsPerMessage));
  const perStart = (fn: string) => reads.perFunction[fn] ?? { secrets: 0, parameters: 0, kms: 0 };
  const startsPerHour = (envs: number) => envs / a.environmentLifetimeHours;
  const secretsPerHour =
    startsPerHour(ingestEnvs) * perStart('ingest').secrets + startsPerHour(deliverEnvs) * perStart('deliver').secrets;
  const directKmsPerHour =
    startsPerHour(ingestEnvs) * perStart('ingest').kms + startsPerHour(deliverEnvs) * perStart('deliver').kms;
  const eventsPerHour = eventsPerSecond * 3600;
  const per10k = (perHour: number) => (perHour * 10_000) / eventsPerHour;
  // Every secret here is encrypted with a customer managed key: one KMS Decrypt per GetSecretValue.
  const coldStartKmsPer10k = per10k(secretsPerHour + directKmsPerHour);
  const serviceKmsPer10k = per10k((a.queuePrincipalPairs + a.tables) * a.callsPerHourEach);
  return {
    eventsPerSecond,
    coldStartsPerHour: startsPerHour(ingestEnvs) + startsPerHour(deliverEnvs),
    coldStartKmsPer10k,
    secretsReadsPer10k: per10k(secretsPerHour),
    serviceKmsPer10k,
    totalPer10k: coldStartKmsPer10k + serviceKmsPer10k,
  };
}

/** The event rate above which the time-based SSE-KMS calls stay at or below `limit` per 10k events. */
export function breakEvenRate(limit: number, a = KMS_ASSUMPTIONS): number {
  return ((a.queuePrincipalPairs + a.tables) * a.callsPerHourEach * 10_000) / (limit * 3600);
}
