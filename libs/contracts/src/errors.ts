/** Codes carried by `error` frames, and by REST error bodies that carry a `code`; each names one kind of refusal. */
export const ErrorCode = {
  /** The frame is not valid JSON. */
  BadJson: 'BAD_JSON',
  /** The frame is JSON but not an `{event, data}` object. */
  BadFrame: 'BAD_FRAME',
  /** The event name is not one the server accepts. */
  UnknownEvent: 'UNKNOWN_EVENT',
  /** The message's data failed validation (missing, empty, too long, wrong type). */
  InvalidMessage: 'INVALID_MESSAGE',
  /** The data of an event other than `message` is malformed (a missing field, a wrong type). */
  InvalidData: 'INVALID_DATA',
  /** Too many messages too fast; the message was not stored. `retryAfterMs` says when the next one will be taken. */
  RateLimited: 'RATE_LIMITED',
  /** The database did not store the message; it was not broadcast and may be resent. */
  StoreFailed: 'STORE_FAILED',
  /** The server is shutting down and did not take the message; resend after reconnecting. */
  ShuttingDown: 'SHUTTING_DOWN',
  /** Not allowed: a guest sending a read receipt, a change to someone else's message. */
  Forbidden: 'FORBIDDEN',
  /** No such message in this room, or it is deleted (also for a `replyTo` that is). */
  NotFound: 'NOT_FOUND',
  /** Not one emoji, or a 21st distinct emoji on the message. */
  InvalidReaction: 'INVALID_REACTION',
  /** A fault in the server, not in the frame or the database; it was logged. Nothing was stored. */
  InternalError: 'INTERNAL_ERROR',
  /** REST: a search with nothing to search for, a malformed date, a limit out of range or an unknown cursor. */
  InvalidQuery: 'INVALID_QUERY',
  /** REST, 503: the search ran past its time limit (SEARCH_TIMEOUT_MS); a narrower query may not. */
  SearchTimeout: 'SEARCH_TIMEOUT',
  /** A `message` frame's attachment id that is unknown, another person's, another room's or already used. */
  InvalidAttachment: 'INVALID_ATTACHMENT',
  /** REST, 413: an upload past UPLOAD_MAX_BYTES; nothing was kept. */
  FileTooLarge: 'FILE_TOO_LARGE',
  /** REST, 400: an upload with no `file` part, an empty file, or an image that cannot be decoded. */
  InvalidFile: 'INVALID_FILE',
  /** The sender is muted in this room: nothing they send changes anything until `retryAfterMs` has passed. */
  Muted: 'MUTED',
  /** REST, 409: this would leave the server without an admin. */
  LastAdmin: 'LAST_ADMIN',
  /** REST, 409: an admin deactivating themself, or anyone banning or muting themself. */
  Self: 'SELF',
  /** REST, 409: the room's owner cannot be banned or muted (hand ownership over first). */
  OwnerProtected: 'OWNER_PROTECTED',
  /** REST, 409: the user is banned from the room, so cannot be added back until the ban ends. */
  Banned: 'BANNED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** WebSocket close codes the server uses; 4xxx are Parley's own. */
export const CloseCode = {
  Normal: 1000,
  /** Server shutdown or restart: reconnect. */
  GoingAway: 1001,
  /** A frame over the size limit. */
  MessageTooBig: 1009,
  /** The server could not set up the connection (database unreachable): reconnect with backoff. */
  InternalError: 1011,
  /** The room name in the URL is not valid: do not reconnect. */
  InvalidRoom: 4001,
  /** The username is missing or not valid: do not reconnect with it. */
  InvalidUsername: 4002,
  /** The `since` query parameter is not a non-negative integer. */
  InvalidSince: 4003,
  /** A guest asked for a name that a registered user holds: sign in as that user, or pick another name. */
  NameTaken: 4004,
  /** The member was removed from the room (or left it): reconnecting would be refused. */
  RemovedFromRoom: 4403,
  /** The connection's sign-in session ended (signed out, password changed, a stolen token detected): sign in again. */
  Unauthorized: 4401,
  /** The client did not read fast enough and its backlog passed the bound: reconnect with `since`. */
  SlowConsumer: 4008,
  /** The client kept sending over its rate limit for a sustained time (see docs/protocol.md). */
  RateLimitAbuse: 4030,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which reconnecting with the same parameters cannot succeed. */
export const FATAL_CLOSE_CODES: readonly number[] = [
  CloseCode.InvalidRoom,
  CloseCode.InvalidUsername,
  CloseCode.InvalidSince,
  CloseCode.NameTaken,
  CloseCode.RemovedFromRoom,
  CloseCode.Unauthorized,
];
