import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/factories';
import {
  changeFrame,
  changesTo,
  markChangeFailed,
  nextChangeToSend,
  showWithChanges,
  withoutAcked,
  withoutChange,
  type MessageChange,
  type PendingChange,
} from './changes';

const pending = (
  clientId: string,
  change: MessageChange,
  status: PendingChange['status'] = 'sending',
): PendingChange => ({
  clientId,
  change,
  status,
});
const edit = (seq: number, content: string): MessageChange => ({ kind: 'edit', id: `id-${seq}`, seq, content });
const react = (seq: number, emoji: string, on: boolean): MessageChange => ({
  kind: 'react',
  id: `id-${seq}`,
  seq,
  emoji,
  on,
});
const remove = (seq: number): MessageChange => ({ kind: 'delete', id: `id-${seq}`, seq });

describe('changeFrame', () => {
  it('speaks the protocol: edit, delete and react with the message id and the clientId', () => {
    expect(changeFrame(pending('c1', edit(4, 'new')))).toEqual({
      event: 'edit',
      data: { id: 'id-4', content: 'new', clientId: 'c1' },
    });
    expect(changeFrame(pending('c2', remove(4)))).toEqual({ event: 'delete', data: { id: 'id-4', clientId: 'c2' } });
    expect(changeFrame(pending('c3', react(4, '👍', false)))).toEqual({
      event: 'react',
      data: { id: 'id-4', emoji: '👍', on: false, clientId: 'c3' },
    });
  });
});

describe('the list of pending changes', () => {
  it('drops a change on its ack, and keeps the same list for an ack of something else', () => {
    const list = [pending('c1', edit(4, 'x')), pending('c2', remove(5))];
    expect(withoutAcked(list, { clientId: 'c1', id: 'id-4', seq: 9 })).toEqual([list[1]]);
    expect(withoutAcked(list, { clientId: 'other', id: 'id-1', seq: 9 })).toBe(list);
  });

  it('marks a refused change failed, skips it when sending, and forgets it once dismissed', () => {
    const list = markChangeFailed([pending('c1', edit(4, 'x')), pending('c2', remove(5))], 'c1', 'Not yours');
    expect(list[0]).toMatchObject({ status: 'failed', error: 'Not yours' });
    expect(nextChangeToSend(list)?.clientId).toBe('c2');
    expect(withoutChange(list, 'c1').map((entry) => entry.clientId)).toEqual(['c2']);
  });

  it("finds a message's changes by its seq", () => {
    const list = [pending('c1', edit(4, 'x')), pending('c2', remove(5)), pending('c3', react(4, '👍', true))];
    expect(changesTo(list, 4).map((entry) => entry.clientId)).toEqual(['c1', 'c3']);
  });
});

describe('showWithChanges', () => {
  const message = chatMessage(4, { reactions: [{ emoji: '👍', count: 1, users: ['bea'] }] });

  it('shows the content being saved, flagged as saving', () => {
    const shown = showWithChanges(message, [pending('c1', edit(4, 'first')), pending('c2', edit(4, 'second'))], 'ali');
    expect(shown.message.content).toBe('second');
    expect(shown.saving).toBe(true);
  });

  it("shows the viewer's reactions before the server answers, in the order asked", () => {
    const shown = showWithChanges(
      message,
      [pending('c1', react(4, '👍', true)), pending('c2', react(4, '🎉', true)), pending('c3', react(4, '🎉', false))],
      'ali',
    );
    expect(shown.message.reactions).toEqual([{ emoji: '👍', count: 2, users: ['bea', 'ali'] }]);
  });

  it('flags a delete without showing it done, and shows refusals apart, applying nothing of them', () => {
    const shown = showWithChanges(
      message,
      [pending('c1', remove(4)), pending('c2', edit(4, 'refused'), 'failed')],
      'ali',
    );
    expect(shown.deleting).toBe(true);
    expect(shown.message).toBe(message);
    expect(shown.refused.map((entry) => entry.clientId)).toEqual(['c2']);
  });

  it('applies nothing to a tombstone', () => {
    const tombstone = chatMessage(4, { deleted: true, content: '', version: 9 });
    const shown = showWithChanges(
      tombstone,
      [pending('c1', edit(4, 'late')), pending('c2', react(4, '👍', true))],
      'ali',
    );
    expect(shown.message).toBe(tombstone);
    expect(shown.saving).toBe(false);
  });
});
