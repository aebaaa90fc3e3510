import { motoApi } from './moto-server.ts';

/** An email SES accepted, as moto recorded it. */
export interface SentEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  body: string;
}

/**
 * Emails sent through SES (v1 or v2) so far, read back from moto's model dump `GET /moto-api/data.json`: moto keeps
 * every sent message in its SES backend (`ses.Message`), and SES v2 `SendEmail` with Simple content is stored there
 * too (HTML body when there is one, else the text body).
 */
export async function sentEmails(endpoint: string): Promise<SentEmail[]> {
  const data = await motoApi.modelData(endpoint);
  return (data.ses?.Message ?? []).map((message) => ({
    id: String(message.id),
    from: String(message.source),
    to: ((message.destinations as { ToAddresses?: string[] } | undefined)?.ToAddresses ?? []).slice(),
    subject: String(message.subject),
    body: String(message.body),
  }));
}
