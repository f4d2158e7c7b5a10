import type { ChangeDraft, ChangeOutcome, MessageDraft, StoredMessage } from './message-draft.js';
import type { MessageWriter } from './message-writer.js';

/**
 * Several MessageWriters side by side, each room always in the same one: a room's writes keep their arrival order
 * (one transaction at a time in its lane), while rooms of other lanes commit meanwhile instead of queueing behind
 * them, so the database's group commit shares one log flush among them. Lanes hold disjoint rooms, so their
 * transactions never wait for each other's row locks; across instances the room row's lock orders writers as before.
 */
export class WriteLanes {
  constructor(private readonly lanes: readonly MessageWriter[]) {
    if (lanes.length === 0) throw new Error('WriteLanes needs at least one writer');
  }

  write(draft: MessageDraft): Promise<StoredMessage> {
    return this.laneOf(draft.room.id).write(draft);
  }

  change(change: ChangeDraft): Promise<ChangeOutcome> {
    return this.laneOf(change.room.id).change(change);
  }

  async close(deadlineMs?: number): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.close(deadlineMs)));
  }

  private laneOf(roomId: number): MessageWriter {
    return this.lanes[roomId % this.lanes.length];
  }
}
