import type { MiddlewareStack } from '@smithy/types';

/** One request a real SDK client sent to moto: the operation, its input and, once moto answered, the output. */
export interface SentRequest {
  operation: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
}

/**
 * Records what a real SDK client (pointed at moto) sends, for the parts of a request moto accepts but does not keep
 * (SES tags, headers and configuration set; how many entries each PutEvents carried; what KMS was asked). The
 * request still goes to moto and moto's answer comes back unchanged: this watches the wire, it fakes nothing.
 */
export function recordRequests<Input extends object, Output extends object>(client: {
  middlewareStack: MiddlewareStack<Input, Output>;
}): SentRequest[] {
  const sent: SentRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request: SentRequest = {
        operation: String(context.commandName).replace(/Command$/, ''),
        input: args.input as Record<string, unknown>,
      };
      sent.push(request);
      const result = await next(args);
      request.output = result.output as Record<string, unknown>;
      return result;
    },
    { step: 'initialize', name: 'recordRequests' },
  );
  return sent;
}

/** The inputs of the recorded requests of one operation, e.g. `inputsOf(sent, 'PutEvents')`. */
export function inputsOf<T = Record<string, unknown>>(sent: readonly SentRequest[], operation: string): T[] {
  return sent.filter((request) => request.operation === operation).map((request) => request.input as T);
}
