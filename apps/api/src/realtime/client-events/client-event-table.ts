import { ErrorCode, type ClientEvents } from '@parley/contracts';
import type { MuteBook } from '../../moderation/mute-book.js';
import type { ReadMarkersService } from '../../reading/read-markers.service.js';
import { mayMarkRead } from '../../rooms/room-policy.js';
import type { ChangeService } from '../orchestration/change.service.js';
import type { SendService } from '../orchestration/send.service.js';
import type { TypingService } from '../orchestration/typing.service.js';
import type { ClientSession } from '../state/client-session.js';
import { validateDelete, validateEdit, validateReact } from './change.validators.js';
import { validatePing } from './ping.validator.js';
import { ProtocolException } from './protocol.exception.js';
import { validateRead } from './read.validator.js';
import { validateSendMessage } from './send-message.validator.js';
import { validateTyping } from './typing.validator.js';

/** One accepted client event: how its data is checked (throwing a ProtocolException), and who handles it. */
export interface ClientEventHandler<E extends keyof ClientEvents> {
  validate(data: unknown): ClientEvents[E];
  handle(session: ClientSession, data: ClientEvents[E]): void | Promise<void>;
}

/** Every event a client may send: a new one is its type in the contracts and one entry here. */
export type ClientEventTable = { [E in keyof ClientEvents]: ClientEventHandler<E> };

export const CLIENT_EVENT_TABLE = Symbol('CLIENT_EVENT_TABLE');

/** The handlers the table needs. */
export interface ClientEventServices {
  sending: SendService;
  changes: ChangeService;
  typing: TypingService;
  markers: ReadMarkersService;
  mutes: MuteBook;
}

export function clientEventTable({ sending, changes, typing, markers, mutes }: ClientEventServices): ClientEventTable {
  /** What a muted member may not do: refused with MUTED, and nothing changes, until the mute ends. */
  const unlessMuted =
    <D>(handle: (session: ClientSession, data: D) => void | Promise<void>) =>
    (session: ClientSession, data: D) => {
      const until = mutes.mutedUntil(session.room.id, session.identity.userId);
      if (until !== null) {
        throw new ProtocolException(
          ErrorCode.Muted,
          `You are muted in this room until ${new Date(until).toISOString()}`,
          until - Date.now(),
        );
      }
      return handle(session, data);
    };
  return {
    message: { validate: validateSendMessage, handle: unlessMuted((session, data) => sending.send(session, data)) },
    ping: { validate: validatePing, handle: (session) => session.reply({ event: 'pong', data: {} }) },
    read: {
      validate: validateRead,
      handle: (session, data) => {
        const refusal = mayMarkRead(session.identity);
        if (refusal) throw new ProtocolException(refusal.code, refusal.reason);
        markers.request(session.room, session.identity.userId!, session.identity.username, data.seq);
      },
    },
    typing: { validate: validateTyping, handle: unlessMuted((session, data) => typing.set(session, data.typing)) },
    edit: { validate: validateEdit, handle: unlessMuted((session, data) => changes.edit(session, data)) },
    delete: { validate: validateDelete, handle: (session, data) => changes.delete(session, data) },
    react: { validate: validateReact, handle: unlessMuted((session, data) => changes.react(session, data)) },
  };
}
