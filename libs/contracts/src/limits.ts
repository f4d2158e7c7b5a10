/** Limits every edge enforces; the client reads the same numbers to guide its users. */
export const LIMITS = {
  /** Message content, in Unicode code points. */
  messageMaxLength: 2000,
  /** Largest WebSocket frame the server reads; bigger frames close the socket with 1009. */
  frameMaxBytes: 16 * 1024,
  /** Display name, in code points after trimming. */
  usernameMaxLength: 32,
  /** A registered username: 2–32 of a-z 0-9 _ . -, starting with a letter or digit. */
  registeredUsernameMinLength: 2,
  registeredUsernameMaxLength: 32,
  /** Passwords, in code points; not only whitespace. */
  passwordMinLength: 8,
  passwordMaxLength: 256,
  roomSlugMaxLength: 64,
  roomNameMaxLength: 100,
  clientIdMaxLength: 64,
  /** Distinct emoji on one message. */
  reactionsPerMessage: 20,
  /** Names listed per reaction (the count has them all). */
  reactionUsersListed: 20,
  /** Messages in the `history` frame and the default REST page. */
  historyPageSize: 50,
  pageMaxSize: 100,
  roomsListMaxSize: 100,
  /**
   * A member's read marker in a room is stored at most once per interval: the first move at once, later ones in the
   * interval merged into one at its end. The web client sends at most one per interval too.
   */
  readMarkerIntervalMs: 1_000,
  /** A search query, in code points. */
  searchQueryMaxLength: 200,
  /** Results per search page: the default and the most. */
  searchPageSize: 20,
  searchPageMaxSize: 50,
  /** Query words shorter than this (in code points) are ignored, and listed as such. */
  searchWordMinLength: 3,
  /** Messages around one (`GET …/messages?around=`): the default and the most. */
  aroundPageSize: 50,
  aroundPageMaxSize: 100,
  /** Files on one message. */
  attachmentsPerMessage: 10,
  /** The default of UPLOAD_MAX_BYTES (25 MiB); the server's own limit is the one it answers 413 by. */
  uploadMaxBytes: 26_214_400,
  /** A thumbnail's longest side, in pixels. */
  thumbnailMaxSide: 400,
  /** A mute's length in minutes: 1 minute to 30 days. */
  muteMinutesMin: 1,
  muteMinutesMax: 43_200,
  /** A timed ban's length in minutes (no `minutes`: forever): 1 minute to a year. */
  banMinutesMax: 525_600,
  /** A ban's reason and a report's, in code points. */
  banReasonMaxLength: 500,
  reportReasonMaxLength: 500,
  /** Entries per page of the admin listings (users, reports, audit): the default and the most. */
  adminPageSize: 50,
  adminPageMaxSize: 100,
} as const;
