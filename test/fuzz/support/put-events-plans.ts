import fc from 'fast-check';
import { MAX_REQUEST_BYTES } from '../../../adapters/local/put-events-validation.ts';
import { PUT_EVENTS } from './put-events-http.ts';
import { type PlannedEntry, type PlannedRequest, plannedEntry, requestSize, serialise } from './put-events-requests.ts';

/** Whole requests: well-formed ones of 0 to 12 entries, wrong shapes, broken JSON, wrong targets and methods. */

const MAX_BODY_BYTES = 1024 * 1024;

/** What EventBridge answers for this method, target, body text and planned entries. */
export function expectedAnswer(
  method: string,
  target: string | undefined,
  body: string,
  entries: unknown,
): PlannedRequest['expected'] {
  if (method !== 'POST' || target !== PUT_EVENTS) return { status: 400, type: 'UnknownOperationException' };
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) return { status: 413, type: 'ValidationException' };
  try {
    JSON.parse(body);
  } catch {
    return { status: 400, type: 'SerializationException' };
  }
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) {
    return { status: 400, type: 'ValidationException' };
  }
  if (requestSize(entries) >= MAX_REQUEST_BYTES) return { status: 400, type: 'ValidationException' };
  return { status: 200 };
}

/** A request with its expected answer; `operation` defaults to a POST of AWSEvents.PutEvents. */
function plan(
  body: string,
  entries: PlannedEntry[],
  values: unknown,
  operation: { method: string; target: string | undefined } = { method: 'POST', target: PUT_EVENTS },
): PlannedRequest {
  const { method, target } = operation;
  return { method, target, body, entries, expected: expectedAnswer(method, target, body, values) };
}

const entryLists = fc.oneof(
  { weight: 12, arbitrary: fc.array(plannedEntry, { minLength: 1, maxLength: 10 }) },
  { weight: 1, arbitrary: fc.array(plannedEntry, { minLength: 11, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constant<PlannedEntry[]>([]) },
);

const wellFormed = entryLists.map((entries) => {
  const values = entries.map((each) => each.entry);
  return plan(serialise({ Entries: values }), entries, values);
});

/** Bodies whose Entries are not a list of entries: nothing in them may be applied. */
const wrongShape = fc
  .constantFrom<unknown>(
    { Entries: null },
    { Entries: 'entries' },
    { Entries: 5 },
    { Entries: {} },
    { Entries: { 0: { Source: 's' } } },
    {},
    null,
    [],
    'Entries',
    7,
    { entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }] },
  )
  .map((value) => plan(serialise(value), [], (value as { Entries?: unknown } | null)?.Entries));

/** A well-formed request cut short, with garbage after it, or otherwise not JSON. */
const brokenJson = fc
  .tuple(wellFormed, fc.constantFrom('cut', 'trailing', 'bom', 'nan', 'empty', 'single quotes'))
  .map(([request, how]) => {
    const body = {
      cut: request.body.slice(0, Math.max(1, Math.floor(request.body.length / 2))),
      trailing: `${request.body}}`,
      bom: `\ufeff${request.body}`,
      nan: '{"Entries":[{"Source":"s","DetailType":"d","Detail":"{}","Time":NaN}]}',
      empty: '',
      'single quotes': request.body.replaceAll('"', "'"),
    }[how];
    return plan(body, request.entries, undefined);
  });

const wrongOperation = fc
  .tuple(
    wellFormed,
    fc.constantFrom<[string, string | undefined]>(
      ['GET', PUT_EVENTS],
      ['PUT', PUT_EVENTS],
      ['POST', 'AWSEvents.PutRule'],
      ['POST', undefined],
      ['POST', 'awsevents.putevents'],
      ['POST', `${PUT_EVENTS}2`],
    ),
  )
  .map(([request, [method, target]]) =>
    plan(method === 'GET' ? '' : request.body, request.entries, undefined, { method, target }),
  );

/** Any request this fuzz sends to the endpoint, with what it must answer. */
export const plannedRequest: fc.Arbitrary<PlannedRequest> = fc.oneof(
  { weight: 14, arbitrary: wellFormed },
  { weight: 1, arbitrary: wrongShape },
  { weight: 1, arbitrary: brokenJson },
  { weight: 1, arbitrary: wrongOperation },
);
