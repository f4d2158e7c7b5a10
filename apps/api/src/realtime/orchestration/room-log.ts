import type { RoomEvent } from '@parley/contracts';
import type { MessagesService } from '../../messages/messages.service.js';
import type { RoomRef } from '../../rooms/room-ref.js';
import type { RoomsService } from '../../rooms/rooms.service.js';
import type { LogPage } from '../state/room-sequencer.js';

/** What the relay needs of storage: where a room's timeline stands, and its events after a seq, to fill gaps. */
export abstract class RoomLog {
  abstract lastSeq(room: RoomRef): Promise<number>;

  abstract eventsAfter(room: RoomRef, seq: number): Promise<LogPage<RoomEvent>>;
}

/** The room log as the messages and rooms tables hold it. */
export class StoredRoomLog extends RoomLog {
  constructor(
    private readonly messages: MessagesService,
    private readonly rooms: RoomsService,
  ) {
    super();
  }

  lastSeq(room: RoomRef): Promise<number> {
    return this.rooms.lastSeq(room);
  }

  async eventsAfter(room: RoomRef, seq: number): Promise<LogPage<RoomEvent>> {
    const page = await this.messages.history(room, seq);
    return {
      events: page.messages.map((message) => ({ room: room.slug, type: 'message', data: message })),
      hasMore: page.hasMore,
    };
  }
}
