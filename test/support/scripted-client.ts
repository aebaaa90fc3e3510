/**
 * A stand-in for an AWS SDK v3 client, for the few unit tests that need an answer moto cannot give on demand (a
 * throttled PutEvents entry, a failed entry of an SQS batch, an SES 429, a KMS outage) or that prove no call is made:
 * `send` records each command's input and returns `answer(input, call)` (1-based), or throws what it throws.
 * Everything moto serves is tested against moto with real clients in `npm run test:aws` (test/aws/).
 */
export function scriptedClient<Client, Input = Record<string, unknown>>(
  answer: (input: Input, call: number) => unknown = () => {
    throw new Error('this test expects no call to the service');
  },
): { client: Client; inputs: Input[] } {
  const inputs: Input[] = [];
  const client = {
    send: async (command: { input: Input }) => {
      inputs.push(command.input);
      return answer(command.input, inputs.length);
    },
  };
  return { client: client as unknown as Client, inputs };
}
