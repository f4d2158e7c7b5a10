import { SocketWriter } from './socket-writer.js';

/** A signed-in user's own stream (`/ws/~me`): what changes in their rooms, written through the same bounded writer. */
export class UserStream extends SocketWriter {}
