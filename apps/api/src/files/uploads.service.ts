import { Injectable, Logger } from '@nestjs/common';
import { cleanFileName, ErrorCode, type Attachment } from '@parley/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Principal } from '../auth/principal.js';
import { ApiErrorException } from '../common/api-error.exception.js';
import { toAttachment } from '../messages/message-mapper.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { AttachmentEntity } from './attachment.entity.js';
import { AttachmentsRepository } from './attachments.repository.js';
import { inspectUpload, THUMBNAIL_CONTENT_TYPE, UndecodableImageError } from './file-inspection.js';
import { fileKey, FileStore } from './file-store.js';
import { storedAttachment } from './stored-attachment.js';

/** A received upload: where multer put it, the client's name for it, and its size. */
export interface ReceivedFile {
  path: string;
  originalName: string;
  size: number;
}

/**
 * An upload's way in: its bytes inspected (type, hash, image size and thumbnail), put in the store, then its row
 * written. A failure after the bytes went in takes them out again.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);

  constructor(
    private readonly store: FileStore,
    private readonly attachments: AttachmentsRepository,
  ) {}

  async upload(uploader: Principal, room: RoomRef, file: ReceivedFile | undefined): Promise<Attachment> {
    if (!file)
      throw new ApiErrorException(400, ErrorCode.InvalidFile, 'Send the file as a multipart part named "file"');
    if (file.size === 0) throw new ApiErrorException(400, ErrorCode.InvalidFile, 'The file is empty');
    const inspection = await inspectUpload(file.path).catch((error: unknown) => {
      if (error instanceof UndecodableImageError)
        throw new ApiErrorException(400, ErrorCode.InvalidFile, error.message);
      throw error;
    });
    const row = Object.assign(new AttachmentEntity(), {
      id: uuidv7(),
      roomId: room.id,
      uploaderId: uploader.userId,
      messageId: null,
      name: cleanFileName(file.originalName),
      size: file.size,
      contentType: inspection.contentType,
      width: inspection.image?.width ?? null,
      height: inspection.image?.height ?? null,
      thumbnailSize: inspection.image?.thumbnailSize ?? null,
      sha256: inspection.sha256,
      createdAt: new Date(),
      erasedAt: null,
    });
    const keys = [fileKey(row.id, 'original')];
    try {
      await this.store.put(keys[0], file.path, row.size, row.contentType);
      if (inspection.image) {
        keys.push(fileKey(row.id, 'thumbnail'));
        const { thumbnailPath, thumbnailSize } = inspection.image;
        await this.store.put(keys[1], thumbnailPath, thumbnailSize, THUMBNAIL_CONTENT_TYPE);
      }
      await this.attachments.insert(row);
    } catch (error) {
      await this.store
        .delete(keys)
        .catch((cleanup: unknown) =>
          this.logger.warn(`An upload failed and its bytes stayed (${keys.join(', ')}): ${(cleanup as Error).message}`),
        );
      throw error;
    }
    return toAttachment(storedAttachment(row));
  }
}
