import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, LIMITS } from '@parley/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { mayDelete, mayEdit, mayReact, type Refusal, type Verdict } from '../rooms/room-policy.js';
import type { Identity } from '../identity/identity.js';
import { Transactions } from '../database/transactions.js';
import { storedResendKey, type ChangeDraft } from './message-draft.js';
import { MessageEditEntity } from './message-edit.entity.js';
import { MessageEventEntity } from './message-event.entity.js';
import { MessageEntity, type StoredReaction } from './message.entity.js';
import { mentionsColumn } from './message-store.js';
import { RoomSeqs } from './room-seqs.js';
import { SearchIndex } from '../search/search-index.js';
import { AttachmentsRepository } from '../files/attachments.repository.js';
import { AuditLog } from '../audit/audit-log.js';

type RefusalCode = Refusal['code'];

/** What a change did to its row, before the row is turned into what clients see. */
export type RowChangeOutcome =
  | { kind: 'changed'; seq: number; row: MessageEntity }
  | { kind: 'unchanged'; row: MessageEntity }
  | { kind: 'duplicate'; seq: number; row: MessageEntity }
  | { kind: 'refused'; code: RefusalCode; reason: string };

/**
 * Changes to messages, each in its own transaction: the room's row is locked first (so every instance decides on the
 * message as it is, in the room's order), the change is checked against the current row, and only a change that
 * changes something takes the next seq of the log. A delete erases: the text, its earlier versions, the reactions
 * and the quote are gone from every row, and its files are marked erased (they answer 404 from the commit on; the
 * FileEraser takes their bytes out of the store right after).
 */
@Injectable()
export class MessageChangesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly seqs: RoomSeqs,
    private readonly search: SearchIndex,
    private readonly attachments: AttachmentsRepository,
    private readonly audit: AuditLog,
  ) {}

  async apply(change: ChangeDraft, now: Date): Promise<RowChangeOutcome> {
    const outcome = await this.applyInTransaction(change, now);
    if (outcome.kind === 'changed' && change.action.kind === 'delete') await this.transactions.eraseTraces();
    return outcome;
  }

  private applyInTransaction(change: ChangeDraft, now: Date): Promise<RowChangeOutcome> {
    return this.transactions.run(async (manager) => {
      const { room, sender, clientId } = change;
      // The lock first: a resend racing on another instance finds the change applied once it may go on.
      await this.seqs.lock(manager, room.id);
      const resendKey = clientId === undefined ? null : storedResendKey(sender, clientId);
      if (resendKey !== null) {
        const earlier = await manager.findOneBy(MessageEventEntity, { roomId: room.id, resendKey });
        if (earlier) {
          const row = await manager.findOneByOrFail(MessageEntity, { roomId: room.id, seq: earlier.messageSeq });
          return { kind: 'duplicate', seq: earlier.seq, row };
        }
      }
      const row = await manager.findOneBy(MessageEntity, { roomId: room.id, id: change.messageId });
      if (!row || row.deleted) return refused(ErrorCode.NotFound, 'No such message in this room');
      const decision = decide(row, change);
      if (decision !== 'apply') return decision;
      const seq = await this.seqs.takeOne(manager, room.id, now);
      await this.write(manager, row, change, seq, now);
      await manager.insert(MessageEventEntity, {
        roomId: room.id,
        seq,
        messageSeq: row.seq,
        kind: change.action.kind,
        resendKey,
        senderKey: sender.key,
        createdAt: now,
      });
      return {
        kind: 'changed',
        seq,
        row: await manager.findOneByOrFail(MessageEntity, { roomId: room.id, seq: row.seq }),
      };
    });
  }

  /** The earlier versions of a message's text, oldest first. */
  edits(roomId: number, messageSeq: number): Promise<MessageEditEntity[]> {
    return this.dataSource.getRepository(MessageEditEntity).find({
      where: { roomId, messageSeq },
      order: { version: 'ASC' },
    });
  }

  private async write(manager: EntityManager, row: MessageEntity, change: ChangeDraft, seq: number, now: Date) {
    const where = { roomId: row.roomId, seq: row.seq };
    const { action } = change;
    switch (action.kind) {
      case 'edit':
        await manager.insert(MessageEditEntity, {
          roomId: row.roomId,
          messageSeq: row.seq,
          version: seq,
          content: row.content,
          writtenAt: row.editedAt,
        });
        await manager.update(MessageEntity, where, {
          content: action.content,
          mentions: mentionsColumn(action.content),
          editedAt: now,
          version: seq,
        });
        await this.search.replace(manager, row.roomId, row.seq, action.content);
        return;
      case 'delete':
        await manager.delete(MessageEditEntity, { roomId: row.roomId, messageSeq: row.seq });
        await manager.update(MessageEntity, where, {
          content: '',
          mentions: null,
          editedAt: null,
          deleted: true,
          replyToId: null,
          replyToSeq: null,
          replyToUsername: null,
          reactions: null,
          attachments: null,
          version: seq,
        });
        await this.search.remove(manager, row.roomId, row.seq);
        await this.attachments.markErased(manager, row.id, now);
        if (row.userId === null || row.userId !== change.sender.userId) {
          await this.audit.record(
            manager,
            {
              actor: change.sender.username,
              action: 'message_delete',
              target: row.id,
              roomId: row.roomId,
              details: { seq: row.seq, sender: row.username },
            },
            now,
          );
        }
        return;
      case 'react':
        await manager.update(MessageEntity, where, {
          reactions: reacted(row.reactions ?? [], action.emoji, action.on, change.sender),
          version: seq,
        });
        return;
    }
  }
}

/** 'apply' when the change changes something and the room policy allows it; otherwise what to answer. */
function decide(row: MessageEntity, change: ChangeDraft): 'apply' | RowChangeOutcome {
  const { action, sender } = change;
  const actor =
    action.kind === 'delete'
      ? { userId: sender.userId, role: action.role, serverAdmin: action.serverAdmin }
      : { userId: sender.userId, role: null };
  switch (action.kind) {
    case 'edit':
      return refusedBy(mayEdit(row, actor)) ?? (action.content === row.content ? { kind: 'unchanged', row } : 'apply');
    case 'delete':
      return refusedBy(mayDelete(row, actor)) ?? 'apply';
    case 'react': {
      const refusal = refusedBy(mayReact(row));
      if (refusal) return refusal;
      const reactions = row.reactions ?? [];
      const existing = reactions.find((reaction) => reaction.emoji === action.emoji);
      const mine = existing?.people.some(([key]) => key === sender.key) ?? false;
      if (action.on === mine) return { kind: 'unchanged', row };
      if (action.on && !existing && reactions.length >= LIMITS.reactionsPerMessage) {
        return refused(
          ErrorCode.InvalidReaction,
          `A message holds at most ${LIMITS.reactionsPerMessage} different emoji`,
        );
      }
      return 'apply';
    }
  }
}

function refusedBy(verdict: Verdict): RowChangeOutcome | null {
  return verdict ? refused(verdict.code, verdict.reason) : null;
}

/** The reactions with the person's one added (after the others with that emoji) or taken away; null for none left. */
function reacted(reactions: StoredReaction[], emoji: string, on: boolean, person: Identity): StoredReaction[] | null {
  const entry: [string, string] = [person.key, person.username];
  const next = on
    ? reactions.some((reaction) => reaction.emoji === emoji)
      ? reactions.map((reaction) =>
          reaction.emoji === emoji ? { emoji, people: [...reaction.people, entry] } : reaction,
        )
      : [...reactions, { emoji, people: [entry] }]
    : reactions
        .map((reaction) =>
          reaction.emoji === emoji
            ? { emoji, people: reaction.people.filter(([key]) => key !== person.key) }
            : reaction,
        )
        .filter((reaction) => reaction.people.length > 0);
  return next.length === 0 ? null : next;
}

function refused(code: RefusalCode, reason: string): RowChangeOutcome {
  return { kind: 'refused', code, reason };
}
