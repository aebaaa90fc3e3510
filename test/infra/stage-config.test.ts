import { describe, expect, it } from 'vitest';
import { parseStageConfig, resolveStageConfig, STAGE_DEFAULTS } from '../../infra/stage-config.ts';
import { synth } from './synth.ts';

describe('stage configuration', () => {
  it('falls back to the documented defaults', () => {
    expect(resolveStageConfig()).toEqual({
      stage: 'dev',
      busName: 'journeys',
      archiveRetentionDays: 7,
      logRetentionDays: 90,
      decisionRetentionDays: 400,
      exportExpiryDays: 30,
      deletionProtection: true,
      keyAliasPrefix: 'journeys',
    });
  });

  it('lets a given value win over its default, but not an undefined one', () => {
    const resolved = resolveStageConfig({ stage: 'prod', busName: undefined, deletionProtection: false });
    expect(resolved).toMatchObject({ stage: 'prod', busName: STAGE_DEFAULTS.busName, deletionProtection: false });
  });

  it('reads the context as an object or as JSON text from -c', () => {
    expect(parseStageConfig({ stage: 'prod', decisionRetentionDays: 30 })).toEqual({
      stage: 'prod',
      decisionRetentionDays: 30,
    });
    expect(parseStageConfig('{"stage":"prod","deletionProtection":false}')).toEqual({
      stage: 'prod',
      deletionProtection: false,
    });
    expect(parseStageConfig(undefined)).toEqual({});
  });

  it('rejects unknown keys, wrong types and non-positive numbers by name', () => {
    expect(() => parseStageConfig({ stgae: 'prod' })).toThrow('unknown key "stgae"');
    expect(() => parseStageConfig({ deletionProtection: 'no' })).toThrow('"deletionProtection" must be a boolean');
    expect(() => parseStageConfig({ exportExpiryDays: 0 })).toThrow('"exportExpiryDays" must be a positive whole');
    expect(() => parseStageConfig(['prod'])).toThrow('must be an object');
  });

  it('refuses a log retention CloudWatch Logs does not offer', () => {
    expect(() => synth({ logRetentionDays: 45 })).toThrow('logRetentionDays 45 is not a CloudWatch Logs retention');
  });
});
