import { describe, expect, it } from 'vitest';
import { isGuestMessage, isOwnMessage, mentionsViewer } from './authorship';

const ALI_USER = { username: 'ali', userId: 'user-ali' };
const ALI_GUEST = { username: 'Ali', userId: null };

describe('isOwnMessage', () => {
  it("is a signed-in user's by id", () => {
    expect(isOwnMessage({ username: 'ali', userId: 'user-ali' }, ALI_USER)).toBe(true);
    expect(isOwnMessage({ username: 'ali', userId: null }, ALI_USER)).toBe(false);
    expect(isOwnMessage({ username: 'bea', userId: 'user-bea' }, ALI_USER)).toBe(false);
  });

  it("is a guest's by name, among guests' messages only", () => {
    expect(isOwnMessage({ username: 'Ali', userId: null }, ALI_GUEST)).toBe(true);
    expect(isOwnMessage({ username: 'Ali', userId: 'user-other' }, ALI_GUEST)).toBe(false);
    expect(isOwnMessage({ username: 'Аli', userId: null }, ALI_GUEST)).toBe(false);
  });
});

describe('isGuestMessage', () => {
  it('is a message without a user id', () => {
    expect(isGuestMessage({ userId: null })).toBe(true);
    expect(isGuestMessage({ userId: 'user-ali' })).toBe(false);
  });
});

describe('mentionsViewer', () => {
  const ali = { username: 'ali', userId: 'user-ali' };
  it('marks someone else’s message that mentions the signed-in viewer, whatever the case', () => {
    expect(mentionsViewer({ username: 'bea', userId: 'user-bea', content: 'ping @Ali' }, ali)).toBe(true);
    expect(mentionsViewer({ username: 'bea', userId: 'user-bea', content: 'ping @alice' }, ali)).toBe(false);
  });

  it('never one’s own message, and never for a guest', () => {
    expect(mentionsViewer({ username: 'ali', userId: 'user-ali', content: '@ali note to self' }, ali)).toBe(false);
    expect(mentionsViewer({ username: 'bea', userId: null, content: '@ali' }, { username: 'ali', userId: null })).toBe(
      false,
    );
  });
});
