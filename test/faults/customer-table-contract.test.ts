import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import { MemoryCustomerTable } from '../../adapters/local/memory-customer-table.ts';
import { customerTableContract } from '../support/customer-table-contract.ts';
import { useEmbeddedDynamoDb } from '../support/dynalite.ts';

// The in-memory table the fault suite (and replay's in-memory mode) runs on is held to the DynamoDB table's contract.
const db = useEmbeddedDynamoDb();
customerTableContract(
  'DynamoDB (embedded)',
  () => new DynamoCustomerTable({ client: db().client, tableName: db().tableName }),
);

const memory = new MemoryCustomerTable();
customerTableContract('in memory', () => memory);

// The replay's cold tier: every item but the one saved last is packed, and the contract still holds.
const packed = new MemoryCustomerTable({ hotItems: 1 });
customerTableContract('in memory, idle customers packed', () => packed);
