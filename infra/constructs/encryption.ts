import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

export interface EncryptionProps {
  /**
   * Prefix of the key aliases.
   * @default 'journeys'
   */
  readonly aliasPrefix?: string;
}

/**
 * Two customer-managed keys with different audiences. The data key wraps the contact envelope (AWS Encryption SDK)
 * and the privacy exports: only `deliver` and `privacy` may decrypt with it. The storage key encrypts tables,
 * queues, the alarm topic and the pseudonym secret at rest, so every function that reads them can decrypt with it;
 * sharing one key would let every such function decrypt contact data too.
 */
export class Encryption extends Construct {
  public readonly dataKey: kms.Key;
  public readonly storageKey: kms.Key;
  /** HMAC key of the pseudonyms (Secrets Manager: CloudFormation cannot create an SSM SecureString). */
  public readonly pseudonymSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: EncryptionProps = {}) {
    super(scope, id);
    const prefix = props.aliasPrefix ?? 'journeys';

    this.dataKey = new kms.Key(this, 'DataKey', {
      alias: `alias/${prefix}-data`,
      description: 'Journey orchestrator: envelope encryption of customer contact data and privacy exports',
      enableKeyRotation: true,
    });
    this.storageKey = new kms.Key(this, 'StorageKey', {
      alias: `alias/${prefix}-storage`,
      description: 'Journey orchestrator: encryption at rest of tables, queues, topic and the pseudonym secret',
      enableKeyRotation: true,
    });
    // CloudWatch alarms publish to the encrypted alarm topic.
    this.storageKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.pseudonymSecret = new secretsmanager.Secret(this, 'PseudonymKey', {
      description: 'HMAC-SHA256 key that turns customer ids into pseudonyms',
      encryptionKey: this.storageKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acknowledge(
      this.pseudonymSecret,
      'Every stored key and GSI value is derived from this HMAC key: rotating it would change every pseudonym and ' +
        'orphan all customer state. It is protected by KMS and readable only by ingest and privacy.',
      'AwsSolutions-SMG4',
    );
  }
}
