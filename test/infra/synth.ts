import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { JourneyOrchestratorStack } from '../../infra/journey-orchestrator-stack.ts';
import type { StageConfig } from '../../infra/stage-config.ts';

/** Every optional channel and setting configured, so every environment variable and grant is present. */
export const FULL_CONFIG: StageConfig = {
  senderEmail: 'news@shop.example',
  sesConfigurationSet: 'journeys-events',
  smsOriginationIdentity: 'arn:aws:sms-voice:eu-west-1:111122223333:pool/pool-0123456789abcdef',
  webhookUrl: 'https://hooks.shop.example/journeys',
  webhookSecretParameterName: '/journeys/webhook-secret',
  solapiApiKey: 'NCSEXAMPLEKEY0001',
  solapiSecretParameterName: '/journeys/solapi-secret',
  solapiSenderNumber: '1588-0000',
  kakaoPfId: 'KA01PF2026112300000000000000001',
  senderName: 'Shop Example',
  senderContact: '+82 2 1234 5678',
  senderOptOut: '080-123-4567',
  senderPostalAddress: '100 Example Street, Springfield, IL 62701, USA',
  shopUrl: 'https://shop.example',
  outboundEventTypes: 'message.sent,message.failed,journey.converted',
  alarmEmail: 'ops@shop.example',
};

export interface Synthesized {
  app: App;
  stack: JourneyOrchestratorStack;
  template: Template;
  /** Logical ID of a construct's CloudFormation resource, to match `Ref`/`Fn::GetAtt` in the template. */
  id: (construct: IConstruct) => string;
}

/** Synthesizes the stack without bundling the functions (template tests need no code assets). */
export function synth(config: StageConfig = {}): Synthesized {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new JourneyOrchestratorStack(app, 'Test', config);
  const template = Template.fromStack(stack);
  const id = (construct: IConstruct) =>
    Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
  return { app, stack, template, id };
}

export const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
export const refTo = (logicalId: string) => ({ Ref: logicalId });

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** The statements of the policies attached to a role, by the role's logical ID. */
export function statementsOfRole(template: Template, roleId: string): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Array<{
    Properties: { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } };
  }>;
  return policies
    .filter((policy) => policy.Properties.Roles.some((role) => JSON.stringify(role) === JSON.stringify(refTo(roleId))))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

export const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** Whether any statement allows `action` on a resource mentioning `resourceId` (all resources when omitted). */
export function allows(statements: Statement[], action: string, resourceId?: string): boolean {
  return statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      actionsOf(statement).some((granted) => matches(granted, action)) &&
      (resourceId === undefined || JSON.stringify(statement.Resource).includes(`"${resourceId}"`)),
  );
}

function matches(granted: string, action: string): boolean {
  if (granted === '*') return true;
  if (!granted.includes('*')) return granted === action;
  return new RegExp(`^${granted.replaceAll('*', '.*')}$`).test(action);
}
