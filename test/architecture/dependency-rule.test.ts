import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkProject, checkSource } from './import-rules.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('dependency rule (DESIGN.md §2)', () => {
  it('holds for the whole project', () => {
    expect(checkProject(root)).toEqual([]);
  });

  it('catches core importing the AWS SDK, an adapter, process.env or the wall clock', () => {
    const source = [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { store } from '../../adapters/dynamodb/store.ts';",
      'const table = process.env.TABLE;',
      'const now = Date.now();',
      'const later = new Date();',
    ].join('\n');
    expect(checkSource(root, 'core/use-cases/bad.ts', source).map((violation) => violation.problem)).toEqual([
      'imports package @aws-sdk/client-dynamodb',
      'imports adapters/dynamodb/store.ts (adapters/)',
      'reads process.env',
      'reads the wall clock (Date.now)',
      'reads the wall clock (new Date())',
    ]);
  });

  it('catches journeys importing anything but core and XState', () => {
    const source =
      "import { z } from 'zod';\nimport { send } from '../adapters/x.ts';\nimport { setup } from 'xstate';";
    expect(checkSource(root, 'journeys/bad.ts', source)).toHaveLength(2);
  });

  it('catches infra importing a function instead of referencing it by path', () => {
    expect(checkSource(root, 'infra/bad.ts', "import { handler } from '../functions/ingest.ts';")).toHaveLength(1);
  });

  it('catches adapters importing functions or journeys', () => {
    const source = "import { registry } from '../../journeys/index.ts';";
    expect(checkSource(root, 'adapters/dynamodb/bad.ts', source)).toHaveLength(1);
  });

  it('catches an adapter importing another adapter family, but not the shared helpers beside the families', () => {
    const source = [
      "import { SqsQueue } from '../aws/sqs-queue.ts';",
      "import { sendInChunks } from '../retry.ts';",
      "import { ensureTable } from './create-table.ts';",
    ].join('\n');
    expect(checkSource(root, 'adapters/dynamodb/bad.ts', source).map((violation) => violation.problem)).toEqual([
      'imports adapters/aws/sqs-queue.ts (another adapter family: aws)',
    ]);
  });

  it('catches the local runtime, replay or benchmarks importing a Lambda entry point', () => {
    const source = "import { handler } from '../../functions/ingest.ts';";
    expect(checkSource(root, 'cli/local/bad.ts', source)).toHaveLength(1);
    expect(checkSource(root, 'bench/bad.ts', "import { ports } from '../functions/deliver.ts';")).toHaveLength(1);
  });
});
