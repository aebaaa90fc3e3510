/**
 * CDK entry point. Stage settings come from the `journeys` context object (see `StageConfig` for every key and its
 * default), either on the command line:
 *   npx cdk synth -c journeys='{"stage":"prod","senderEmail":"news@shop.example","alarmEmail":"ops@shop.example"}'
 * or in cdk.json: `"context": { "journeys": { "stage": "prod", ... } }`.
 * The AwsSolutions cdk-nag pack runs on every synth and fails it on any unacknowledged finding.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { JourneyOrchestratorStack } from './journey-orchestrator-stack.ts';
import { parseStageConfig, resolveStageConfig } from './stage-config.ts';

const app = new App();
const config = parseStageConfig(app.node.tryGetContext('journeys'));
const { stage } = resolveStageConfig(config);

new JourneyOrchestratorStack(app, `JourneyOrchestrator-${stage}`, {
  ...config,
  description: `Serverless customer-journey orchestrator (${stage})`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
