import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Environment } from '../config/environment.js';
import { AttachmentEntity } from './attachment.entity.js';
import { AttachmentsRepository } from './attachments.repository.js';
import { DiskFileStore } from './disk-file-store.js';
import { FileStore } from './file-store.js';
import { parseS3Location, S3FileStore } from './s3-file-store.js';

/** FILES_STORAGE as a store: `disk:<folder>` or `s3://<bucket>[/<prefix>]` with the S3_* settings. */
export function fileStoreFrom(config: ConfigService<Environment, true>): FileStore {
  const storage = config.get('FILES_STORAGE', { infer: true });
  if (storage.startsWith('disk:')) return new DiskFileStore(storage.slice('disk:'.length));
  const accessKeyId = config.get('S3_ACCESS_KEY_ID', { infer: true });
  const secretAccessKey = config.get('S3_SECRET_ACCESS_KEY', { infer: true });
  return new S3FileStore(parseS3Location(storage), {
    endpoint: config.get('S3_ENDPOINT', { infer: true }),
    region: config.get('S3_REGION', { infer: true }),
    forcePathStyle: config.get('S3_FORCE_PATH_STYLE', { infer: true }),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  });
}

/** Files' rows and bytes: what the message writers claim and erase, and what uploads and downloads use. */
@Module({
  imports: [TypeOrmModule.forFeature([AttachmentEntity])],
  providers: [AttachmentsRepository, { provide: FileStore, inject: [ConfigService], useFactory: fileStoreFrom }],
  exports: [AttachmentsRepository, FileStore],
})
export class AttachmentsModule implements OnApplicationShutdown {
  constructor(private readonly store: FileStore) {}

  onApplicationShutdown(): void {
    if (this.store instanceof S3FileStore) this.store.destroy();
  }
}
