import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * `count` WebSocket upgrades to `/ws/<room>` as guests, whose requests are all written in the same turn once every TCP
 * connection is open: the server reads them together, before it has admitted any. Resolves to each one's HTTP status
 * ('101' when admitted), and closes them all.
 */
export async function upgradeBurst(httpUrl: string, room: string, count: number): Promise<string[]> {
  const { port } = new URL(httpUrl);
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () => resolve(socket)).on('error', reject);
        }),
    ),
  );
  const closed = sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
  const statuses = sockets.map(
    (socket) =>
      new Promise<string>((resolve) => {
        socket.once('data', (chunk: Buffer) => resolve(chunk.toString().split(' ')[1]));
        socket.once('close', () => resolve('closed'));
      }),
  );
  sockets.forEach((socket, i) =>
    socket.write(
      `GET /ws/${room}?username=guest-${i} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
        'Sec-WebSocket-Version: 13\r\n\r\n',
    ),
  );
  const answered = await Promise.all(statuses);
  sockets.forEach((socket) => socket.destroy());
  await Promise.all(closed);
  return answered;
}
