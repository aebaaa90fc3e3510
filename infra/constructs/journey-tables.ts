import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { CUSTOMER_KEYS_TABLE, IDEMPOTENCY_TABLE, TABLE } from '../../core/contracts/table.ts';
import { acknowledge } from './nag.ts';

export interface JourneyTablesProps {
  /** Key that encrypts both tables at rest. */
  readonly key: kms.IKey;
  /**
   * Whether the tables refuse deletion.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/** The single journey table (customer state, decision log, consent proof, tombstones) and the idempotency table. */
export class JourneyTables extends Construct {
  public readonly table: dynamodb.Table;
  /** The send ledger of `deliver`: one record per messageId. */
  public readonly idempotencyTable: dynamodb.Table;
  /**
   * The customers' wrapped data keys (decision 0006). No point-in-time recovery, on purpose: a destroyed key must
   * leave no backup from which an erased customer's contact could be read again.
   */
  public readonly customerKeysTable: dynamodb.Table;

  constructor(scope: Construct, id: string, props: JourneyTablesProps) {
    super(scope, id);
    const common = {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection ?? true,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
    };

    this.table = new dynamodb.Table(this, 'Table', {
      ...common,
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: TABLE.timeToLive,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE.wakeIndex.name,
      partitionKey: { name: TABLE.wakeIndex.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.wakeIndex.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });

    this.idempotencyTable = new dynamodb.Table(this, 'IdempotencyTable', {
      ...common,
      partitionKey: { name: IDEMPOTENCY_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: IDEMPOTENCY_TABLE.timeToLive,
    });

    this.customerKeysTable = new dynamodb.Table(this, 'CustomerKeysTable', {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
      deletionProtection: props.deletionProtection ?? true,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      partitionKey: { name: CUSTOMER_KEYS_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: CUSTOMER_KEYS_TABLE.sortKey, type: dynamodb.AttributeType.STRING },
    });
    acknowledge(
      this.customerKeysTable,
      'Point-in-time recovery would keep destroyed customer keys for 35 days and so undo crypto-shredding; losing ' +
        'this table makes stored contacts unreadable (customers send their profile again), never other data.',
      'AwsSolutions-DDB3',
    );
  }
}
