import type { AckData, ChatMessage } from '@parley/contracts';

/**
 * `sending` until the server stores it (the socket may be down: it goes out on reconnect), `sent` once acked,
 * `failed` when the server refused it; it leaves the outbox when its stored message reaches the timeline.
 */
export type OutgoingStatus = 'sending' | 'sent' | 'failed';

export interface OutgoingMessage {
  clientId: string;
  content: string;
  /** ISO-8601, when the user pressed send. */
  createdAt: string;
  status: OutgoingStatus;
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

/** Drops the entries whose stored message is among `delivered`, matched by clientId or by the acked seq. */
export function withoutDelivered(
  outbox: readonly OutgoingMessage[],
  delivered: readonly ChatMessage[],
): OutgoingMessage[] {
  if (outbox.length === 0 || delivered.length === 0) return [...outbox];
  const clientIds = new Set(delivered.map((message) => message.clientId));
  const seqs = new Set(delivered.map((message) => message.seq));
  return outbox.filter((entry) => !clientIds.has(entry.clientId) && (entry.seq === undefined || !seqs.has(entry.seq)));
}

export function awaitingSend(outbox: readonly OutgoingMessage[]): OutgoingMessage[] {
  return outbox.filter((entry) => entry.status === 'sending');
}
