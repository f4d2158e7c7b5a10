import { Injectable } from '@nestjs/common';
import { ClientSession } from '../state/client-session.js';
import type { SocketWriter } from '../state/socket-writer.js';
import { UserStream } from '../state/user-stream.js';
import { JoinService } from './join.service.js';
import { UserStreamsService } from './user-streams.service.js';

/** A socket that closed leaves whatever it was part of: its room, or its user's stream. Safe to call twice. */
@Injectable()
export class Departures {
  constructor(
    private readonly joins: JoinService,
    private readonly userStreams: UserStreamsService,
  ) {}

  async depart(session: SocketWriter): Promise<void> {
    if (session instanceof ClientSession) await this.joins.leave(session);
    else if (session instanceof UserStream) this.userStreams.close(session);
  }
}
