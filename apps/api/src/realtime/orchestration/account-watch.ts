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
      if (event.type === 'sessions-revoked') {
        const revoked = new Set(event.sessionIds);
        for (const session of this.connections.sessions()) {
          const { sessionId } = session.identity;
          if (sessionId !== null && revoked.has(sessionId)) session.close(CloseCode.Unauthorized, 'Signed out');
        }
      } else {
        for (const session of this.connections.sessions()) {
          const { identity } = session;
          if (identity.isGuest && identity.username.toLowerCase() === event.username) {
            session.close(CloseCode.NameTaken, 'This name was just registered: sign in to use it');
          }
        }
      }
    });
  }
}
