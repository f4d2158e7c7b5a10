import { LIMITS, type ClientFrame } from '@parley/contracts';

/**
 * Where the user has read up to in a room, told to the server: the others see it as "seen by", and the user's unread
 * count goes. Members only (a guest has no marker). At most one marker per LIMITS.readMarkerIntervalMs, as the server
 * stores them; what was seen meanwhile goes at the end of the wait, the newest seq only: a busy room would otherwise
 * cost a frame per message per reader.
 */
export function useReadMarker(options: { member: boolean; transmit: (frame: ClientFrame) => boolean }) {
  /** The viewer's marker as the server holds it, as far as this client knows. */
  let storedReadSeq = 0;
  /** The newest seq the user has seen: told to the server once the socket can take it. */
  let seenSeq = 0;
  /** A history arrived on the current socket, so frames sent now concern the room as it showed. */
  let greeted = false;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function sendRead(): void {
    if (!greeted || seenSeq <= storedReadSeq || timer !== undefined) return;
    const wait = lastSentAt + LIMITS.readMarkerIntervalMs - Date.now();
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = undefined;
        sendRead();
      }, wait);
      return;
    }
    if (options.transmit({ event: 'read', data: { seq: seenSeq } })) {
      storedReadSeq = seenSeq;
      lastSentAt = Date.now();
    }
  }

  return {
    /** The user has seen the messages up to `seq` (may be called after every message seen). */
    markRead(seq: number): void {
      if (!options.member) return;
      seenSeq = Math.max(seenSeq, seq);
      sendRead();
    },
    /** A new socket's history carries the marker as the server holds it: what was seen goes at once. */
    greeted(readSeq: number | undefined): void {
      storedReadSeq = readSeq ?? 0;
      greeted = true;
      clearTimeout(timer);
      timer = undefined;
      lastSentAt = Number.NEGATIVE_INFINITY;
      sendRead();
    },
    disconnected(): void {
      greeted = false;
    },
    dispose(): void {
      clearTimeout(timer);
    },
  };
}
