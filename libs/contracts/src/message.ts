/** A stored chat message, as every client receives it. */
export interface ChatMessage {
  id: string;
  /** Position in its room: 1, 2, 3… with no gaps, in storage order. */
  seq: number;
  /** Room slug. */
  room: string;
  username: string;
  /** The sender's user id; null for a guest (a name only). Set by the server from the connection, never by a frame. */
  userId: string | null;
  content: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** The sender's own id for this message, when it gave one. */
  clientId?: string;
}
