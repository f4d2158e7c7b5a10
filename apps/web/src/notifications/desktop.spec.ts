import { describe, expect, it } from 'vitest';
import { chatMessage } from '../testing/factories';
import { base64UrlToBytes, describeNotification, notificationPath, shownAlready } from './desktop';

const inRoom = (content: string, kind: 'room' | 'dm' = 'room') => ({
  room: { slug: 'ops', name: 'ops', kind },
  message: chatMessage(7, { room: 'ops', username: 'bea', content }),
});

describe('describeNotification', () => {
  it('names the sender and the room, and shows the text without its Markdown', () => {
    expect(describeNotification(inRoom('**Deploy** done, @ali'), 'Ops')).toEqual({
      title: 'bea in Ops',
      body: 'Deploy done, @ali',
      tag: 'parley:ops',
    });
  });

  it('names only the sender in a DM, and says "a file" for a message without text', () => {
    const dm = inRoom('', 'dm');
    dm.message.attachments = [{ id: 'f', name: 'a.pdf', size: 1, contentType: 'application/pdf', url: '/api/files/f' }];
    expect(describeNotification(dm, 'bea')).toMatchObject({ title: 'bea', body: '📎 A file' });
  });
});

describe('shownAlready', () => {
  it('is true only for the room in view of a visible page', () => {
    expect(shownAlready(inRoom('x'), 'ops', false)).toBe(true);
    expect(shownAlready(inRoom('x'), 'ops', true)).toBe(false);
    expect(shownAlready(inRoom('x'), 'general', false)).toBe(false);
  });
});

describe('notificationPath', () => {
  it('opens the room at the message', () => {
    expect(notificationPath('ops', 7)).toBe('/chat/ops?at=7');
  });
});

describe('base64UrlToBytes', () => {
  it('decodes base64url without padding', () => {
    expect([...base64UrlToBytes('AP_-'.slice(0, 3))]).toEqual([0, 255]);
  });
});
