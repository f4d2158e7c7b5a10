import { describe, expect, it } from 'vitest';
import { canDeleteMessage, canEditMessage, canReactTo, type PolicyMessage } from './message-policy.js';

const ALI = 'user-ali';
const alis: PolicyMessage = { userId: ALI, deleted: false };
const beas: PolicyMessage = { userId: 'user-bea', deleted: false };
const guests: PolicyMessage = { userId: null, deleted: false };
const tombstone: PolicyMessage = { userId: ALI, deleted: true };

describe('canEditMessage', () => {
  it('lets a signed-in sender edit their own message, and nobody else', () => {
    expect(canEditMessage(alis, ALI)).toBe(true);
    expect(canEditMessage(beas, ALI)).toBe(false);
  });

  it("lets no guest edit, not even a guest's message", () => {
    expect(canEditMessage(guests, null)).toBe(false);
  });

  it('allows nothing on a tombstone', () => {
    expect(canEditMessage(tombstone, ALI)).toBe(false);
  });
});

describe('canDeleteMessage', () => {
  it('lets a member delete their own message only', () => {
    expect(canDeleteMessage(alis, ALI, 'member')).toBe(true);
    expect(canDeleteMessage(beas, ALI, 'member')).toBe(false);
    expect(canDeleteMessage(beas, ALI, null)).toBe(false);
  });

  it("lets an owner or admin delete anyone's message, a guest's too", () => {
    expect(canDeleteMessage(beas, ALI, 'owner')).toBe(true);
    expect(canDeleteMessage(guests, ALI, 'admin')).toBe(true);
  });

  it('lets a guest delete nothing, and nobody delete a tombstone', () => {
    expect(canDeleteMessage(guests, null, null)).toBe(false);
    expect(canDeleteMessage(tombstone, ALI, 'owner')).toBe(false);
  });
});

describe('canReactTo', () => {
  it('takes reactions on a message that is there, not on a tombstone', () => {
    expect(canReactTo(beas)).toBe(true);
    expect(canReactTo(tombstone)).toBe(false);
  });
});
