import type { AckData, ChatMessage, ClientFrame } from '@parley/contracts';
import { withReaction } from './reactions';

/** A change the viewer asked for, to the message created at `seq` (whose id the server knows it by). */
export type MessageChange =
  | { kind: 'edit'; id: string; seq: number; content: string }
  | { kind: 'delete'; id: string; seq: number }
  | { kind: 'react'; id: string; seq: number; emoji: string; on: boolean };

/**
 * Like an outgoing message: `sending` until the server acks it (it goes out again with the same clientId after a
 * reconnect or a rate-limit wait, and the server applies it once), `failed` when the server refused it; it leaves
 * the list when acked, or when the viewer dismisses the refusal.
 */
export interface PendingChange {
  clientId: string;
  change: MessageChange;
  status: 'sending' | 'failed';
  /** Why the server refused it. */
  error?: string;
}

export function changeFrame({ clientId, change }: PendingChange): ClientFrame {
  switch (change.kind) {
    case 'edit':
      return { event: 'edit', data: { id: change.id, content: change.content, clientId } };
    case 'delete':
      return { event: 'delete', data: { id: change.id, clientId } };
    case 'react':
      return { event: 'react', data: { id: change.id, emoji: change.emoji, on: change.on, clientId } };
  }
}

/** An ack settles the change: its effect is in the message's state by then (or it changed nothing). */
export function withoutAcked(changes: readonly PendingChange[], ack: AckData): readonly PendingChange[] {
  return changes.some((entry) => entry.clientId === ack.clientId)
    ? changes.filter((entry) => entry.clientId !== ack.clientId)
    : changes;
}

export function markChangeFailed(
  changes: readonly PendingChange[],
  clientId: string,
  error: string,
): readonly PendingChange[] {
  return changes.map((entry) => (entry.clientId === clientId ? { ...entry, status: 'failed', error } : entry));
}

export function withoutChange(changes: readonly PendingChange[], clientId: string): readonly PendingChange[] {
  return changes.filter((entry) => entry.clientId !== clientId);
}

/** The oldest change still to be sent. */
export function nextChangeToSend(changes: readonly PendingChange[]): PendingChange | undefined {
  return changes.find((entry) => entry.status === 'sending');
}

/** The changes to the message created at `seq`, in the order asked. */
export function changesTo(changes: readonly PendingChange[], seq: number): PendingChange[] {
  return changes.filter((entry) => entry.change.seq === seq);
}

/** A message as shown while the viewer's changes to it are on their way. */
export interface ShownMessage {
  message: ChatMessage;
  /** An edit is on its way: the content shown is the one being saved. */
  saving: boolean;
  /** A delete is on its way. */
  deleting: boolean;
  /** Changes the server refused, for the viewer to read and dismiss. */
  refused: PendingChange[];
}

/**
 * The message with the viewer's unanswered changes applied, so that what they did shows at once: the content being
 * saved, and their reactions. A delete is only flagged: it is not shown done before the server says so. Refused
 * changes show nothing but their refusal.
 */
export function showWithChanges(message: ChatMessage, changes: readonly PendingChange[], name: string): ShownMessage {
  let shown = message;
  let saving = false;
  let deleting = false;
  const refused: PendingChange[] = [];
  for (const entry of changes) {
    if (entry.status === 'failed') {
      refused.push(entry);
      continue;
    }
    if (message.deleted) continue;
    const { change } = entry;
    if (change.kind === 'edit') {
      shown = { ...shown, content: change.content };
      saving = true;
    } else if (change.kind === 'delete') deleting = true;
    else shown = { ...shown, reactions: withReaction(shown.reactions, change.emoji, change.on, name) };
  }
  return { message: shown, saving, deleting, refused };
}
