import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { inBackground } from '../../common/background.js';
import { EventLink } from '../../events/event-link.js';
import { AccessLedger } from '../state/access-ledger.js';
import { ClientSession } from '../state/client-session.js';
import { Connections } from '../state/connections.js';
import { AccessVerifier } from './admission/access-verifier.js';

/**
 * When this instance's link to the others comes back after an outage, the revocations published meanwhile may never
 * arrive: every open connection's rights are read again from the database, and those that no longer hold are closed
 * with their code. Connections still joining find their grants stale and read theirs before they go live.
 */
@Injectable()
export class AccessResync implements OnModuleInit {
  private readonly logger = new Logger(AccessResync.name);

  constructor(
    private readonly link: EventLink,
    private readonly ledger: AccessLedger,
    private readonly verifier: AccessVerifier,
    private readonly connections: Connections,
  ) {}

  onModuleInit(): void {
    this.link.onResumed(() => inBackground(this.resync(), this.logger, 'Reading rights again after an outage'));
  }

  async resync(): Promise<void> {
    this.ledger.resynced();
    const readAt = this.ledger.current;
    const held = [...this.connections.all()];
    const verdicts = await this.verifier.recheck(
      held.map((connection) => ({
        identity: connection.identity,
        roomId: connection instanceof ClientSession ? connection.room.id : null,
      })),
    );
    let closed = 0;
    held.forEach((connection, i) => {
      const revoked = verdicts[i];
      if (!revoked) {
        this.ledger.renew(connection.grant, readAt);
        return;
      }
      connection.close(revoked.code, revoked.reason);
      closed += 1;
    });
    this.logger.warn(
      `The link to other instances is back: rights of ${held.length} connection(s) read again, ${closed} closed`,
    );
  }
}
