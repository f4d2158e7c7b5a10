import {
  ErrorCode,
  LIMITS,
  type AdminUser,
  type AdminUserPage,
  type AuditEntry,
  type AuditPage,
  type Ban,
  type BanRequest,
  type ChatMessage,
  type CreateRoomRequest,
  type EventPage,
  type EventPageQuery,
  type Member,
  type MemberRole,
  type MessageEdit,
  type MessagePage,
  type MessagePageQuery,
  type MessagesAround,
  type Mute,
  type MuteRequest,
  type MyRoom,
  type NotificationLevel,
  type NotificationLevelRequest,
  type PushKey,
  type PushSubscriptionRequest,
  type Report,
  type ReportPage,
  type ReportReceipt,
  type RoomSettingsRequest,
  type RoomSummary,
  type SearchPage,
  type SearchRequest,
} from '@parley/contracts';
import { ApiError, type PageQuery, type ParleyApi, type ReportQuery, type UserQuery } from '../api/rest';
import { adminUser, member, roomSummary } from './factories';

/** The items after `query.after` (a key of one of them), `query.limit` of them, with the cursor of the next page. */
function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, query: PageQuery) {
  const start = query.after === undefined ? 0 : items.findIndex((item) => keyOf(item) === query.after) + 1;
  const page = items.slice(start, start + (query.limit ?? LIMITS.adminPageSize));
  const more = start + page.length < items.length;
  return { page, nextCursor: more && page.length > 0 ? keyOf(page.at(-1)!) : null };
}

const refusal = (status: number, code: ErrorCode, message: string) => new ApiError(status, message, undefined, code);

/**
 * The room endpoints as a tiny server, speaking as `viewer`: rooms with their members, the registered `users`, and
 * the rules of docs/protocol.md that the client relies on (404 unknown, 409 already a member, owner hand-over).
 * Every call is logged in `calls` ("addMember team bea"); `refuseNext` makes the next call fail with that error.
 */
export class FakeParleyApi implements ParleyApi {
  readonly calls: string[] = [];
  readonly rooms = new Map<string, RoomSummary>();
  readonly members = new Map<string, Member[]>();
  readonly users = new Set(['ali', 'bea', 'cy', 'dan']);
  publicRooms: RoomSummary[] = [];
  myRoomsList: MyRoom[] = [];
  refuseNext: ApiError | null = null;
  private created = 0;

  constructor(readonly viewer = 'ali') {}

  /** A room and its members, as the server holds them. */
  addRoom(room: RoomSummary, members: Member[]): void {
    this.rooms.set(room.slug, room);
    this.members.set(room.slug, members);
  }

  async listRooms(): Promise<RoomSummary[]> {
    this.log('listRooms');
    return this.publicRooms;
  }

  async createRoom(request: CreateRoomRequest): Promise<RoomSummary> {
    this.log(`createRoom ${request.visibility ?? 'public'} ${request.name ?? request.slug}`);
    const slug = request.slug ?? `private${++this.created}`;
    const room = roomSummary(slug, { name: request.name ?? slug, visibility: request.visibility ?? 'public' });
    this.addRoom(room, [member(this.viewer, 'owner', true)]);
    return room;
  }

  async getRoom(slug: string): Promise<RoomSummary> {
    this.log(`getRoom ${slug}`);
    return this.roomNamed(slug);
  }

  async getMessages(slug: string, _query: MessagePageQuery): Promise<MessagePage> {
    this.log(`getMessages ${slug}`);
    return { messages: [], hasMore: false };
  }

  /** What searches answer, in order; each is answered once. */
  readonly searchAnswers: SearchPage[] = [];

  async search(request: SearchRequest): Promise<SearchPage> {
    this.log(`search ${request.q}${request.cursor ? ` after ${request.cursor}` : ''}`);
    return this.searchAnswers.shift() ?? { results: [], nextCursor: null, ignored: [] };
  }

  async getMessagesAround(slug: string, seq: number): Promise<MessagesAround> {
    this.log(`getMessagesAround ${slug} ${seq}`);
    return { messages: [], hasMoreBefore: false, hasMoreAfter: false };
  }

  /** Messages by id, as GET …/messages/:id answers them; edits by message id. */
  readonly messages = new Map<string, ChatMessage>();
  readonly edits = new Map<string, MessageEdit[]>();

  async getMessage(slug: string, id: string): Promise<ChatMessage> {
    this.log(`getMessage ${slug} ${id}`);
    const message = this.messages.get(id);
    if (!message) throw new ApiError(404, 'Message not found');
    return message;
  }

  async getEdits(slug: string, id: string): Promise<MessageEdit[]> {
    this.log(`getEdits ${slug} ${id}`);
    return this.edits.get(id) ?? [];
  }

  async getEvents(slug: string, query: EventPageQuery): Promise<EventPage> {
    this.log(`getEvents ${slug} ${query.after}`);
    return { events: [], hasMore: false };
  }

  async myRooms(): Promise<MyRoom[]> {
    this.log('myRooms');
    return this.myRoomsList;
  }

  async openDm(username: string): Promise<RoomSummary> {
    this.log(`openDm ${username}`);
    if (!this.users.has(username)) throw new ApiError(404, `No user named ${username}`);
    const people = [this.viewer, username].sort();
    const slug = `dm-${people.join('-')}`;
    if (!this.rooms.has(slug)) {
      const dm = roomSummary(slug, { name: people.join(', '), visibility: 'private', kind: 'dm' });
      this.addRoom(
        dm,
        people.map((name) => member(name)),
      );
    }
    return this.roomNamed(slug);
  }

  async listMembers(slug: string): Promise<Member[]> {
    this.log(`listMembers ${slug}`);
    this.roomNamed(slug);
    return [...(this.members.get(slug) ?? [])];
  }

  async addMember(slug: string, username: string): Promise<Member> {
    this.log(`addMember ${slug} ${username}`);
    const list = this.membersOf(slug);
    if (!this.users.has(username)) throw new ApiError(404, `No user named ${username}`);
    if (list.some((m) => m.username === username)) throw new ApiError(409, `${username} is a member already`);
    const added = member(username);
    list.push(added);
    return added;
  }

  async removeMember(slug: string, username: string): Promise<void> {
    this.log(`removeMember ${slug} ${username}`);
    const list = this.membersOf(slug);
    this.members.set(
      slug,
      list.filter((m) => m.username !== username),
    );
  }

  async changeRole(slug: string, username: string, role: MemberRole): Promise<Member> {
    this.log(`changeRole ${slug} ${username} ${role}`);
    const list = this.membersOf(slug).map((m): Member => {
      if (m.username === username) return { ...m, role };
      // Handing ownership over: the old owner becomes an admin.
      return role === 'owner' && m.role === 'owner' ? { ...m, role: 'admin' } : m;
    });
    this.members.set(slug, list);
    return list.find((m) => m.username === username)!;
  }

  /** The levels set, by room slug; the push subscriptions taken, by endpoint. */
  readonly levels = new Map<string, NotificationLevel>();
  readonly pushSubscriptions = new Map<string, PushSubscriptionRequest>();
  publicKey: string | null = 'BKey';

  async setNotificationLevel(slug: string, level: NotificationLevel): Promise<NotificationLevelRequest> {
    this.log(`setNotificationLevel ${slug} ${level}`);
    const list = this.membersOf(slug);
    if (!list.some((m) => m.username === this.viewer)) throw new ApiError(404, 'No such room');
    this.levels.set(slug, level);
    return { level };
  }

  async pushKey(): Promise<PushKey> {
    this.log('pushKey');
    if (this.publicKey === null) throw new ApiError(404, 'Push is not configured on this server');
    return { publicKey: this.publicKey };
  }

  async subscribePush(subscription: PushSubscriptionRequest): Promise<void> {
    this.log('subscribePush');
    this.pushSubscriptions.set(subscription.endpoint, subscription);
  }

  async unsubscribePush(endpoint: string): Promise<void> {
    this.log('unsubscribePush');
    this.pushSubscriptions.delete(endpoint);
  }

  /** The reports each person made, as "slug id reason". */
  readonly reported: string[] = [];

  async reportMessage(slug: string, id: string, reason: string): Promise<ReportReceipt> {
    this.log(`reportMessage ${slug} ${id} ${reason}`);
    this.reported.push(`${slug} ${id} ${reason}`);
    return { id: `report-${this.reported.length}`, status: 'open' };
  }

  async deleteMessage(slug: string, id: string): Promise<void> {
    this.log(`deleteMessage ${slug} ${id}`);
    for (const entry of this.reports) {
      if (entry.message.id === id) entry.message = { ...entry.message, deleted: true, content: '' };
    }
  }

  /** Bans and mutes by room slug. */
  readonly bans = new Map<string, Ban[]>();
  readonly mutes = new Map<string, Mute[]>();

  async ban(slug: string, request: BanRequest): Promise<Ban> {
    this.log(`ban ${slug} ${request.username}${request.reason ? ` ${request.reason}` : ''}`);
    this.refuseSanction(slug, request.username);
    const until = request.minutes === undefined ? null : new Date(Date.now() + request.minutes * 60_000).toISOString();
    const given: Ban = {
      username: request.username,
      reason: request.reason ?? null,
      until,
      by: this.viewer,
      at: new Date().toISOString(),
    };
    this.bans.set(slug, [...this.listOf(this.bans, slug), given]);
    // A ban takes the membership with it.
    this.members.set(
      slug,
      this.membersOf(slug).filter((m) => m.username !== request.username),
    );
    return given;
  }

  async listBans(slug: string): Promise<Ban[]> {
    this.log(`listBans ${slug}`);
    return [...this.listOf(this.bans, slug)];
  }

  async unban(slug: string, username: string): Promise<void> {
    this.log(`unban ${slug} ${username}`);
    this.bans.set(
      slug,
      this.listOf(this.bans, slug).filter((entry) => entry.username !== username),
    );
  }

  async mute(slug: string, request: MuteRequest): Promise<Mute> {
    this.log(`mute ${slug} ${request.username} ${request.minutes}`);
    this.refuseSanction(slug, request.username);
    const until = new Date(Date.now() + request.minutes * 60_000).toISOString();
    const given: Mute = { username: request.username, until, by: this.viewer, at: new Date().toISOString() };
    this.mutes.set(slug, [...this.listOf(this.mutes, slug), given]);
    return given;
  }

  async listMutes(slug: string): Promise<Mute[]> {
    this.log(`listMutes ${slug}`);
    return [...this.listOf(this.mutes, slug)];
  }

  async unmute(slug: string, username: string): Promise<void> {
    this.log(`unmute ${slug} ${username}`);
    this.mutes.set(
      slug,
      this.listOf(this.mutes, slug).filter((entry) => entry.username !== username),
    );
  }

  async changeRoomSettings(slug: string, settings: RoomSettingsRequest): Promise<RoomSummary> {
    this.log(`changeRoomSettings ${slug} guests ${settings.guests}`);
    const room = this.roomNamed(slug);
    if (room.visibility !== 'public') throw new ApiError(403, 'Guests never come into a private room');
    const changed = { ...room, guests: settings.guests };
    this.rooms.set(slug, changed);
    return changed;
  }

  /** Every room's reports, oldest first; the audit log, newest first. */
  readonly reports: Report[] = [];
  readonly auditLog: AuditEntry[] = [];

  async listRoomReports(slug: string, query: ReportQuery): Promise<ReportPage> {
    this.log(`listRoomReports ${slug}${query.status ? ` ${query.status}` : ''}`);
    return this.reportPage(query, (entry) => entry.room.slug === slug);
  }

  async resolveRoomReport(slug: string, id: string): Promise<Report> {
    this.log(`resolveRoomReport ${slug} ${id}`);
    return this.resolved(id);
  }

  async roomAudit(slug: string, query: PageQuery): Promise<AuditPage> {
    this.log(`roomAudit ${slug}`);
    const { page, nextCursor } = pageOf(
      this.auditLog.filter((entry) => entry.room?.slug === slug),
      (entry) => entry.id,
      query,
    );
    return { entries: page, nextCursor };
  }

  /** The accounts as the admin listing has them: ali is the one admin. */
  readonly accounts: AdminUser[] = [...this.users].map((name) => adminUser(name, { admin: name === 'ali' }));

  async listUsers(query: UserQuery): Promise<AdminUserPage> {
    this.log(`listUsers${query.q ? ` ${query.q}` : ''}${query.after ? ` after ${query.after}` : ''}`);
    const matching = this.accounts
      .filter((account) => account.username.startsWith(query.q ?? ''))
      .sort((a, b) => a.username.localeCompare(b.username));
    const { page, nextCursor } = pageOf(matching, (account) => account.username, query);
    // Copies, as from over the wire: a change the server makes later shows only where the client puts it.
    return { users: page.map((account) => ({ ...account })), nextCursor };
  }

  async setServerAdmin(username: string, admin: boolean): Promise<AdminUser> {
    this.log(`setServerAdmin ${username} ${admin}`);
    const account = this.accountNamed(username);
    if (!admin && account.admin && this.accounts.filter((a) => a.admin).length === 1) {
      throw refusal(409, ErrorCode.LastAdmin, 'The server needs at least one admin');
    }
    return this.changeAccount(username, { admin });
  }

  async deactivateUser(username: string): Promise<void> {
    this.log(`deactivateUser ${username}`);
    if (username === this.viewer) throw refusal(409, ErrorCode.Self, 'You cannot deactivate yourself');
    this.changeAccount(username, { deactivated: true });
  }

  async reactivateUser(username: string): Promise<void> {
    this.log(`reactivateUser ${username}`);
    this.changeAccount(username, { deactivated: false });
  }

  async listReports(query: ReportQuery): Promise<ReportPage> {
    this.log(`listReports${query.status ? ` ${query.status}` : ''}${query.after ? ` after ${query.after}` : ''}`);
    return this.reportPage(query, () => true);
  }

  async resolveReport(id: string): Promise<Report> {
    this.log(`resolveReport ${id}`);
    return this.resolved(id);
  }

  async audit(query: PageQuery): Promise<AuditPage> {
    this.log(`audit${query.after ? ` after ${query.after}` : ''}`);
    const { page, nextCursor } = pageOf(this.auditLog, (entry) => entry.id, query);
    return { entries: page, nextCursor };
  }

  private reportPage(query: ReportQuery, inScope: (report: Report) => boolean): ReportPage {
    const matching = this.reports.filter((entry) => inScope(entry) && (!query.status || entry.status === query.status));
    const { page, nextCursor } = pageOf(matching, (entry) => entry.id, query);
    return { reports: page.map((entry) => ({ ...entry })), nextCursor };
  }

  private resolved(id: string): Report {
    const entry = this.reports.find((candidate) => candidate.id === id);
    if (!entry) throw new ApiError(404, 'No such report');
    Object.assign(entry, { status: 'resolved', resolvedBy: this.viewer, resolvedAt: '2025-01-01T12:00:00.000Z' });
    return { ...entry };
  }

  private accountNamed(username: string): AdminUser {
    const account = this.accounts.find((candidate) => candidate.username === username);
    if (!account) throw new ApiError(404, `No user named ${username}`);
    return account;
  }

  private changeAccount(username: string, change: Partial<AdminUser>): AdminUser {
    const account = Object.assign(this.accountNamed(username), change);
    return { ...account };
  }

  /** The refusals a ban and a mute share: yourself, and the room's owner. */
  private refuseSanction(slug: string, username: string): void {
    if (username === this.viewer) throw refusal(409, ErrorCode.Self, 'You cannot ban or mute yourself');
    if (this.membersOf(slug).some((m) => m.username === username && m.role === 'owner')) {
      throw refusal(409, ErrorCode.OwnerProtected, 'The owner cannot be banned or muted');
    }
  }

  private listOf<T>(lists: Map<string, T[]>, slug: string): T[] {
    this.roomNamed(slug);
    return lists.get(slug) ?? [];
  }

  private roomNamed(slug: string): RoomSummary {
    const room = this.rooms.get(slug);
    if (!room) throw new ApiError(404, 'Room not found');
    return room;
  }

  private membersOf(slug: string): Member[] {
    this.roomNamed(slug);
    return this.members.get(slug)!;
  }

  private log(call: string): void {
    this.calls.push(call);
    const refusal = this.refuseNext;
    if (refusal) {
      this.refuseNext = null;
      throw refusal;
    }
  }
}
