import { HttpStatus, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  parseSearchQuery,
  type ChatMessage,
  type ParsedSearch,
  type SearchPage,
  type SearchRequest,
  type SearchResult,
} from '@parley/contracts';
import { ApiErrorException } from '../common/api-error.exception.js';
import { MembersService } from '../members/members.service.js';
import { toChatMessage } from '../messages/message-mapper.js';
import { MessagesRepository } from '../messages/messages.repository.js';
import { RoomAccess } from '../rooms/room-access.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { decodeCursor, encodeCursor } from './search-cursor.js';
import { SearchIndex, SearchTimedOut, type SearchCriteria, type SearchHit, type SearchScope } from './search-index.js';

/**
 * Search over every room the caller may read now: the query parsed as the contracts read it, what the engine cannot
 * search set aside (and said), the rooms resolved (public ones for anyone, the caller's own as a member; `in:` one
 * room, found readable or answered as empty, the same whether it exists or not), hits taken newest first, and each
 * message sent in its current state as the room's history gives it.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly index: SearchIndex,
    private readonly access: RoomAccess,
    private readonly members: MembersService,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesRepository,
  ) {}

  async search(viewer: { userId: string } | null, request: SearchRequest & { limit: number }): Promise<SearchPage> {
    const parsed = parseSearchQuery(request.q);
    if (!parsed.ok) throw invalid(parsed.reason);
    const after = request.cursor === undefined ? null : decodeCursor(request.cursor);
    if (after === null && request.cursor !== undefined) throw invalid('Unknown cursor: pass a nextCursor as it came');
    const { criteria, ignored, nothingLeft } = this.forEngine(parsed.query);
    if (nothingLeft) throw invalid(`Nothing to search for: ${ignored.join(', ')} cannot be searched`);
    const scope = await this.scopeOf(parsed.query, viewer?.userId ?? null);
    if (scope === null) return { results: [], nextCursor: null, ignored };
    const hits = await this.index.find(criteria, scope, after, request.limit + 1).catch((error: unknown) => {
      if (error instanceof SearchTimedOut) throw tooSlow();
      throw error;
    });
    const more = hits.length > request.limit;
    const page = hits.slice(0, request.limit);
    return {
      results: await this.resultsOf(page),
      nextCursor: more ? encodeCursor(page.at(-1)!.position) : null,
      ignored,
    };
  }

  /**
   * The query as this engine can search it: words it cannot find are ignored (and listed). A phrase is matched whole,
   * short words and stopwords too, as long as one of its words is one the engine finds; one with none is ignored
   * whole (its words listed).
   */
  private forEngine(query: ParsedSearch): { criteria: SearchCriteria; ignored: string[]; nothingLeft: boolean } {
    const ignored = [...query.ignored];
    const note = (word: string) => {
      if (!ignored.includes(word)) ignored.push(word);
    };
    const words = query.words.filter((word) => {
      if (this.index.searchable(word)) return true;
      note(word);
      return false;
    });
    const phrases = query.phrases.filter((phrase) => {
      if (phrase.some((word) => this.index.searchable(word))) return true;
      phrase.forEach(note);
      return false;
    });
    const operators = [query.from, query.in, query.before, query.after].some((value) => value !== undefined);
    const criteria = { words, phrases, from: query.from, before: query.before, after: query.after };
    return { criteria, ignored, nothingLeft: words.length === 0 && phrases.length === 0 && !operators };
  }

  /** Null: the search can find nothing (an `in:` room the caller may not read, or that does not exist). */
  private async scopeOf(query: ParsedSearch, userId: string | null): Promise<SearchScope | null> {
    if (query.in === undefined) return { publicAnd: await this.members.roomIdsOf(userId) };
    if (query.in === null) return null;
    const found = await this.access.readable(query.in, userId);
    return found ? { room: found.room.id } : null;
  }

  private async resultsOf(hits: readonly SearchHit[]): Promise<SearchResult[]> {
    const rooms = new Map((await this.rooms.byIds(hits.map((hit) => hit.roomId))).map((room) => [room.id, room]));
    const messages = new Map<string, ChatMessage>();
    for (const [roomId, seqs] of groupByRoom(hits)) {
      const room = rooms.get(roomId);
      if (!room) continue;
      for (const row of await this.messages.findBySeqs(roomId, seqs)) {
        if (!row.deleted) messages.set(`${roomId}:${row.seq}`, toChatMessage(row, room.slug));
      }
    }
    return hits.flatMap((hit) => {
      const message = messages.get(`${hit.roomId}:${hit.seq}`);
      const room = rooms.get(hit.roomId);
      return message && room ? [{ message, room: searchRoom(room) }] : [];
    });
  }
}

function groupByRoom(hits: readonly SearchHit[]): Map<number, number[]> {
  const byRoom = new Map<number, number[]>();
  for (const hit of hits) byRoom.set(hit.roomId, [...(byRoom.get(hit.roomId) ?? []), hit.seq]);
  return byRoom;
}

function searchRoom(room: RoomRef): SearchResult['room'] {
  return { slug: room.slug, name: room.name, visibility: room.visibility, kind: room.kind };
}

function tooSlow(): ApiErrorException {
  return new ApiErrorException(
    HttpStatus.SERVICE_UNAVAILABLE,
    ErrorCode.SearchTimeout,
    'The search took too long: add a less common word, or narrow it with from:, in:, before: or after:',
  );
}

function invalid(reason: string): ApiErrorException {
  return new ApiErrorException(400, ErrorCode.InvalidQuery, reason);
}
