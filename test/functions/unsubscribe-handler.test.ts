import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { requestOf } from '../../functions/unsubscribe.ts';

const event = (changes: Partial<APIGatewayProxyEventV2>) =>
  ({
    rawQueryString: 't=AQE&l=ko',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ko-KR,ko;q=0.9' },
    requestContext: { http: { method: 'POST' } },
    isBase64Encoded: false,
    ...changes,
  }) as APIGatewayProxyEventV2;

describe('unsubscribe function URL handler', () => {
  it('reads a function URL request as the use case expects: method, raw query, headers', () => {
    expect(requestOf(event({ body: 'List-Unsubscribe=One-Click' }))).toEqual({
      method: 'POST',
      query: 't=AQE&l=ko',
      body: 'List-Unsubscribe=One-Click',
      contentType: 'application/x-www-form-urlencoded',
      acceptLanguage: 'ko-KR,ko;q=0.9',
    });
  });

  it('decodes a base64 body, as function URLs deliver form posts', () => {
    const body = Buffer.from('List-Unsubscribe=One-Click').toString('base64');
    expect(requestOf(event({ body, isBase64Encoded: true })).body).toBe('List-Unsubscribe=One-Click');
  });

  it('takes a GET without body or headers', () => {
    const request = requestOf(event({ headers: {}, requestContext: { http: { method: 'GET' } } as never }));
    expect(request).toEqual({ method: 'GET', query: 't=AQE&l=ko', body: '' });
  });
});
