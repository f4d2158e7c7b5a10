import { LocalEventLink } from '../events/event-link.js';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../database/database-options.js';
import { RoomEntity } from './room.entity.js';
import { RoomAlreadyExistsException, RoomNotFoundException } from './rooms.exceptions.js';
import { RoomsRepository } from './rooms.repository.js';
import { RoomsService } from './rooms.service.js';

/** The service over its real repository, on an in-memory SQLite migrated like production. */
describe('RoomsService', () => {
  let dataSource: DataSource;
  let rooms: RoomsService;

  beforeEach(async () => {
    dataSource = new DataSource(databaseOptions('sqlite::memory:'));
    await dataSource.initialize();
    rooms = new RoomsService(new RoomsRepository(dataSource.getRepository(RoomEntity)), new LocalEventLink());
  });

  afterEach(() => dataSource.destroy());

  it('creates a public room on first open, once, even when many joiners open it at the same time', async () => {
    const opened = await Promise.all(Array.from({ length: 5 }, () => rooms.open('general')));
    expect(new Set(opened.map((room) => room.id)).size).toBe(1);
    expect(await dataSource.getRepository(RoomEntity).count()).toBe(1);
    expect(await rooms.summary(opened[0])).toMatchObject({
      slug: 'general',
      name: 'general',
      visibility: 'public',
      kind: 'room',
      lastMessageAt: null,
    });
  });

  it('refuses to create a slug twice', async () => {
    await rooms.createPublic('team', 'Team');
    await expect(rooms.createPublic('team', undefined)).rejects.toBeInstanceOf(RoomAlreadyExistsException);
    expect(await rooms.summary(await rooms.require('team'))).toMatchObject({ name: 'Team' });
  });

  it('finds and requires an existing room for reads, without creating it', async () => {
    await expect(rooms.require('nowhere')).rejects.toBeInstanceOf(RoomNotFoundException);
    expect(await rooms.find('nowhere')).toBeNull();
    expect(await dataSource.getRepository(RoomEntity).count()).toBe(0);
  });

  it('chooses an unguessable slug for a private room, and lists public rooms only', async () => {
    const secret = await rooms.createPrivate('Plans');
    expect(secret).toMatchObject({ name: 'Plans', visibility: 'private', kind: 'room' });
    expect(secret.slug).toMatch(/^[a-z0-9]{20}$/);
    await rooms.createPublic('open', undefined);
    expect((await rooms.listPublic()).map((room) => room.slug)).toEqual(['open']);
  });

  it('makes one DM for two people, whichever asks and however many ask at once', async () => {
    const ali = { id: '0001', username: 'ali' };
    const bea = { id: '0002', username: 'bea' };
    const asked = await Promise.all([rooms.dm(ali, bea), rooms.dm(bea, ali), rooms.dm(ali, bea)]);
    expect(new Set(asked.map(({ room }) => room.id)).size).toBe(1);
    expect(asked[0].room).toMatchObject({ kind: 'dm', visibility: 'private', name: 'ali, bea' });
    expect(await dataSource.getRepository(RoomEntity).count()).toBe(1);
  });

  it('lists the most recently active room first', async () => {
    await rooms.createPublic('older', undefined);
    await rooms.createPublic('newer', undefined);
    const older = await rooms.require('older');
    await dataSource
      .getRepository(RoomEntity)
      .update({ id: older.id }, { lastSeq: 3, lastActivityAt: new Date(Date.now() + 60_000) });
    expect((await rooms.listPublic()).map((room) => room.slug)).toEqual(['older', 'newer']);
    expect(await rooms.lastSeq(older)).toBe(3);
  });
});
