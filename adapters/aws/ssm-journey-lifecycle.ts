import { GetParameterCommand, ParameterNotFound, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import {
  formatLifecycleDocument,
  type LifecycleDocument,
  parseLifecycleDocument,
} from '../../core/journey-runtime/lifecycle.ts';
import type { JourneyLifecycleStore } from '../../core/ports/journey-lifecycle.ts';

/** The parameter's text, or an empty text when it does not exist (every journey active). */
export async function readLifecycleParameter(client: SSMClient, name: string): Promise<string> {
  try {
    const { Parameter } = await client.send(new GetParameterCommand({ Name: name }));
    return Parameter?.Value ?? '';
  } catch (error) {
    if (error instanceof ParameterNotFound) return '';
    throw error;
  }
}

/** The lifecycle document as an SSM String parameter (the stack creates it; operators change it with the CLI). */
export class SsmJourneyLifecycleStore implements JourneyLifecycleStore {
  readonly location: string;
  readonly #client: SSMClient;

  constructor(options: { client: SSMClient; parameterName: string }) {
    this.#client = options.client;
    this.location = options.parameterName;
  }

  async read(): Promise<LifecycleDocument> {
    return parseLifecycleDocument(await readLifecycleParameter(this.#client, this.location), this.location);
  }

  async write(document: LifecycleDocument): Promise<void> {
    await this.#client.send(
      new PutParameterCommand({
        Name: this.location,
        Value: formatLifecycleDocument(document),
        Type: 'String',
        Overwrite: true,
      }),
    );
  }
}
