import type { SdkCall } from './call-counter.ts';

/** An invocation sent to a function host: the event, the virtual time and the function's timeout. */
export interface HostRequest {
  id: number;
  event: unknown;
  now: number;
  timeoutMs: number;
}

export interface HostError {
  name: string;
  message: string;
  stack: string;
  /** Messages of nested errors: the record errors of a failed batch, causes. */
  details: string[];
}

export type HostReply =
  | { type: 'ready'; calls: SdkCall[] }
  | { type: 'init-error'; error: HostError }
  | { type: 'result'; id: number; ok: true; result: unknown; calls: SdkCall[] }
  | { type: 'result'; id: number; ok: false; error: HostError; calls: SdkCall[] };
