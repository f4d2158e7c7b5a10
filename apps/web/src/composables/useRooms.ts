import type { CreateRoomRequest, RoomSummary } from '@parley/contracts';
import { ref, shallowRef } from 'vue';
import { api, ApiError, describeError, HTTP_CONFLICT, type ParleyApi } from '../api/rest';

export interface CreateRoomFailure {
  message: string;
  /** The slug is taken: the user may want to join that room instead. */
  roomExists: boolean;
}

/** The rooms list of the home page, and room creation. */
export function useRooms(roomsApi: Pick<ParleyApi, 'listRooms' | 'createRoom'> = api) {
  const rooms = shallowRef<RoomSummary[]>([]);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  const creating = ref(false);
  const createFailure = shallowRef<CreateRoomFailure | null>(null);

  async function refresh(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      rooms.value = await roomsApi.listRooms();
    } catch (error) {
      loadError.value = describeError(error);
    } finally {
      loading.value = false;
    }
  }

  /** The created room, or null with `createFailure` saying why (400 invalid, 409 taken, unreachable). */
  async function createRoom(request: CreateRoomRequest): Promise<RoomSummary | null> {
    creating.value = true;
    createFailure.value = null;
    try {
      return await roomsApi.createRoom(request);
    } catch (error) {
      createFailure.value = {
        message: describeError(error),
        roomExists: error instanceof ApiError && error.status === HTTP_CONFLICT,
      };
      return null;
    } finally {
      creating.value = false;
    }
  }

  return { rooms, loading, loadError, refresh, creating, createFailure, createRoom };
}
