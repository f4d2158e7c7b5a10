import { CloseCode, ErrorCode, type ClientEvents } from '@parley/contracts';
import type { WebSocket } from 'ws';
import { FakeSocket } from '../../../test/factories/fake-socket.js';
import { sessionOn } from '../../../test/factories/sessions.js';
import { Identity } from '../../identity/identity.js';
import { AccessLedger } from '../state/access-ledger.js';
import type { ClientSession } from '../state/client-session.js';
import { Connections } from '../state/connections.js';
import { ClientEventRouter } from './client-event-router.js';
import type { ClientEventTable } from './client-event-table.js';
import { validateDelete, validateEdit, validateReact } from './change.validators.js';
import { validatePing } from './ping.validator.js';
import { validateRead } from './read.validator.js';
import { validateSendMessage } from './send-message.validator.js';
import { validateTyping } from './typing.validator.js';

function setUp(
  handleMessage: (session: ClientSession, data: ClientEvents['message']) => void | Promise<void>,
  identity?: Identity,
) {
  const table: ClientEventTable = {
    message: { validate: validateSendMessage, handle: handleMessage },
    ping: { validate: validatePing, handle: (session) => session.reply({ event: 'pong', data: {} }) },
    read: { validate: validateRead, handle: () => {} },
    typing: { validate: validateTyping, handle: () => {} },
    edit: { validate: validateEdit, handle: () => {} },
    delete: { validate: validateDelete, handle: () => {} },
    react: { validate: validateReact, handle: () => {} },
  };
  const connections = new Connections();
  const router = new ClientEventRouter(connections, table);
  const socket = new FakeSocket();
  const ledger = new AccessLedger();
  const session = sessionOn(socket, { ledger, identity });
  session.goLive(0);
  const send = (frame: unknown) => router.route(socket.asWebSocket(), Buffer.from(JSON.stringify(frame)));
  return { connections, router, socket, session, send, ledger };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ClientEventRouter', () => {
  it('takes no frame from a connection whose member was removed since: it is closed with 4403 instead', async () => {
    const handled: unknown[] = [];
    const member = Identity.user('u-ali', 'ali', 's-1');
    const { connections, socket, session, send, ledger } = setUp((_session, data) => void handled.push(data), member);
    connections.add(socket.asWebSocket(), Promise.resolve(session));
    await settle();
    send({ event: 'message', data: { content: 'before' } });
    ledger.memberRemoved(session.room.id, 'u-ali');
    send({ event: 'message', data: { content: 'after' } });
    send({ event: 'ping', data: {} });
    expect(handled).toEqual([{ content: 'before' }]);
    expect(socket.frames()).toEqual([]);
    expect(socket.closedWith?.code).toBe(CloseCode.RemovedFromRoom);
  });

  it('routes each known event to its handler with validated data, and answers ping with pong', async () => {
    const handled: unknown[] = [];
    const { connections, socket, session, send } = setUp((_session, data) => void handled.push({ ...data }));
    connections.add(socket.asWebSocket(), Promise.resolve(session));
    await settle();
    send({ event: 'message', data: { content: 'hi', username: 'Mallory' } });
    send({ event: 'ping', data: {} });
    expect(handled).toEqual([{ content: 'hi' }]);
    expect(socket.frames()).toEqual([{ event: 'pong', data: {} }]);
  });

  it('answers what it cannot take with one error frame, naming the clientId when there was one', async () => {
    const { connections, socket, session, send, router } = setUp(() => {});
    connections.add(socket.asWebSocket(), Promise.resolve(session));
    await settle();
    router.route(socket.asWebSocket(), Buffer.from('{"event":'));
    send({ event: 'shout', data: {} });
    send({ event: 'message', data: { content: '', clientId: 'c1' } });
    send({ event: 'ping', data: 'x' });
    expect(socket.frames().map((frame) => frame.data)).toEqual([
      expect.objectContaining({ code: ErrorCode.BadJson }),
      expect.objectContaining({ code: ErrorCode.UnknownEvent }),
      expect.objectContaining({ code: ErrorCode.InvalidMessage, clientId: 'c1' }),
      expect.objectContaining({ code: ErrorCode.InvalidData }),
    ]);
  });

  it('reports a handler that throws as INTERNAL_ERROR, not as a database failure', async () => {
    const { connections, socket, session, send } = setUp(async () => {
      throw new TypeError('a bug');
    });
    connections.add(socket.asWebSocket(), Promise.resolve(session));
    await settle();
    send({ event: 'message', data: { content: 'hi', clientId: 'c1' } });
    await settle();
    expect(socket.frames()).toEqual([
      { event: 'error', data: { code: ErrorCode.InternalError, message: expect.any(String), clientId: 'c1' } },
    ]);
  });

  it('holds frames sent while the socket joins and handles them in order once it joined', async () => {
    const handled: string[] = [];
    const { connections, socket, session, send } = setUp((_session, data) => void handled.push(data.content));
    let finishJoin!: (joined: ClientSession) => void;
    connections.add(socket.asWebSocket(), new Promise((resolve) => (finishJoin = resolve)));
    send({ event: 'message', data: { content: 'first' } });
    send({ event: 'message', data: { content: 'second' } });
    expect(handled).toEqual([]);
    finishJoin(session);
    await settle();
    send({ event: 'message', data: { content: 'third' } });
    expect(handled).toEqual(['first', 'second', 'third']);
  });

  it('ignores frames of a socket it does not hold, and of a session being closed', async () => {
    const handled: string[] = [];
    const { connections, socket, session, send, router } = setUp((_session, data) => void handled.push(data.content));
    router.route({} as WebSocket, Buffer.from('{"event":"message","data":{"content":"stranger"}}'));
    connections.add(socket.asWebSocket(), Promise.resolve(session));
    await settle();
    session.close(1000, 'bye');
    send({ event: 'message', data: { content: 'late' } });
    expect(handled).toEqual([]);
  });
});
