import type {
  ChatMessage,
  CreateRoomRequest,
  EventPage,
  EventPageQuery,
  Member,
  MemberRole,
  MessageEdit,
  MessagePage,
  MessagePageQuery,
  MessagesAround,
  MyRoom,
  NotificationLevel,
  NotificationLevelRequest,
  PushKey,
  PushSubscriptionRequest,
  RoomSummary,
  SearchPage,
  SearchRequest,
} from '@parley/contracts';
import { ApiError, type ParleyApi } from '../api/rest';
import { member, roomSummary } from './factories';

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
