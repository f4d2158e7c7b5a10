import { Injectable } from '@nestjs/common';
import { OnDomainEvent, type ModerationChange } from '../../events/domain-events.js';
import { ClientSession } from '../state/client-session.js';
import { Connections } from '../state/connections.js';

/**
 * A mute that began or was lifted, wherever it happened: the muted user's sockets to that room on this instance are
 * told (`muted`), so their composer says why it is disabled and until when.
 */
@Injectable()
export class MuteNotices {
  constructor(private readonly connections: Connections) {}

  @OnDomainEvent('moderation.changed')
  changed(change: ModerationChange): void {
    if (change.kind !== 'mute' && change.kind !== 'unmute') return;
    const until = change.kind === 'mute' ? change.until : null;
    for (const connection of this.connections.all()) {
      if (
        connection instanceof ClientSession &&
        connection.room.id === change.room.id &&
        connection.identity.userId === change.userId
      ) {
        connection.reply({ event: 'muted', data: { until } });
      }
    }
  }
}
