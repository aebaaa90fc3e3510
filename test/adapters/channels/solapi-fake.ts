import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server playing SOLAPI's `POST /messages/v4/send-many/detail`, shaped after SOLAPI's documented samples
 * (solapi/documents, solapi-nodejs 6.0.1 response schemas): it checks the HMAC `Authorization` header as SOLAPI
 * describes it (HMAC-SHA256 of date + salt under the API secret, date within ±15 minutes, salt 12–64 bytes, no
 * signature reused), records every request, registers each message with status 2000, and then plays delivery: a
 * KakaoTalk message to a number listed in `withoutKakaoTalk` fails with 3104 (카카오톡 미사용자) and its replacement
 * is delivered instead, as the provider's report shows. Error bodies are `{ errorCode, errorMessage }`.
 */
export interface FakeRequest {
  headers: IncomingHttpHeaders;
  body: { messages: Array<Record<string, unknown>>; showMessageList?: boolean };
}

/** A delivery report as SOLAPI's message list shows it (subset). */
export interface FakeReport {
  messageId: string;
  type: string;
  to: string;
  text?: string;
  subject?: string;
  statusCode: string;
  replacement: boolean;
}

export interface SolapiFake {
  url: string;
  apiKey: string;
  apiSecret: string;
  requests: FakeRequest[];
  reports: FakeReport[];
  /** Recipients who do not use KakaoTalk: their AlimTalk falls back to the replacement. */
  withoutKakaoTalk: Set<string>;
  /** When set, answers every request with this status and body instead. */
  reply?: { status: number; body: string };
  /**
   * When set, registration fails with this status (`failedMessageList`): for every message, or only for messages of
   * the listed `types` (e.g. `['ATA']`: an AlimTalk template Kakao has not approved, while SMS still goes).
   */
  refuse?: { statusCode: string; statusMessage: string; types?: string[] };
  /** The fake's clock, for the ±15 minute check. */
  now: number;
  reset(): void;
  close(): Promise<void>;
}

const AUTH = /^HMAC-SHA256 apiKey=([^,]+), date=([^,]+), salt=([^,]+), signature=([0-9a-f]+)$/;

function authProblem(fake: SolapiFake, header: string | undefined, used: Set<string>): string | undefined {
  const match = AUTH.exec(header ?? '');
  if (!match) return 'InvalidAuthorizationHeader';
  const [, apiKey, date, salt, signature] = match as unknown as [string, string, string, string, string];
  if (apiKey !== fake.apiKey) return 'InvalidApiKey';
  if (salt.length < 12 || salt.length > 64) return 'InvalidSalt';
  if (Math.abs(Date.parse(date) - fake.now) > 15 * 60_000) return 'RequestTimeTooSkewed';
  const expected = Buffer.from(
    createHmac('sha256', fake.apiSecret)
      .update(date + salt)
      .digest('hex'),
  );
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'SignatureDoesNotMatch';
  if (used.has(signature)) return 'DuplicatedSignature';
  used.add(signature);
  return undefined;
}

function groupInfo(groupId: string, total: number, failed: number) {
  return {
    groupId,
    status: 'SENDING',
    count: {
      total,
      sentTotal: 0,
      sentFailed: 0,
      sentSuccess: 0,
      sentPending: 0,
      sentReplacement: 0,
      refund: 0,
      registeredFailed: failed,
      registeredSuccess: total - failed,
    },
    allowDuplicates: false,
    isRefunded: false,
    accountId: '12925149',
    masterAccountId: null,
    apiVersion: '4',
    dateCreated: '2026-11-23T01:00:00.000Z',
    dateUpdated: '2026-11-23T01:00:00.000Z',
  };
}

/** What SOLAPI would do after registration, recorded as reports. */
function deliver(fake: SolapiFake, messageId: string, message: Record<string, unknown>): void {
  const to = String(message.to);
  const type = String(message.type ?? 'SMS');
  const kakao = type === 'ATA' || type.startsWith('BMS');
  if (kakao && fake.withoutKakaoTalk.has(to)) {
    fake.reports.push({ messageId, type, to, statusCode: '3104', replacement: false });
    const options = (message.kakaoOptions ?? {}) as { disableSms?: boolean };
    const [replacement] = (message.replacements ?? []) as Array<Record<string, string>>;
    if (!options.disableSms && replacement) {
      const { type: replacementType = 'SMS', text, subject } = replacement;
      fake.reports.push({
        messageId,
        type: replacementType,
        to,
        ...(text ? { text } : {}),
        ...(subject ? { subject } : {}),
        statusCode: '4000',
        replacement: true,
      });
    }
    return;
  }
  fake.reports.push({ messageId, type, to, statusCode: '4000', replacement: false });
}

function refusalOf(fake: SolapiFake, message: Record<string, unknown>) {
  if (!fake.refuse) return undefined;
  const { types, statusCode, statusMessage } = fake.refuse;
  return !types || types.includes(String(message.type)) ? { statusCode, statusMessage } : undefined;
}

export async function startSolapiFake(): Promise<SolapiFake> {
  const usedSignatures = new Set<string>();
  let sequence = 0;
  let server: Server | undefined;
  const fake: SolapiFake = {
    url: '',
    apiKey: 'NCSTESTAPIKEY000',
    apiSecret: 'test-api-secret-not-real',
    requests: [],
    reports: [],
    withoutKakaoTalk: new Set(),
    now: Date.UTC(2026, 10, 23, 1, 0, 0),
    reset() {
      fake.requests = [];
      fake.reports = [];
      fake.withoutKakaoTalk = new Set();
      fake.now = Date.UTC(2026, 10, 23, 1, 0, 0);
      delete fake.reply;
      delete fake.refuse;
    },
    close: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown) =>
        response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as FakeRequest['body'];
      fake.requests.push({ headers: request.headers, body });
      if (request.method !== 'POST' || request.url !== '/messages/v4/send-many/detail') {
        return answer(404, { errorCode: 'NotFound', errorMessage: 'Not Found' });
      }
      const problem = authProblem(fake, request.headers.authorization, usedSignatures);
      if (problem) return answer(401, { errorCode: problem, errorMessage: 'authentication failed' });
      if (fake.reply) {
        response.writeHead(fake.reply.status, { 'Content-Type': 'application/json' }).end(fake.reply.body);
        return;
      }
      const groupId = `G4V20261123100000FAKE${String(++sequence).padStart(8, '0')}`;
      const registered: Array<{ messageId: string; statusCode: string; statusMessage: string }> = [];
      const failed: Array<Record<string, string>> = [];
      for (const message of body.messages ?? []) {
        const messageId = `M4V20261123100000FAKE${String(++sequence).padStart(8, '0')}`;
        const subjectOnSms = message.type === 'SMS' && message.subject !== undefined;
        const refusal =
          refusalOf(fake, message) ??
          (subjectOnSms ? { statusCode: '1013', statusMessage: '제목은 SMS에 사용 불가' } : undefined);
        if (refusal) {
          failed.push({
            to: String(message.to),
            from: String(message.from),
            type: String(message.type),
            messageId,
            ...refusal,
          });
          continue;
        }
        registered.push({ messageId, statusCode: '2000', statusMessage: '정상 접수(이통사로 접수 예정) ' });
        deliver(fake, messageId, message);
      }
      const total = (body.messages ?? []).length;
      return answer(200, {
        failedMessageList: failed.map((entry) => ({ ...entry, country: '82', accountId: '12925149' })),
        groupInfo: groupInfo(groupId, total, failed.length),
        ...(body.showMessageList ? { messageList: registered } : {}),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
