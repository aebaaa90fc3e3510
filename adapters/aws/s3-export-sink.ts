import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ExportSink } from '../../core/ports/messaging.ts';

/** Data-subject exports as objects in the KMS-encrypted export bucket. */
export class S3ExportSink implements ExportSink {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #kmsKeyArn: string | undefined;

  constructor(options: { client: S3Client; bucket: string; kmsKeyArn?: string }) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#kmsKeyArn = options.kmsKeyArn;
  }

  async write(key: string, body: string): Promise<string> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json; charset=utf-8',
        ServerSideEncryption: 'aws:kms',
        ...(this.#kmsKeyArn ? { SSEKMSKeyId: this.#kmsKeyArn } : {}),
      }),
    );
    return key;
  }
}
