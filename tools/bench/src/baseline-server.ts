/**
 * The ceiling: a bare `ws` room broadcaster with no storage and no validation. Rooms by path (`/ws/<room>`), like
 * Parley; every text frame is relayed as is to everyone in the sender's room, sender included.
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
const server = createServer((_request, response) => response.writeHead(200).end('ok'));
const wss = new WebSocketServer({ server, perMessageDeflate: false });

wss.on('connection', (socket, request) => {
  const room = new URL(request.url ?? '/', 'http://x').pathname;
  let members = rooms.get(room);
  if (!members) rooms.set(room, (members = new Set()));
  members.add(socket);
  socket.on('message', (data, isBinary) => {
    for (const member of members) member.send(data, { binary: isBinary });
  });
  socket.on('close', () => members.delete(socket));
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
