import type { StoredAttachment } from '../messages/message.entity.js';
import type { AttachmentEntity } from './attachment.entity.js';

/** What a message keeps of its file, for its readers. */
export function storedAttachment(row: AttachmentEntity): StoredAttachment {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    contentType: row.contentType,
    ...(row.width !== null && row.height !== null ? { width: row.width, height: row.height } : {}),
    thumbnail: row.thumbnailSize !== null,
  };
}
