import type { Channel } from '../events/schemas.ts';

/** `P123456789012` → `P********012`: the PCCC as customs and shipping messages may show it (DESIGN.md §5). */
export function maskPccc(pccc: string): string {
  if (pccc.length < 5) return '********';
  return `${pccc.slice(0, 1)}********${pccc.slice(-3)}`;
}

/** `alice@example.com` → `a***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** `+821012345678` → `+8210****5678`: country and carrier prefix and the last four digits stay. */
export function maskPhone(phone: string): string {
  if (phone.length < 10) return `***${phone.slice(-2)}`;
  return `${phone.slice(0, 5)}${'*'.repeat(phone.length - 9)}${phone.slice(-4)}`;
}

/** Messenger ids and push tokens: the first and last two characters. */
export function maskOpaqueId(value: string): string {
  if (value.length <= 8) return '***';
  return `${value.slice(0, 2)}***${value.slice(-2)}`;
}

/** Masks a channel address so it can be shown in a local outbox or a log line without disclosing it. */
export function maskAddress(channel: Channel, address: string): string {
  if (channel === 'email') return maskEmail(address);
  if (channel === 'sms') return maskPhone(address);
  return maskOpaqueId(address);
}
