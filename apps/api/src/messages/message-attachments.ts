import { Injectable } from '@nestjs/common';
import { AttachmentsRepository } from '../files/attachments.repository.js';
import { storedAttachment } from '../files/stored-attachment.js';
import type { Identity } from '../identity/identity.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { storedResendKey } from './message-draft.js';
import type { StoredAttachment } from './message.entity.js';
import { MessagesRepository } from './messages.repository.js';

/**
 * The files a `message` frame names, checked before it queues: each one the sender's upload to this room, not yet
 * used — or used by this very message, when the frame is a resend of it (same clientId), which then resolves to the
 * stored copy. The check that holds is the claim in the message's transaction; this one answers most refusals early
 * and gives the message what its readers will see of its files.
 */
@Injectable()
export class MessageAttachments {
  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly messages: MessagesRepository,
  ) {}

  /** The files in the order named; null when any of them may not go with this message. */
  async resolve(
    room: RoomRef,
    sender: Identity,
    ids: readonly string[],
    clientId: string | undefined,
  ): Promise<StoredAttachment[] | null> {
    if (sender.userId === null) return null;
    const rows = new Map((await this.attachments.byIds(ids)).map((row) => [row.id, row]));
    const resendOf = clientId === undefined ? null : storedResendKey(sender, clientId);
    const resolved: StoredAttachment[] = [];
    for (const id of ids) {
      const row = rows.get(id);
      if (!row || row.roomId !== room.id || row.uploaderId !== sender.userId) return null;
      if (row.messageId !== null) {
        const user = resendOf === null ? null : await this.messages.findById(room.id, row.messageId);
        if (!user || user.resendKey !== resendOf) return null;
      }
      resolved.push(storedAttachment(row));
    }
    return resolved;
  }
}
