/** A signed-in user as a request or a socket ticket carries them: who, and under which sign-in session. */
export interface Principal {
  userId: string;
  username: string;
  sessionId: string;
}
