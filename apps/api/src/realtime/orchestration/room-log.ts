import type { LogEvent, RoomEvent } from '@parley/contracts';
import type { TimelineEvent } from '../../messages/message-draft.js';
import type { MessagesService } from '../../messages/messages.service.js';
import type { RoomRef } from '../../rooms/room-ref.js';
import type { RoomsService } from '../../rooms/rooms.service.js';
import type { LogPage } from '../state/room-sequencer.js';

/** What the relay needs of storage: where a room's timeline stands, and its events after a seq, to fill gaps. */
export abstract class RoomLog {
  abstract lastSeq(room: RoomRef): Promise<number>;

  abstract eventsAfter(room: RoomRef, seq: number): Promise<LogPage<RoomEvent>>;
}

/** A log entry (as the writer announces it, or as the log reads it back) as the room hears it. */
export function toRoomEvent(room: string, event: TimelineEvent | LogEvent): RoomEvent {
  return event.type === 'message'
    ? { room, type: 'message', data: event.message }
    : { room, type: 'message_updated', data: { seq: event.seq, message: event.message } };
}

/** The room log as the messages, message_events and rooms tables hold it. */
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
    const page = await this.messages.events(room, seq, LOG_FILL_PAGE);
    return { events: page.events.map((event) => toRoomEvent(room.slug, event)), hasMore: page.hasMore };
  }
}

/** Log events read per query while a gap is filled. */
const LOG_FILL_PAGE = 100;
