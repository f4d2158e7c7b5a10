import { createHash } from 'node:crypto';
import type { ActorRole, ChatMessage, ErrorCode, ReplyRef } from '@parley/contracts';
import type { Identity } from '../identity/identity.js';
import type { RoomRef } from '../rooms/room-ref.js';
import type { StoredAttachment } from './message.entity.js';

/** A validated message waiting to be stored; the sender comes from the connection, never the frame. */
export interface MessageDraft {
  room: RoomRef;
  sender: Identity;
  content: string;
  clientId?: string;
  /** The quoted message, checked to be a live message of the same room. */
  replyTo?: ReplyRef;
  /** The sender's uploads it carries, in order, checked unused; claimed in the message's own transaction. */
  attachments?: StoredAttachment[];
}

/** An attachment was claimed by another message first, or is gone: the frame fails alone, nothing is stored. */
export class AttachmentUnavailableError extends Error {
  constructor() {
    super('An attachment is unknown, not yours, of another room or already used');
    this.name = 'AttachmentUnavailableError';
  }
}

export function hasAttachments(draft: MessageDraft): boolean {
  return (draft.attachments?.length ?? 0) > 0;
}

/**
 * Identifies a message (or a change) across resends within this process: the same clientId from the same person
 * (Identity.key: a user's id, a guest's exact name) in the same room.
 */
export function resendKey(roomId: number, clientId: string, sender: Identity): string {
  return `${roomId}\u0000${clientId}\u0000${sender.key}`;
}

/**
 * The same key as stored, unique per room: the first 128 bits of the SHA-256, in hex, of the person and their
 * clientId. Hex compares alike under any collation, so what the unique index refuses is exactly what the code means by
 * a resend: `k` and `K`, `bob` and `BOB` are different keys, and nobody can find a clientId whose key is another
 * person's (128 bits of a cryptographic hash: no second preimage within reach, half the index of the whole hash).
 */
export function storedResendKey(sender: Identity, clientId: string): string {
  return createHash('sha256').update(`${sender.key}\u0000${clientId}`).digest('hex').slice(0, RESEND_KEY_LENGTH);
}

/** Hex characters of a stored resend key. */
export const RESEND_KEY_LENGTH = 32;

/** The outcome of storing a draft: `duplicate` when its clientId was stored before, so it must not be broadcast again. */
export interface StoredMessage {
  message: ChatMessage;
  duplicate: boolean;
}

/** What a change does to its message. */
export type ChangeAction =
  | { kind: 'edit'; content: string }
  | { kind: 'delete'; role: ActorRole; serverAdmin?: boolean }
  | { kind: 'react'; emoji: string; on: boolean };

/** A change to an existing message, waiting for its turn in the room's log. */
export interface ChangeDraft {
  room: RoomRef;
  sender: Identity;
  messageId: string;
  action: ChangeAction;
  clientId?: string;
}

/**
 * What became of a change: it took a seq (`changed`), it was already there (`unchanged`: no seq, the message's
 * current version answers it; `duplicate`: the same clientId was applied before, at `seq`), or it was refused.
 */
export type ChangeOutcome =
  | { kind: 'changed'; seq: number; message: ChatMessage }
  | { kind: 'unchanged'; message: ChatMessage }
  | { kind: 'duplicate'; seq: number; message: ChatMessage }
  | { kind: 'refused'; code: ErrorCode; reason: string };

/** One entry of a room's log as the writer announces it after its commit. */
export type TimelineEvent =
  { type: 'message'; message: ChatMessage } | { type: 'update'; seq: number; message: ChatMessage };
