import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/factories';
import { markAcked, markFailed, markSending, nextToSend, withoutDelivered, type OutgoingMessage } from './outbox';

const entry = (clientId: string, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  clientId,
  content: `content of ${clientId}`,
  createdAt: '2025-01-01T10:00:00.000Z',
  status: 'sending',
  ...overrides,
});

describe('outbox', () => {
  it('marks the acked entry sent with its seq and leaves others alone', () => {
    const outbox = markAcked([entry('a'), entry('b')], { clientId: 'a', id: 'id-9', seq: 9 });
    expect(outbox).toEqual([entry('a', { status: 'sent', seq: 9, error: undefined }), entry('b')]);
  });

  it('marks a refused entry failed with the reason', () => {
    expect(markFailed([entry('a')], 'a', 'Too fast')).toEqual([entry('a', { status: 'failed', error: 'Too fast' })]);
  });

  it('does not mark an already acked entry failed', () => {
    const acked = entry('a', { status: 'sent', seq: 3 });
    expect(markFailed([acked], 'a', 'late error')).toEqual([acked]);
  });

  it('puts a failed entry back to sending on retry, clearing the reason', () => {
    const outbox = markSending([entry('a', { status: 'failed', error: 'Too fast' })], 'a');
    expect(outbox).toEqual([entry('a', { status: 'sending', error: undefined })]);
    expect(nextToSend(outbox)?.clientId).toBe('a');
  });

  const self = { username: 'Ali', userId: null };

  it('drops entries delivered by clientId or by acked seq', () => {
    const outbox = [entry('a'), entry('b', { status: 'sent', seq: 7 }), entry('c')];
    const delivered = [chatMessage(6, { clientId: 'a', username: 'Ali' }), chatMessage(7)];
    expect(withoutDelivered(outbox, delivered, self).map((item) => item.clientId)).toEqual(['c']);
  });

  it('keeps an entry whose clientId someone else copied: a clientId is the sender’s own', () => {
    const outbox = [entry('a')];
    expect(withoutDelivered(outbox, [chatMessage(6, { clientId: 'a', username: 'Bea' })], self)).toBe(outbox);
  });

  it('gives back the very same outbox when nothing in it was delivered', () => {
    const outbox = [entry('a'), entry('b', { status: 'sent', seq: 7 })];
    expect(withoutDelivered(outbox, [chatMessage(8, { clientId: 'z' })], self)).toBe(outbox);
  });

  it('sends next the oldest entry neither acked nor failed', () => {
    const outbox = [entry('a', { status: 'sent', seq: 2 }), entry('b', { status: 'failed' }), entry('c'), entry('d')];
    expect(nextToSend(outbox)?.clientId).toBe('c');
    expect(nextToSend([entry('a', { status: 'failed' })])).toBeUndefined();
  });
});
