import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { CONTACT_KEYS_NOT_INITIALISED } from '../../core/contracts/contact-keys.ts';
import { acknowledge } from './nag.ts';

export interface EncryptionProps {
  /**
   * Prefix of the key aliases.
   * @default 'journeys'
   */
  readonly aliasPrefix?: string;
}

/**
 * Two customer-managed keys with different audiences. The data key encrypts the contact key pair's private key and
 * the privacy exports: only `deliver` and `privacy` may decrypt with it. The storage key encrypts tables,
 * queues, the alarm topic and the pseudonym secret at rest, so every function that reads them can decrypt with it;
 * sharing one key would let every such function decrypt contact data too.
 */
export class Encryption extends Construct {
  public readonly dataKey: kms.Key;
  public readonly storageKey: kms.Key;
  /** HMAC key of the pseudonyms (Secrets Manager: CloudFormation cannot create an SSM SecureString). */
  public readonly pseudonymSecret: secretsmanager.Secret;
  /** Key material of the one-click unsubscribe tokens: deliver issues them, the unsubscribe function verifies them. */
  public readonly unsubscribeSecret: secretsmanager.Secret;
  /**
   * The RSA key pair that wraps every customer's data key (decision 0006), `{ publicKey, privateKey }` in PEM; filled
   * once by `npm run keys:init` after the first deploy. Only `deliver` and `privacy` read it.
   */
  public readonly contactKeyPair: secretsmanager.Secret;
  /** The public half, for `ingest`, which may seal contacts but never open one. */
  public readonly contactPublicKey: ssm.StringParameter;

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
    this.unsubscribeSecret = new secretsmanager.Secret(this, 'UnsubscribeKey', {
      description: 'Key material of the one-click unsubscribe tokens (HKDF-SHA256 -> AES-256-GCM)',
      encryptionKey: this.storageKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    this.contactKeyPair = new secretsmanager.Secret(this, 'ContactKeyPair', {
      description: 'RSA key pair wrapping the customers data keys; filled by npm run keys:init',
      encryptionKey: this.dataKey,
    });
    this.contactPublicKey = new ssm.StringParameter(this, 'ContactPublicKey', {
      description: 'Public key of the contact key pair (PEM); filled by npm run keys:init',
      stringValue: CONTACT_KEYS_NOT_INITIALISED,
    });
    acknowledge(
      this.contactKeyPair,
      'Rotating this key pair would make every sealed contact unreadable unless each customer key were re-wrapped; ' +
        'it is generated once by npm run keys:init, encrypted with the data key and readable by deliver and privacy only.',
      'AwsSolutions-SMG4',
    );
    acknowledge(
      this.unsubscribeSecret,
      'Rotating it would invalidate every unsubscribe link already sent, which CAN-SPAM requires to work for 30 days; ' +
        'a rotation is a deliberate key-id change (UnsubscribeTokens keeps retired keys). Readable by deliver and ' +
        'unsubscribe only.',
      'AwsSolutions-SMG4',
    );
    acknowledge(
      this.pseudonymSecret,
      'Every stored key and GSI value is derived from this HMAC key: rotating it would change every pseudonym and ' +
        'orphan all customer state. It is protected by KMS and readable only by ingest and privacy.',
      'AwsSolutions-SMG4',
    );
  }
}
