import { Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, type IApplyRule, NagRuleCompliance } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import type { StageConfig } from '../../infra/stage-config.ts';
import { FULL_CONFIG, synth } from './synth.ts';

interface Finding {
  ruleId: string;
  level: string;
  path: string;
}

/** The AwsSolutions pack, also recording every finding before acknowledgements are applied. */
class RecordingAwsSolutionsChecks extends AwsSolutionsChecks {
  public readonly raw: Finding[] = [];

  protected override applyRule(params: IApplyRule): void {
    const ruleId = `${this.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`;
    const record = (id: string) => this.raw.push({ ruleId: id, level: params.level, path: params.node.node.path });
    try {
      const result = params.rule(params.node);
      if (result === NagRuleCompliance.NON_COMPLIANT) record(ruleId);
      else if (Array.isArray(result)) for (const finding of result) record(`${ruleId}[${finding}]`);
    } catch {
      record(ruleId);
    }
    super.applyRule(params);
  }
}

interface Acknowledgement {
  path: string;
  id: string;
}

function acknowledgementsUnder(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
      .map((id) => ({ path: construct.node.path, id: id.replace(/^annotation::/i, '') })),
  );
}

const coveredBy = (finding: Finding, acknowledgement: Acknowledgement) =>
  finding.ruleId === acknowledgement.id &&
  (finding.path === acknowledgement.path || finding.path.startsWith(`${acknowledgement.path}/`));

const checked = new Map<StageConfig, ReturnType<typeof runChecks>>();
const check = (config: StageConfig) => {
  if (!checked.has(config)) checked.set(config, runChecks(config));
  return checked.get(config)!;
};

function runChecks(config: StageConfig) {
  const { app, stack } = synth(config);
  const pack = new RecordingAwsSolutionsChecks(app);
  const report = pack.validateScope(app);
  const acknowledgements = acknowledgementsUnder(stack);
  const unacknowledged = report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
  );
  const count = (level: string) => pack.raw.filter((finding) => finding.level === level).length;
  const byRule = new Map<string, number>();
  for (const finding of pack.raw) {
    const rule = finding.ruleId.replace(/\[.*$/, '');
    byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  }
  return { stack, pack, report, acknowledgements, unacknowledged, count, byRule };
}

const CONFIGS: Array<[string, StageConfig]> = [
  ['defaults', {}],
  ['every channel configured', FULL_CONFIG],
  ['an SMS origination identity given as a bare ID', { smsOriginationIdentity: 'pool-0123456789abcdef' }],
];

describe('cdk-nag AwsSolutions', () => {
  it.each(CONFIGS)('leaves no unacknowledged finding with %s', (label, config) => {
    const result = check(config);
    const acknowledged = result.pack.raw.length - result.unacknowledged.length;
    console.log(
      `cdk-nag AwsSolutions (${label}): ${result.pack.raw.length} findings before acknowledgement ` +
        `(${result.count('Error')} errors, ${result.count('Warning')} warnings, ${result.count('Info')} info); ` +
        `${acknowledged} acknowledged by ${result.acknowledgements.length} acknowledgements; ` +
        `${result.unacknowledged.length} left. By rule: ${[...result.byRule].map(([rule, n]) => `${rule} ${n}`).join(', ')}`,
    );
    expect(result.unacknowledged).toEqual([]);
    expect(result.report.success).toBe(true);
  });

  it.each(CONFIGS)('uses every acknowledgement, each with a reason, with %s', (_label, config) => {
    const { pack: recorder, acknowledgements, stack } = check(config);
    const unused = acknowledgements.filter((ack) => !recorder.raw.some((finding) => coveredBy(finding, ack)));
    expect(unused).toEqual([]);
    for (const construct of stack.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const reason of Object.values(entry.data as Record<string, string>)) {
          expect(reason.length).toBeGreaterThan(40);
        }
      }
    }
  });

  it('still reports a finding nobody acknowledged', () => {
    const { app, stack } = synth();
    new sqs.Queue(stack, 'Unreviewed', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const report = new AwsSolutionsChecks(app).validateScope(app);
    const rules = report.violations.map((violation) => violation.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});
