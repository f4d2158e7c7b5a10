import { Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { RoomAccess } from '../rooms/room-access.js';
import { AttachmentsRepository } from './attachments.repository.js';
import { THUMBNAIL_CONTENT_TYPE } from './file-inspection.js';
import { fileKey, FileStore } from './file-store.js';

export type FileVariant = 'original' | 'thumbnail';

/** One file as it may be served to this viewer. */
export interface ServableFile {
  key: string;
  name: string;
  size: number;
  contentType: string;
  /** Strong: the same bytes always, different bytes never. */
  etag: string;
  store: FileStore;
}

/** The one answer for a file that does not exist, is erased, or is not the viewer's to read. */
export class FileNotFoundException extends NotFoundException {
  constructor() {
    super('No such file');
  }
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Who may download a file: whoever may read its room now (the room policy, through RoomAccess: anyone for a public
 * room, members for a private room or DM), asked on every request; an upload no message has used yet only its
 * uploader. Everyone else gets the same 404 as for an id that does not exist.
 */
@Injectable()
export class FilesService {
  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly access: RoomAccess,
    private readonly store: FileStore,
  ) {}

  async servable(viewer: Principal | null, id: string, variant: FileVariant): Promise<ServableFile> {
    const row = ID.test(id) ? await this.attachments.find(id) : null;
    if (!row) throw new FileNotFoundException();
    if (row.messageId === null) {
      if (viewer?.userId !== row.uploaderId) throw new FileNotFoundException();
    } else {
      await this.access.visibleById(row.roomId, viewer).catch(() => {
        throw new FileNotFoundException();
      });
    }
    if (variant === 'original') {
      return {
        key: fileKey(row.id, 'original'),
        name: row.name,
        size: row.size,
        contentType: row.contentType,
        etag: `"${row.sha256}"`,
        store: this.store,
      };
    }
    if (row.thumbnailSize === null) throw new FileNotFoundException();
    return {
      key: fileKey(row.id, 'thumbnail'),
      name: `${row.name.replace(/\.[^.]*$/, '')}.webp`,
      size: row.thumbnailSize,
      contentType: THUMBNAIL_CONTENT_TYPE,
      etag: `"${row.sha256}.thumbnail"`,
      store: this.store,
    };
  }
}
