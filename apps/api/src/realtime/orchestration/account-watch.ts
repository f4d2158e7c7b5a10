import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CloseCode } from '@parley/contracts';
import { AccountEvents } from '../../auth/account-events.js';
import { Connections } from '../state/connections.js';

/**
 * Closes the connections an account change makes invalid, on whichever instance they are: a revoked session's
 * (4401: signed out, password changed, stolen refresh token) and guests holding a name that was just registered
 * (4004).
 */
@Injectable()
export class AccountWatch implements OnModuleInit {
  constructor(
    private readonly events: AccountEvents,
    private readonly connections: Connections,
  ) {}

  onModuleInit(): void {
    this.events.on((event) => {
      if (event.type === 'sessions-revoked') this.closeRevoked(new Set(event.sessionIds));
      else if (event.type === 'name-registered') this.closeGuestsNamed(event.username);
    });
  }

  private closeRevoked(revoked: ReadonlySet<string>): void {
    for (const session of this.connections.all()) {
      const { sessionId } = session.identity;
      if (sessionId !== null && revoked.has(sessionId)) session.close(CloseCode.Unauthorized, 'Signed out');
    }
  }

  private closeGuestsNamed(username: string): void {
    for (const session of this.connections.roomSessions()) {
      const { identity } = session;
      if (identity.isGuest && identity.username.toLowerCase() === username) {
        session.close(CloseCode.NameTaken, 'This name was just registered: sign in to use it');
      }
    }
  }
}
