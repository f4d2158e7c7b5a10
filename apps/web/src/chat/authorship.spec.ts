import { describe, expect, it } from 'vitest';
import { isGuestMessage, isOwnMessage } from './authorship';

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
