import { Injectable } from '@nestjs/common';
import { OnDomainEvent, type ModerationChange } from '../../events/domain-events.js';
import { RoomHub } from '../state/room-hub.js';

/**
 * A mute that began or was lifted, wherever it happened: the muted user's sockets to that room on this instance are
 * told (`muted`), so their composer says why it is disabled and until when.
 */
@Injectable()
export class MuteNotices {
  constructor(private readonly hub: RoomHub) {}

  @OnDomainEvent('moderation.changed')
  changed(change: ModerationChange): void {
    if (change.kind !== 'mute' && change.kind !== 'unmute') return;
    const until = change.kind === 'mute' ? change.until : null;
    for (const session of this.hub.sessionsOf(change.room.slug)) {
      if (session.identity.userId === change.userId) session.reply({ event: 'muted', data: { until } });
    }
  }
}
