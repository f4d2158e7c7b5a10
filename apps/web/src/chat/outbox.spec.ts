import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/factories';
import { awaitingSend, markAcked, markFailed, markSending, withoutDelivered, type OutgoingMessage } from './outbox';

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
    expect(awaitingSend(outbox).map((item) => item.clientId)).toEqual(['a']);
  });

  it('drops entries delivered by clientId or by acked seq', () => {
    const outbox = [entry('a'), entry('b', { status: 'sent', seq: 7 }), entry('c')];
    const delivered = [chatMessage(6, { clientId: 'a' }), chatMessage(7)];
    expect(withoutDelivered(outbox, delivered).map((item) => item.clientId)).toEqual(['c']);
  });

  it('awaits only entries not yet acked nor failed', () => {
    const outbox = [entry('a'), entry('b', { status: 'sent', seq: 2 }), entry('c', { status: 'failed' })];
    expect(awaitingSend(outbox).map((item) => item.clientId)).toEqual(['a']);
  });
});
