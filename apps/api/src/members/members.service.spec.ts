import type { AuditLog } from '../audit/audit-log.js';
import type { RestrictionsRepository } from '../moderation/restrictions.repository.js';
import { roomRef } from '../../test/factories/drafts.js';
import type { Transactions } from '../database/transactions.js';
import type { DomainEvents } from '../events/domain-events.js';
import type { OnlineRegistry } from '../online/online-registry.js';
import type { UsersService } from '../users/users.service.js';
import type { MemberRow, MembersRepository } from './members.repository.js';
import { MembersService } from './members.service.js';

describe('MembersService.readers', () => {
  const reader: MemberRow = { userId: 'u-ali', username: 'ali', role: 'member', readSeq: 3 };

  function serviceOver(reads: number[]) {
    const repository = {
      readers: async (roomId: number) => {
        reads.push(roomId);
        return [reader];
      },
    } as unknown as MembersRepository;
    return new MembersService(
      repository,
      {} as UsersService,
      {} as OnlineRegistry,
      {} as Transactions,
      {} as DomainEvents,
      {} as RestrictionsRepository,
      {} as AuditLog,
    );
  }

  it('gives the joiners of a room in one turn one read, and a later turn a read of its own', async () => {
    const reads: number[] = [];
    const members = serviceOver(reads);
    const general = roomRef({ id: 1 });

    const sameTurn = await Promise.all([members.readers(general), members.readers(general), members.readers(general)]);
    expect(sameTurn).toEqual([[reader], [reader], [reader]]);
    expect(reads).toEqual([1]);

    await members.readers(general);
    expect(reads).toEqual([1, 1]);
  });

  it('reads each room for itself', async () => {
    const reads: number[] = [];
    const members = serviceOver(reads);
    await Promise.all([members.readers(roomRef({ id: 1 })), members.readers(roomRef({ id: 2, slug: 'other' }))]);
    expect(reads.sort()).toEqual([1, 2]);
  });
});

describe('MembersService.joinOnOpen', () => {
  /** Memberships and bans on record; a ban may be committed between the upgrade's check and the insert. */
  function setUp(bannedByInsertTime: boolean) {
    const memberships = new Set<string>();
    const told: string[] = [];
    const repository = {
      add: async (roomId: number, userId: string) => {
        const key = `${roomId}:${userId}`;
        if (memberships.has(key)) return false;
        memberships.add(key);
        return true;
      },
      remove: async (_manager: unknown, roomId: number, userId: string) => memberships.delete(`${roomId}:${userId}`),
    } as unknown as MembersRepository;
    const members = new MembersService(
      repository,
      {} as UsersService,
      {} as OnlineRegistry,
      { run: (work: (manager: unknown) => Promise<unknown>) => work({}) } as unknown as Transactions,
      { emit: (_name: string, change: { username: string }) => told.push(change.username) } as unknown as DomainEvents,
      { isBanned: async () => bannedByInsertTime } as unknown as RestrictionsRepository,
      {} as AuditLog,
    );
    return { members, memberships, told };
  }

  it('makes whoever opens a public room a member, once, and tells it', async () => {
    const { members, memberships, told } = setUp(false);
    await members.joinOnOpen(roomRef({ id: 1 }), 'u-ali', 'ali');
    await members.joinOnOpen(roomRef({ id: 1 }), 'u-ali', 'ali');
    expect([...memberships]).toEqual(['1:u-ali']);
    expect(told).toEqual(['ali']);
  });

  it('takes the membership back, untold, when a ban landed before the insert (after the upgrade checked)', async () => {
    const { members, memberships, told } = setUp(true);
    await members.joinOnOpen(roomRef({ id: 1 }), 'u-ali', 'ali');
    expect([...memberships]).toEqual([]);
    expect(told).toEqual([]);
  });
});
