import type { AckData, Attachment, ChatMessage, ClientFrame, ReplyRef } from '@parley/contracts';
import { isOwnMessage, type Author } from './authorship';

/**
 * `sending` until the server stores it (the socket may be down, or the server asked us to slow down: it goes out
 * later), `sent` once acked, `failed` when the server refused it for good; it leaves the outbox when its stored
 * message reaches the timeline.
 */
export type OutgoingStatus = 'sending' | 'sent' | 'failed';

export interface OutgoingMessage {
  clientId: string;
  content: string;
  /** ISO-8601, when the user pressed send. */
  createdAt: string;
  status: OutgoingStatus;
  /** The message it answers. */
  replyTo?: ReplyRef;
  /** Its files, uploaded already; the frame names them by id. */
  attachments?: Attachment[];
  /** Known once acked. */
  seq?: number;
  /** Why the server refused it. */
  error?: string;
}

function update(
  outbox: readonly OutgoingMessage[],
  clientId: string,
  change: (entry: OutgoingMessage) => OutgoingMessage,
): OutgoingMessage[] {
  return outbox.map((entry) => (entry.clientId === clientId ? change(entry) : entry));
}

export function markAcked(outbox: readonly OutgoingMessage[], ack: AckData): OutgoingMessage[] {
  return update(outbox, ack.clientId, (entry) => ({ ...entry, status: 'sent', seq: ack.seq, error: undefined }));
}

export function markFailed(outbox: readonly OutgoingMessage[], clientId: string, error: string): OutgoingMessage[] {
  return update(outbox, clientId, (entry) =>
    entry.status === 'sending' ? { ...entry, status: 'failed', error } : entry,
  );
}

export function markSending(outbox: readonly OutgoingMessage[], clientId: string): OutgoingMessage[] {
  return update(outbox, clientId, (entry) => ({ ...entry, status: 'sending', error: undefined }));
}

/**
 * Drops the entries whose stored message is among `delivered`, matched by the acked seq, or by clientId for the
 * author's own messages only (a clientId is anyone's to copy; it identifies a message together with its sender).
 * Gives back the same array when none was delivered, so that most incoming messages leave the outbox (and its view)
 * alone.
 */
export function withoutDelivered(
  outbox: readonly OutgoingMessage[],
  delivered: readonly ChatMessage[],
  self: Author,
): readonly OutgoingMessage[] {
  if (outbox.length === 0 || delivered.length === 0) return outbox;
  const clientIds = new Set(
    delivered.filter((message) => isOwnMessage(message, self)).map((message) => message.clientId),
  );
  const seqs = new Set(delivered.map((message) => message.seq));
  const isDelivered = (entry: OutgoingMessage) =>
    clientIds.has(entry.clientId) || (entry.seq !== undefined && seqs.has(entry.seq));
  return outbox.some(isDelivered) ? outbox.filter((entry) => !isDelivered(entry)) : outbox;
}

/** The oldest entry still to be sent; the outbox keeps the user's order. */
export function nextToSend(outbox: readonly OutgoingMessage[]): OutgoingMessage | undefined {
  return outbox.find((entry) => entry.status === 'sending');
}

/** The frame that sends it: a reply names the message it answers by id, and its files by theirs. */
export function messageFrame({ content, clientId, replyTo, attachments }: OutgoingMessage): ClientFrame {
  return {
    event: 'message',
    data: {
      content,
      clientId,
      ...(replyTo && { replyTo: replyTo.id }),
      ...(attachments?.length && { attachments: attachments.map((attachment) => attachment.id) }),
    },
  };
}
