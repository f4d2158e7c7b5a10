import { isLargeRoom, largeRoomPresenceInterval } from './large-room.js';

describe('large rooms', () => {
  it('are those past 100 connections on one instance', () => {
    expect(isLargeRoom(100)).toBe(false);
    expect(isLargeRoom(101)).toBe(true);
  });

  it('get a presence snapshot once a second per thousand connections, at least every 5 s', () => {
    expect(largeRoomPresenceInterval(101)).toBe(1_000);
    expect(largeRoomPresenceInterval(1_000)).toBe(1_000);
    expect(largeRoomPresenceInterval(1_001)).toBe(2_000);
    expect(largeRoomPresenceInterval(5_000)).toBe(5_000);
    expect(largeRoomPresenceInterval(50_000)).toBe(5_000);
  });
});
