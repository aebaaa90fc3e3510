import { S3Client } from '@aws-sdk/client-s3';
import { S3ExportSink } from '../../adapters/aws/s3-export-sink.ts';
import { functionEnvironment } from '../environment.ts';
import type { Powertools } from './powertools.ts';
import { traced } from './wiring.ts';

/** Exports go to the export bucket, encrypted with the data key. */
export function exportSink(tools: Powertools): S3ExportSink {
  const env = functionEnvironment(['exportBucket', 'dataKeyArn']);
  return new S3ExportSink({
    client: traced(tools, new S3Client({})),
    bucket: env.exportBucket,
    kmsKeyArn: env.dataKeyArn,
  });
}
