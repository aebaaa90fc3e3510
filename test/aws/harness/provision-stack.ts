import { harnessClients } from './aws-clients.ts';
import { ACCOUNT, DeployedStack, REGION } from './deployed-stack.ts';
import type { ProvisionContext } from './provision-context.ts';
import { iamCreators } from './provision-iam.ts';
import { keyCreators } from './provision-keys.ts';
import { messagingCreators } from './provision-messaging.ts';
import { storageCreators } from './provision-storage.ts';
import { type CfnTemplate, creationOrder } from './template.ts';

const CREATORS = { ...keyCreators, ...messagingCreators, ...storageCreators, ...iamCreators };

/**
 * Resources the harness plays itself instead of creating them in moto (moto's Lambda needs Docker): their physical
 * ids exist so that references to them resolve (e.g. the schedule role's policy names the sweeper's ARN).
 */
const EMULATED: Record<string, (name: string) => Record<string, string>> = {
  'AWS::Lambda::Function': (name) => ({ Arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}` }),
  'AWS::Lambda::EventSourceMapping': () => ({}),
  // The unsubscribe function's URL: the harness invokes the handler itself, as it does every function.
  'AWS::Lambda::Url': (name) => ({
    FunctionUrl: `https://${name.toLowerCase().replace(/[^a-z0-9]/g, '')}.lambda-url.${REGION}.on.aws/`,
    FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
  }),
  'AWS::Lambda::Permission': () => ({}),
  'AWS::Scheduler::Schedule': (name) => ({ Arn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/${name}` }),
};

/** Resources nothing in the story reads, with the reason they are left out. */
export const NOT_CREATED: Record<string, string> = {
  'AWS::Logs::LogGroup': 'handlers log to stdout, captured per function host; the project has no Logs SDK client',
  'AWS::SNS::Topic': 'alarm notifications only; no alarm can fire without CloudWatch metrics',
  'AWS::SNS::TopicPolicy': 'belongs to the alarm topic',
  'AWS::CloudWatch::Alarm':
    'metrics are disabled outside Lambda (POWERTOOLS_METRICS_DISABLED); template tests cover alarms',
  'AWS::CloudWatch::Dashboard': 'a console view; template tests cover it',
};

export interface ProvisionReport {
  created: string[];
  emulated: string[];
  notCreated: string[];
  workarounds: string[];
}

/**
 * "Deploys" the template to moto without moto's CloudFormation: every resource in dependency order, created through
 * its service API from its own properties with Ref / Fn::GetAtt / Fn::Join / Fn::Sub resolved to what was created
 * before it. A resource type the harness does not know fails the run, so a new resource in the stack is noticed.
 */
export async function provisionStack(
  endpoint: string,
  template: CfnTemplate,
): Promise<{ stack: DeployedStack; report: ProvisionReport }> {
  const stack = new DeployedStack(template);
  const context: ProvisionContext = {
    endpoint,
    stack,
    clients: harnessClients(endpoint),
    afterAll: [],
    workarounds: [],
  };
  const report: ProvisionReport = { created: [], emulated: [], notCreated: [], workarounds: context.workarounds };
  try {
    for (const id of creationOrder(template)) {
      const resource = template.Resources[id]!;
      const creator = CREATORS[resource.Type];
      const emulated = EMULATED[resource.Type];
      if (creator) {
        const properties = stack.resolve<Record<string, unknown>>(resource.Properties ?? {});
        const physical = await creator(id, properties, context).catch((error: Error) => {
          throw new Error(`creating ${id} (${resource.Type}) in moto failed: ${error.name}: ${error.message}`, {
            cause: error,
          });
        });
        stack.register(id, physical.ref, physical.attributes);
        report.created.push(id);
      } else if (emulated) {
        const name = `${stack.pseudo['AWS::StackName']}-${id}`.slice(0, 64);
        stack.register(id, name, emulated(name));
        report.emulated.push(id);
      } else if (resource.Type in NOT_CREATED) {
        report.notCreated.push(id);
      } else {
        throw new Error(`the harness does not know how to create ${resource.Type} (${id}); add a creator`);
      }
    }
    for (const step of context.afterAll) await step();
  } finally {
    for (const client of Object.values(context.clients)) client.destroy();
  }
  return { stack, report };
}
