import type { ChatMessage } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { myRoom } from '../testing/factories';
import { encodeClientFrame, parseServerFrame, parseUserStreamFrame } from './frames';

const message: ChatMessage = {
  id: 'm1',
  seq: 1,
  room: 'general',
  username: 'Ali',
  userId: null,
  content: 'hi',
  createdAt: '2025-01-01T10:00:00.000Z',
  version: 1,
  editedAt: null,
  deleted: false,
  replyTo: null,
  reactions: [],
  attachments: [],
};

describe('parseServerFrame', () => {
  it('reads a known event with its data', () => {
    expect(parseServerFrame(JSON.stringify({ event: 'message', data: message }))).toEqual({
      event: 'message',
      data: message,
    });
  });

  it('reads the answer to a ping', () => {
    expect(parseServerFrame('{"event":"pong","data":{}}')).toEqual({ event: 'pong', data: {} });
  });

  it.each([
    ['not JSON', '{oops'],
    ['not an object', '42'],
    ['null', 'null'],
    ['an unknown event', JSON.stringify({ event: 'teleport', data: {} })],
    ['an inherited property name as event', JSON.stringify({ event: 'toString', data: {} })],
    ['missing data', JSON.stringify({ event: 'presence' })],
    ['binary data', new ArrayBuffer(4)],
  ])('rejects %s', (_label, raw) => {
    expect(parseServerFrame(raw)).toBeNull();
  });
});

describe('parseUserStreamFrame', () => {
  it('reads a room of the user and a removal', () => {
    const room = myRoom('general', { unread: 2 });
    expect(parseUserStreamFrame(JSON.stringify({ event: 'my_room', data: room }))).toEqual({
      event: 'my_room',
      data: room,
    });
    expect(parseUserStreamFrame('{"event":"my_room_removed","data":{"slug":"team","by":"ali"}}')).toEqual({
      event: 'my_room_removed',
      data: { slug: 'team', by: 'ali' },
    });
  });

  it("rejects a room socket's events, which the stream never sends", () => {
    expect(parseUserStreamFrame(JSON.stringify({ event: 'message', data: message }))).toBeNull();
  });
});

describe('encodeClientFrame', () => {
  it('writes the {event, data} envelope', () => {
    expect(JSON.parse(encodeClientFrame({ event: 'message', data: { content: 'a', clientId: 'c1' } }))).toEqual({
      event: 'message',
      data: { content: 'a', clientId: 'c1' },
    });
  });
});
