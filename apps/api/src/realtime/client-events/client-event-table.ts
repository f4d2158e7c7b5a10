import type { ClientEvents } from '@parley/contracts';
import type { SendService } from '../orchestration/send.service.js';
import type { ClientSession } from '../state/client-session.js';
import { validatePing } from './ping.validator.js';
import { validateSendMessage } from './send-message.validator.js';

/** One accepted client event: how its data is checked (throwing a ProtocolException), and who handles it. */
export interface ClientEventHandler<E extends keyof ClientEvents> {
  validate(data: unknown): ClientEvents[E];
  handle(session: ClientSession, data: ClientEvents[E]): void | Promise<void>;
}

/** Every event a client may send: a new one is its type in the contracts and one entry here. */
export type ClientEventTable = { [E in keyof ClientEvents]: ClientEventHandler<E> };

export const CLIENT_EVENT_TABLE = Symbol('CLIENT_EVENT_TABLE');

export function clientEventTable(sending: SendService): ClientEventTable {
  return {
    message: { validate: validateSendMessage, handle: (session, data) => sending.send(session, data) },
    ping: { validate: validatePing, handle: (session) => session.reply({ event: 'pong', data: {} }) },
  };
}
