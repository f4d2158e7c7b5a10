import type { ChatMessage } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/factories';
import { excerptOf, QuoteLookups } from './quotes';

function setup(held: ChatMessage[] = []) {
  const known = new Map(held.map((message) => [message.seq, message]));
  const fetches: string[] = [];
  const answers = new Map<string, ChatMessage | Error>();
  let failures = 0;
  const lookups = new QuoteLookups({
    known: (seq) => known.get(seq),
    fetch: async (_seq, id) => {
      fetches.push(id);
      const answer = answers.get(id);
      if (!answer || answer instanceof Error) throw answer ?? new Error('Message not found');
      return answer;
    },
    remember: (message) => known.set(message.seq, message),
    onFailed: () => failures++,
  });
  return { lookups, fetches, answers, known, failures: () => failures };
}

const ref = (seq: number) => ({ id: `id-${seq}`, seq, username: 'Bea' });

describe('QuoteLookups', () => {
  it('shows a quoted message held in the timeline as it is now, fetching nothing', () => {
    const { lookups, fetches } = setup([chatMessage(3, { content: 'edited since', version: 8 })]);
    lookups.request(ref(3));
    expect(lookups.state(ref(3))).toMatchObject({ kind: 'found', message: { content: 'edited since' } });
    expect(fetches).toEqual([]);
  });

  it('fetches one not loaded once, however often asked, and then finds it', async () => {
    const { lookups, fetches, answers } = setup();
    answers.set('id-3', chatMessage(3, { content: 'from the server' }));
    lookups.request(ref(3));
    lookups.request(ref(3));
    expect(lookups.state(ref(3))).toEqual({ kind: 'loading' });
    await Promise.resolve();
    await Promise.resolve();
    expect(fetches).toEqual(['id-3']);
    expect(lookups.state(ref(3))).toMatchObject({ kind: 'found', message: { content: 'from the server' } });
  });

  it('says why it could not be had, and does not ask again', async () => {
    const { lookups, fetches, failures } = setup();
    lookups.request(ref(3));
    await Promise.resolve();
    await Promise.resolve();
    lookups.request(ref(3));
    expect(lookups.state(ref(3))).toEqual({ kind: 'unavailable', reason: 'Message not found' });
    expect(fetches).toEqual(['id-3']);
    expect(failures()).toBe(1);
  });
});

describe('excerptOf', () => {
  it('folds the text onto one line and cuts it short by code points', () => {
    expect(excerptOf({ content: 'one\n\ntwo   three', deleted: false })).toBe('one two three');
    expect(excerptOf({ content: '😀'.repeat(100), deleted: false }, 10)).toBe(`${'😀'.repeat(9)}…`);
  });

  it('says a tombstone is a deleted message', () => {
    expect(excerptOf({ content: '', deleted: true })).toBe('deleted message');
  });
});
