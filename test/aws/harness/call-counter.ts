import { createRequire } from 'node:module';

/** One AWS SDK v3 call: the client's service id (e.g. `DynamoDB`), the operation and whether it succeeded. */
export interface SdkCall {
  service: string;
  operation: string;
  ok: boolean;
}

type SmithyClient = { config?: { serviceId?: string }; constructor: { name: string } };
type Send = (this: SmithyClient, command: { constructor: { name: string } }, ...rest: unknown[]) => Promise<unknown>;

const recorded: SdkCall[] = [];

/**
 * Counts every SDK v3 call made in this process by patching `Client.prototype.send` of `@smithy/core/client`, the one
 * base class of all v3 clients (this SDK generation ships it there; older ones in `@smithy/smithy-client`). Clients
 * created inside product code, the Encryption SDK's KMS client and the Powertools providers are all counted, with no
 * change to them. Retries inside one `send` count once.
 */
export function installCallCounter(): void {
  const require = createRequire(import.meta.url);
  const { Client } = require('@smithy/core/client') as { Client: { prototype: { send: Send } } };
  const original = Client.prototype.send;
  if ((original as { counting?: boolean }).counting) return;
  const counting: Send = function (command, ...rest) {
    const call: SdkCall = {
      service: this.config?.serviceId ?? this.constructor.name,
      operation: command.constructor.name.replace(/Command$/, ''),
      ok: true,
    };
    recorded.push(call);
    const result = original.call(this, command, ...rest);
    result?.catch?.(() => {
      call.ok = false;
    });
    return result;
  };
  Object.assign(counting, { counting: true });
  Client.prototype.send = counting;
}

/** The calls recorded since the last take. */
export function takeCalls(): SdkCall[] {
  return recorded.splice(0, recorded.length);
}
