import { Injectable } from '@nestjs/common';
import { foldName, normalizeRegisteredUsername, type User } from '@parley/contracts';
import { v7 as uuidv7 } from 'uuid';
import { OnDomainEvent, type DomainEventMap } from '../events/domain-events.js';
import { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

const REGISTERED_NAME_CACHE_SIZE = 10_000;

export function toUser(row: Pick<UserEntity, 'id' | 'username' | 'admin'>): User {
  // MySQL's TINYINT may come back as 0 or 1 where the row was not read through its entity.
  return { id: row.id, username: row.username, guest: false, admin: Boolean(row.admin) };
}

/** Registered people. Usernames given here are already normalised (lower-case, valid). */
@Injectable()
export class UsersService {
  /** Whether a lower-cased name is registered, as last read; a registration anywhere updates it. */
  private readonly registeredNames = new Map<string, boolean>();
  private readonly pendingNames = new Set<string>();
  private pendingLookUp: Promise<Set<string>> | null = null;

  constructor(private readonly users: UsersRepository) {}

  /** The new user, or null when the name is taken. */
  async create(username: string, passwordHash: string): Promise<UserEntity | null> {
    const user = Object.assign(new UserEntity(), {
      id: uuidv7(),
      username,
      passwordHash,
      createdAt: new Date(),
      admin: false,
      deactivatedAt: null,
    });
    return (await this.users.insertIfAbsent(user)) ? user : null;
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findByUsername(username);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findById(id);
  }

  /** The usernames of these user ids, by id. */
  usernamesOf(ids: readonly string[]): Promise<Map<string, string>> {
    return this.users.usernamesOf(ids);
  }

  isActiveAdmin(id: string): Promise<boolean> {
    return this.users.isActiveAdmin(id);
  }

  setPasswordHash(id: string, passwordHash: string): Promise<void> {
    return this.users.updatePasswordHash(id, passwordHash);
  }

  /**
   * Whether a guest name would pass for a registered user: compared as people read names (`foldName`: full-width
   * forms and case folded), so neither `ALI` nor `ａｌｉ` is free while `ali` is registered.
   */
  async isRegistered(name: string): Promise<boolean> {
    const lower = normalizeRegisteredUsername(foldName(name));
    if (lower === null) return false;
    const known = this.registeredNames.get(lower);
    if (known !== undefined) return known;
    // A registration told while the read ran is newer than the read's answer.
    const registered = (await this.lookUp(lower)).has(lower) || this.registeredNames.get(lower) === true;
    this.remember(lower, registered);
    return registered;
  }

  /**
   * The registered names among those asked about in one event-loop turn, read with one query: a storm of guests
   * joining after a restart asks once per turn, not once per guest.
   */
  private lookUp(lower: string): Promise<Set<string>> {
    this.pendingNames.add(lower);
    this.pendingLookUp ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const names = [...this.pendingNames];
      this.pendingNames.clear();
      this.pendingLookUp = null;
      return this.users.existingUsernames(names);
    });
    return this.pendingLookUp;
  }

  /** Of these guest names, those that pass for a registered user (as `isRegistered` compares), read now. */
  async registeredAmong(names: readonly string[]): Promise<Set<string>> {
    const asUsernames = new Map<string, string[]>();
    for (const name of names) {
      const username = normalizeRegisteredUsername(foldName(name));
      if (username !== null) asUsernames.set(username, [...(asUsernames.get(username) ?? []), name]);
    }
    const registered = await this.users.existingUsernames([...asUsernames.keys()]);
    return new Set([...registered].flatMap((username) => asUsernames.get(username) ?? []));
  }

  /** A name registered on any instance is no longer free for guests here. */
  @OnDomainEvent('account.changed')
  nameRegistered(change: DomainEventMap['account.changed']): void {
    if (change.kind === 'registered') this.remember(change.username, true);
  }

  private remember(name: string, registered: boolean): void {
    if (this.registeredNames.size >= REGISTERED_NAME_CACHE_SIZE) {
      const oldest = this.registeredNames.keys().next().value;
      if (oldest !== undefined) this.registeredNames.delete(oldest);
    }
    this.registeredNames.set(name, registered);
  }
}
