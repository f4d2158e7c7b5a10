import type { CreateRoomRequest, RoomSummary } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/rest';
import { useRooms } from './useRooms';

const general: RoomSummary = {
  slug: 'general',
  name: 'General',
  visibility: 'public',
  kind: 'room',
  createdAt: '2025-01-01T00:00:00.000Z',
  lastMessageAt: '2025-01-02T00:00:00.000Z',
  guests: true,
};

function roomsApi(createOutcome: RoomSummary | ApiError) {
  return {
    listRooms: async () => [general],
    createRoom: async (request: CreateRoomRequest) => {
      if (createOutcome instanceof ApiError) throw createOutcome;
      return { ...createOutcome, slug: request.slug ?? createOutcome.slug };
    },
  };
}

describe('useRooms', () => {
  it('loads the rooms', async () => {
    const { rooms, refresh, loading } = useRooms(roomsApi(general));
    await refresh();
    expect(rooms.value).toEqual([general]);
    expect(loading.value).toBe(false);
  });

  it('returns the created room', async () => {
    const { createRoom, createFailure } = useRooms(roomsApi(general));
    await expect(createRoom({ slug: 'new-room' })).resolves.toMatchObject({ slug: 'new-room' });
    expect(createFailure.value).toBeNull();
  });

  it('says when the room already exists (409)', async () => {
    const { createRoom, createFailure, creating } = useRooms(roomsApi(new ApiError(409, 'Room exists')));
    expect(await createRoom({ slug: 'general' })).toBeNull();
    expect(createFailure.value).toEqual({ message: 'Room exists', roomExists: true });
    expect(creating.value).toBe(false);
  });

  it("passes a 400's message on, not as a conflict", async () => {
    const { createRoom, createFailure } = useRooms(roomsApi(new ApiError(400, 'slug must match')));
    await createRoom({ slug: 'x' });
    expect(createFailure.value).toEqual({ message: 'slug must match', roomExists: false });
  });
});
