import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { FileStore, type ByteRange } from './file-store.js';

/** `s3://bucket/prefix` */
export interface S3Location {
  bucket: string;
  prefix: string;
}

export function parseS3Location(url: string): S3Location {
  const { hostname, pathname } = new URL(url);
  const prefix = pathname.replace(/^\/+|\/+$/g, '');
  return { bucket: hostname, prefix: prefix === '' ? '' : `${prefix}/` };
}

/**
 * Files in a bucket of any S3-compatible service, through the AWS SDK (which signs, retries and streams). An object is
 * written whole by one PUT (uploads are at most 2 GiB; S3 takes 5 GiB in one), so readers never see part of it.
 */
export class S3FileStore extends FileStore {
  private readonly client: S3Client;

  constructor(
    private readonly location: S3Location,
    config: S3ClientConfig,
  ) {
    super();
    // Checksums only where S3 requires them: the SDK's default streams uploads as `aws-chunked` with a trailing
    // checksum, which many S3-compatible services (older MinIO, Ceph, s3rver) store as it came, framing and all.
    this.client = new S3Client({
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...config,
    });
  }

  async put(key: string, path: string, size: number, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.location.bucket,
        Key: this.keyOf(key),
        Body: createReadStream(path),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
  }

  async read(key: string, range?: ByteRange): Promise<Readable | null> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({
          Bucket: this.location.bucket,
          Key: this.keyOf(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return answer.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || error instanceof NotFound) return null;
      throw error;
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const answer = await this.client.send(
      new DeleteObjectsCommand({
        Bucket: this.location.bucket,
        Delete: { Objects: keys.map((key) => ({ Key: this.keyOf(key) })), Quiet: true },
      }),
    );
    if (answer.Errors?.length)
      throw new Error(`S3 kept ${answer.Errors.length} object(s): ${answer.Errors[0].Message}`);
  }

  destroy(): void {
    this.client.destroy();
  }

  private keyOf(key: string): string {
    return `${this.location.prefix}${key}`;
  }
}
