/** A page's cursor: opaque to clients, the index position of the last result it gave. */
export function encodeCursor(position: number): string {
  return Buffer.from(`p1:${position}`).toString('base64url');
}

/** The position a cursor continues from; null for anything this server did not issue. */
export function decodeCursor(cursor: string): number | null {
  const match = /^p1:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : null;
}
