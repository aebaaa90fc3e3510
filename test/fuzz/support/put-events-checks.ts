import { expect } from 'vitest';
import type { LocalRuntime } from '../../../cli/local/runtime.ts';
import { wasSeen } from '../../../core/customer/seen-events.ts';
import type { RejectedEvent } from '../../../core/messages/rejected.ts';
import { jsonLinesTail } from './file-tail.ts';
import type { Answer } from './put-events-http.ts';
import type { Fault, PlannedRequest } from './put-events-requests.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** PutEvents over fetch, exactly as planned (GET without a body). */
export async function sendPlanned(endpoint: string, request: PlannedRequest): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (request.target !== undefined) headers['x-amz-target'] = request.target;
  const response = await fetch(endpoint, {
    method: request.method,
    headers,
    ...(request.method === 'GET' ? {} : { body: request.body }),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: undefined };
  }
}

/** Whether `result` is an error EventBridge could give an entry with these faults, worded as it words them. */
function isAllowedError(result: unknown, faults: Fault[]): boolean {
  const { ErrorCode, ErrorMessage, ...rest } = (result ?? {}) as { ErrorCode?: unknown; ErrorMessage?: unknown };
  if (Object.keys(rest).length > 0 || typeof ErrorMessage !== 'string') return false;
  if (ErrorCode === 'MalformedDetail')
    return faults.includes('MalformedDetail') && ErrorMessage === 'Detail is malformed.';
  const parameter = /^Parameter (\w+) is not valid\. Reason: \S.*$/.exec(ErrorMessage)?.[1];
  return ErrorCode === 'InvalidArgument' && faults.includes(parameter as Fault);
}

/** The answer is the one EventBridge gives: status and error type, or one result per entry in request order. */
export function expectAnswer(request: PlannedRequest, answer: Answer): void {
  expect(answer.status).toBeLessThan(500);
  if (request.expected.status !== 200) {
    expect(answer).toMatchObject({
      status: request.expected.status,
      body: { __type: request.expected.type, message: expect.any(String) },
    });
    return;
  }
  expect(answer.status).toBe(200);
  const results = answer.body?.Entries ?? [];
  expect(results).toHaveLength(request.entries.length);
  const hasEventId = (result: unknown) =>
    typeof result === 'object' && result !== null && Object.hasOwn(result, 'EventId');
  expect(answer.body?.FailedEntryCount).toBe(results.filter((result) => !hasEventId(result)).length);
  const ids = new Set<string>();
  request.entries.forEach((planned, index) => {
    const result = results[index];
    if (planned.faults.length === 0) {
      expect(Object.keys(result as object)).toEqual(['EventId']);
      const id = (result as { EventId: string }).EventId;
      expect(id).toMatch(UUID);
      expect(ids.has(id)).toBe(false);
      ids.add(id);
    } else if (!isAllowedError(result, planned.faults)) {
      expect.fail(`entry ${index} with faults ${planned.faults.join(', ')} got ${JSON.stringify(result)}`);
    }
  });
}

/** Reads back what ingest did with each entry: applied (customer state or rejected store) or not at all. */
export function applicationChecker(runtime: LocalRuntime) {
  const rejectedTail = jsonLinesTail<RejectedEvent>(() => runtime.paths.rejected);
  const seenBy = async (customerId: string | undefined, token: string) => {
    if (customerId === undefined) return false;
    const state = await runtime.services.table.load(await runtime.services.pseudonymOf(customerId));
    return wasSeen(state, token);
  };
  /** Call after the queues drained, with every request sent since the last call and its answer. */
  return async (sent: Array<[PlannedRequest, Answer]>): Promise<number> => {
    const rejectedTokens = new Set(rejectedTail().records.map((record) => record.eventId?.slice(0, 36)));
    let applied = 0;
    for (const [request, answer] of sent) {
      for (const [index, planned] of request.entries.entries()) {
        if (!planned.token) continue;
        const result = answer.status === 200 ? (answer.body?.Entries?.[index] as object | undefined) : undefined;
        const delivered = planned.routed && result !== undefined && 'EventId' in result;
        const inState = await seenBy(planned.customerId, planned.token);
        const found = inState || rejectedTokens.has(planned.token);
        const where = `${request.method} ${answer.status}, entry ${index}: ${JSON.stringify(planned.entry).slice(0, 300)}`;
        expect(found, `applied ${found}, delivered ${delivered} — ${where}`).toBe(delivered);
        if (delivered && planned.pristine) expect(inState, `a valid event was rejected — ${where}`).toBe(true);
        if (delivered) applied += 1;
      }
    }
    return applied;
  };
}
