import type { Attachment, ChatMessage, ReplyRef } from '@parley/contracts';
import { computed, shallowRef, watch } from 'vue';
import { changesTo, showWithChanges } from '../chat/changes';
import type { EditTarget, ReplyTarget } from '../chat/composer';
import { excerptOf } from '../chat/quotes';
import type { useRoom } from './useRoom';

type Room = Pick<
  ReturnType<typeof useRoom>,
  'self' | 'changes' | 'quoted' | 'messageAt' | 'lastEditable' | 'send' | 'edit' | 'remove'
>;

const replyRefOf = (message: ChatMessage): ReplyRef => ({
  id: message.id,
  seq: message.seq,
  username: message.username,
});

/**
 * What the composer is doing in a room: writing a new message, replying to one (the next message carries its id),
 * or editing one of the user's own (↑ in an empty composer picks the last). Never replying and editing at once.
 */
export function useComposerModes(room: Room) {
  const replyingTo = shallowRef<ChatMessage | null>(null);
  const editing = shallowRef<ChatMessage | null>(null);

  /** The quoted message as it is now, named in the composer. */
  const replyTarget = computed<ReplyTarget | null>(() => {
    const target = replyingTo.value;
    if (!target) return null;
    const quote = room.quoted(replyRefOf(target));
    return { username: target.username, excerpt: excerptOf(quote.kind === 'found' ? quote.message : target) };
  });

  const editTarget = computed<EditTarget | null>(() => {
    const target = editing.value;
    if (!target) return null;
    // What the user sees of it: the content of an edit still on its way, if any.
    const shown = showWithChanges(target, changesTo(room.changes.value, target.seq), room.self.username).message;
    return { key: String(target.seq), content: shown.content };
  });

  // Deleted meanwhile (from another device, by a moderator): nothing is left to edit.
  watch(
    () => editing.value !== null && room.messageAt(editing.value.seq)?.deleted === true,
    (gone) => {
      if (gone) editing.value = null;
    },
  );

  function startReply(message: ChatMessage): void {
    editing.value = null;
    replyingTo.value = message;
  }

  function startEdit(message: ChatMessage): void {
    replyingTo.value = null;
    editing.value = message;
  }

  /** ↑ in an empty composer. */
  function editLast(): void {
    const last = room.lastEditable();
    if (last) startEdit(last);
  }

  function cancel(): void {
    replyingTo.value = null;
    editing.value = null;
  }

  function send(content: string, attachments: Attachment[] = []): void {
    const replyTo = replyingTo.value;
    if (room.send(content, replyTo ? replyRefOf(replyTo) : undefined, attachments)) replyingTo.value = null;
  }

  function save(content: string): void {
    const target = editing.value;
    if (target && room.edit(room.messageAt(target.seq) ?? target, content)) editing.value = null;
  }

  function remove(message: ChatMessage): void {
    room.remove(message);
    if (editing.value?.seq === message.seq) editing.value = null;
  }

  return { replyTarget, editTarget, startReply, startEdit, editLast, cancel, send, save, remove };
}
