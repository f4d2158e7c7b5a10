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
    rooms = new RoomsService(new RoomsRepository(dataSource.getRepository(RoomEntity)));
  });

  afterEach(() => dataSource.destroy());

  it('creates a room on first open, once, even when many joiners open it at the same time', async () => {
    const opened = await Promise.all(Array.from({ length: 5 }, () => rooms.open('general')));
    expect(new Set(opened.map((room) => room.id)).size).toBe(1);
    expect(await dataSource.getRepository(RoomEntity).count()).toBe(1);
    expect(await rooms.get('general')).toMatchObject({ slug: 'general', name: 'general', lastMessageAt: null });
  });

  it('refuses to create a slug twice', async () => {
    await rooms.create('team', 'Team');
    await expect(rooms.create('team', undefined)).rejects.toBeInstanceOf(RoomAlreadyExistsException);
    expect(await rooms.get('team')).toMatchObject({ name: 'Team' });
  });

  it('requires an existing room for reads, without creating it', async () => {
    await expect(rooms.require('nowhere')).rejects.toBeInstanceOf(RoomNotFoundException);
    await expect(rooms.get('nowhere')).rejects.toBeInstanceOf(RoomNotFoundException);
    expect(await dataSource.getRepository(RoomEntity).count()).toBe(0);
  });

  it('lists the most recently active room first', async () => {
    await rooms.create('older', undefined);
    await rooms.create('newer', undefined);
    const older = await rooms.require('older');
    await dataSource
      .getRepository(RoomEntity)
      .update({ id: older.id }, { lastSeq: 3, lastActivityAt: new Date(Date.now() + 60_000) });
    expect((await rooms.list()).map((room) => room.slug)).toEqual(['older', 'newer']);
    expect(await rooms.lastSeq(older)).toBe(3);
  });
});
