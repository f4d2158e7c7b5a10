/** Limits every edge enforces; the client reads the same numbers to guide its users. */
export const LIMITS = {
  /** Message content, in Unicode code points. */
  messageMaxLength: 2000,
  /** Largest WebSocket frame the server reads; bigger frames close the socket with 1009. */
  frameMaxBytes: 16 * 1024,
  /** Display name, in code points after trimming. */
  usernameMaxLength: 32,
  roomSlugMaxLength: 64,
  roomNameMaxLength: 100,
  clientIdMaxLength: 64,
  /** Messages in the `history` frame and the default REST page. */
  historyPageSize: 50,
  pageMaxSize: 100,
  roomsListMaxSize: 100,
} as const;
