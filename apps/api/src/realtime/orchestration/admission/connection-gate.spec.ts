import type { ConfigService } from '@nestjs/config';
import { CloseCode } from '@parley/contracts';
import type { IncomingMessage } from 'node:http';
import { roomRef } from '../../../../test/factories/drafts.js';
import type { Environment } from '../../../config/environment.js';
import { Identity } from '../../../identity/identity.js';
import type { RateLimits } from '../../../rate-limits/rate-limits.js';
import type { RoomAccess } from '../../../rooms/room-access.js';
import { AccessLedger } from '../../state/access-ledger.js';
import { LocalConnectionSlots } from '../../transport/connection-slots.js';
import type { Credential } from '../../transport/connection-request.js';
import { ConnectionGate } from './connection-gate.js';
import type { ConnectionAuthenticator, Identification } from './connection-authenticator.js';

const config = {
  get: (key: keyof Environment) => ({ WS_ALLOWED_ORIGINS: undefined, TRUST_PROXY: false })[key as string],
} as unknown as ConfigService<Environment, true>;

/** Spends tickets as the real one does: each works once. */
class TicketDesk {
  readonly presented: Credential[] = [];
  private readonly spent = new Set<string>();

  async identify(credential: Credential): Promise<Identification> {
    this.presented.push(credential);
    if (credential.kind === 'guest') return { identity: Identity.guest(credential.username) };
    if (this.spent.has(credential.ticket)) return { status: 401, reason: 'Unauthorized' };
    this.spent.add(credential.ticket);
    return { identity: Identity.user('u-ali', 'ali', 's-1') };
  }
}

function setUp(maxPerAddress = 2) {
  const desk = new TicketDesk();
  const privateRoom = roomRef({ id: 2, slug: 'secret', visibility: 'private' });
  const access = {
    forSocket: async (slug: string) =>
      slug === privateRoom.slug ? 'not-found' : { room: roomRef({ slug }), role: null },
  } as unknown as RoomAccess;
  const limits = { roomCreation: { consume: async () => ({ allowed: true }) } } as unknown as RateLimits;
  const gate = new ConnectionGate(
    access,
    limits,
    desk as unknown as ConnectionAuthenticator,
    new LocalConnectionSlots(maxPerAddress),
    new AccessLedger(),
    config,
  );
  const request = (url: string) =>
    ({ url, headers: { host: 'parley.test' }, socket: { remoteAddress: '10.0.0.1' } }) as unknown as IncomingMessage;
  return { gate, desk, request };
}

describe('ConnectionGate', () => {
  it('spends a ticket presented with a since it refuses, so the ticket opens nothing afterwards', async () => {
    const { gate, desk, request } = setUp();
    const bad = request('/ws/general?ticket=t-1&since=-1');
    expect(await gate.admit(bad)).toMatchObject({ admitted: true });
    expect(gate.requestOf(bad)).toMatchObject({ closeCode: CloseCode.InvalidSince });
    expect(desk.presented).toEqual([{ kind: 'ticket', ticket: 't-1' }]);
    expect(await gate.admit(request('/ws/general?ticket=t-1'))).toMatchObject({ admitted: false, status: 401 });
  });

  it('takes an address’s slot before anything is awaited, and gives it back on a refusal or a release', async () => {
    const { gate, request } = setUp(2);
    const admissions = await Promise.all([1, 2, 3].map((i) => gate.admit(request(`/ws/general?username=g${i}`))));
    expect(admissions.map((admission) => (admission.admitted ? 101 : admission.status))).toEqual([101, 101, 429]);
    expect(await gate.admit(request('/ws/secret?username=g4'))).toMatchObject({ status: 429 });
    const first = admissions[0];
    if (first.admitted) first.release();
    expect(await gate.admit(request('/ws/secret?username=g5'))).toMatchObject({ admitted: false, status: 404 });
    expect(await gate.admit(request('/ws/general?username=g6'))).toMatchObject({ admitted: true });
  });

  it('refuses everything once the server stops accepting', async () => {
    const { gate, request } = setUp();
    gate.stopAccepting();
    expect(await gate.admit(request('/ws/general?username=late'))).toMatchObject({ admitted: false, status: 503 });
  });
});
