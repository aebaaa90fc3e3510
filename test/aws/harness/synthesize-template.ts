import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { JourneyOrchestratorStack } from '../../../infra/journey-orchestrator-stack.ts';
import type { StageConfig } from '../../../infra/stage-config.ts';
import { type CfnTemplate, STACK_NAME } from './template.ts';

/**
 * The stage as an operator would deploy it for this story: an SES sender, the KR advertising sender lines, and the
 * webhook channel (so `deliver` reads its SSM SecureString at cold start). Everything else is the stack's default.
 */
export const MOTO_STAGE: StageConfig = {
  stage: 'moto',
  senderEmail: 'news@shop.example',
  senderName: 'Shop Example',
  senderContact: '02-000-0000',
  senderOptOut: '080-000-0000',
  shopUrl: 'https://shop.example',
  webhookUrl: 'https://bridge.shop.example/journeys',
  webhookSecretParameterName: '/journeys/moto/webhook-secret',
};

/** The CloudFormation template of the real stack, synthesized without bundling (as test/infra does). */
export function synthesizeTemplate(config: StageConfig = MOTO_STAGE): CfnTemplate {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new JourneyOrchestratorStack(app, STACK_NAME, config);
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}
