import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CloseCode } from '@parley/contracts';
import { SessionsService } from '../../../auth/sessions.service.js';
import { SocketTickets } from '../../../auth/socket-tickets.js';
import type { Environment } from '../../../config/environment.js';
import { Identity } from '../../../identity/identity.js';
import { UsersService } from '../../../users/users.service.js';
import type { Credential } from '../../transport/connection-request.js';

/** Who the connection is, or why not: an HTTP refusal at the upgrade, or a close code once the socket is open. */
export type Identification =
  { identity: Identity } | { status: 401; reason: string } | { closeCode: CloseCode; reason: string };

/**
 * Turns a connection's credential into its Identity. A ticket is spent the moment it is presented; it names a user
 * whose session must still be active. A guest's name must not pass for a registered username (compared as people
 * read them: case and full-width forms folded), so nobody can speak under a name someone holds; with
 * AUTH_GUESTS=false there are no guests at all.
 */
@Injectable()
export class ConnectionAuthenticator {
  private readonly guestsAllowed: boolean;

  constructor(
    private readonly tickets: SocketTickets,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    config: ConfigService<Environment, true>,
  ) {
    this.guestsAllowed = config.get('AUTH_GUESTS', { infer: true });
  }

  async identify(credential: Credential): Promise<Identification> {
    if (credential.kind === 'ticket') {
      const principal = await this.tickets.redeem(credential.ticket);
      if (!principal || !(await this.sessions.isActive(principal.sessionId))) {
        return { status: 401, reason: 'Unauthorized' };
      }
      return { identity: Identity.user(principal.userId, principal.username, principal.sessionId) };
    }
    if (!this.guestsAllowed) return { status: 401, reason: 'Unauthorized' };
    if (await this.users.isRegistered(credential.username)) {
      return { closeCode: CloseCode.NameTaken, reason: 'This name belongs to a registered user: sign in to use it' };
    }
    return { identity: Identity.guest(credential.username) };
  }
}
