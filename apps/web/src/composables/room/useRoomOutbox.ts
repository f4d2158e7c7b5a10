import {
  canEditMessage,
  canReactTo,
  ErrorCode,
  isSendableContent,
  isSingleEmoji,
  type AckData,
  type Attachment,
  type ChatMessage,
  type ClientFrame,
  type ErrorData,
  type ReplyRef,
} from '@parley/contracts';
import { ref, shallowRef } from 'vue';
import type { Author } from '../../chat/authorship';
import {
  changeFrame,
  markChangeFailed,
  nextChangeToSend,
  withoutAcked,
  withoutChange,
  type MessageChange,
  type PendingChange,
} from '../../chat/changes';
import {
  markAcked,
  markFailed,
  markSending,
  messageFrame,
  nextToSend,
  withoutDelivered,
  type OutgoingMessage,
} from '../../chat/outbox';
import { OutboxPacer } from '../../chat/outboxPacer';

export interface RoomOutboxOptions {
  self: Author;
  createClientId: () => string;
  /** Sends one frame on the room's socket; false when it could not go out. */
  transmit: (frame: ClientFrame) => boolean;
  /** Whether the room can take nothing more (closed for good). */
  closedForGood: () => boolean;
}

/** Whatever the server refused, with the user's words for it. */
function refusalText(kind: MessageChange['kind'], error: ErrorData): string {
  const what = { edit: 'Edit', delete: 'Delete', react: 'Reaction' }[kind];
  return `${what} not saved: ${error.message}`;
}

/**
 * What the user writes to a room: new messages and changes to messages (edit, delete, react), each under its own
 * clientId, delivered exactly once in the user's order at the pace the server allows, resent under the same clientId
 * after a reconnect, and marked failed with the server's reason when refused for good.
 */
export function useRoomOutbox(options: RoomOutboxOptions) {
  const { self, createClientId } = options;
  const outbox = shallowRef<readonly OutgoingMessage[]>([]);
  /** The user's edits, deletes and reactions the server has not acked yet, and those it refused. */
  const changes = shallowRef<readonly PendingChange[]>([]);
  /** The server asked us to slow down: what is queued waits its turn rather than failing. */
  const sendingThrottled = ref(false);

  // Changes go first: a reaction need not wait behind a long paste.
  const pacer = new OutboxPacer<OutgoingMessage | PendingChange>({
    nextToSend: () => nextChangeToSend(changes.value) ?? nextToSend(outbox.value),
    transmit: (entry) => options.transmit('change' in entry ? changeFrame(entry) : messageFrame(entry)),
    onThrottled: (throttled) => (sendingThrottled.value = throttled),
  });

  /** Messages reached the timeline: those that were ours leave the outbox. */
  function delivered(messages: readonly ChatMessage[]): void {
    outbox.value = withoutDelivered(outbox.value, messages, self);
  }

  function acked(ack: AckData): void {
    outbox.value = markAcked(outbox.value, ack);
    changes.value = withoutAcked(changes.value, ack);
    pacer.answered(ack.clientId);
  }

  /** A refusal of one of ours: handled here (true), or not about anything we sent (false). */
  function refused(error: ErrorData): boolean {
    const { clientId, code, retryAfterMs } = error;
    const message = clientId === undefined ? undefined : outbox.value.find((entry) => entry.clientId === clientId);
    const change = clientId === undefined ? undefined : changes.value.find((entry) => entry.clientId === clientId);
    const refusedEntry = message ?? change;
    if (!refusedEntry) return false;
    // Refused for now, not for good: it stays queued and goes out again when the server takes messages again.
    if (code === ErrorCode.RateLimited) pacer.rateLimited(refusedEntry.clientId, retryAfterMs);
    // A server shutting down takes nothing more on this socket: it goes out again after the reconnect.
    else if (code === ErrorCode.ShuttingDown) pacer.stop();
    else {
      if (message) outbox.value = markFailed(outbox.value, message.clientId, error.message);
      if (change) {
        changes.value = markChangeFailed(changes.value, change.clientId, refusalText(change.change.kind, error));
      }
      pacer.answered(refusedEntry.clientId);
    }
    return true;
  }

  /**
   * Queues the message (with its uploaded files); it goes out once the socket is ready and the messages queued before
   * it were answered. False when the content may not be sent.
   */
  function send(content: string, replyTo?: ReplyRef, attachments: readonly Attachment[] = []): boolean {
    const trimmed = content.trim();
    if (!isSendableContent(trimmed, attachments.length > 0) || options.closedForGood()) return false;
    const entry: OutgoingMessage = {
      clientId: createClientId(),
      content: trimmed,
      createdAt: new Date().toISOString(),
      status: 'sending',
      ...(replyTo && { replyTo }),
      ...(attachments.length > 0 && { attachments: [...attachments] }),
    };
    outbox.value = [...outbox.value, entry];
    pacer.pump();
    return true;
  }

  function queueChange(change: MessageChange): void {
    changes.value = [...changes.value, { clientId: createClientId(), change, status: 'sending' }];
    pacer.pump();
  }

  /** Saves new content for the user's own message; false when it may not be sent (or the user may not edit it). */
  function edit(message: ChatMessage, content: string): boolean {
    const trimmed = content.trim();
    if (!isSendableContent(trimmed) || options.closedForGood() || !canEditMessage(message, self.userId)) return false;
    if (trimmed !== message.content) queueChange({ kind: 'edit', id: message.id, seq: message.seq, content: trimmed });
    return true;
  }

  /** Deletes the message (the server checks who may). */
  function remove(message: ChatMessage): boolean {
    if (message.deleted || options.closedForGood()) return false;
    queueChange({ kind: 'delete', id: message.id, seq: message.seq });
    return true;
  }

  /** Adds (on) or takes back (off) the user's reaction with one emoji. */
  function react(message: ChatMessage, emoji: string, on: boolean): boolean {
    if (!canReactTo(message) || !isSingleEmoji(emoji) || options.closedForGood()) return false;
    queueChange({ kind: 'react', id: message.id, seq: message.seq, emoji, on });
    return true;
  }

  /** Sends a refused message again under the same clientId, so the server stores it at most once. */
  function retry(clientId: string): void {
    outbox.value = markSending(outbox.value, clientId);
    pacer.pump();
  }

  /** The user read why a change was refused. */
  function dismissChange(clientId: string): void {
    changes.value = withoutChange(changes.value, clientId);
  }

  return {
    outbox,
    changes,
    sendingThrottled,
    send,
    edit,
    remove,
    react,
    retry,
    dismissChange,
    delivered,
    acked,
    refused,
    /** A socket's history arrived: what the history shows stored is known, so the queue may go out. */
    start: () => pacer.start(),
    /** The socket is gone: what was unanswered goes out again on the next one. */
    stop: () => pacer.stop(),
  };
}
