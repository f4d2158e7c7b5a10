/** A file in a message (or uploaded for one): what every client receives, in history, events, search and REST. */
export interface Attachment {
  id: string;
  /** The uploader's file name, without path separators or control characters, at most 255 characters. */
  name: string;
  /** Bytes. */
  size: number;
  /** Detected from the bytes, never taken from the client; `application/octet-stream` when unknown. */
  contentType: string;
  /** Images (PNG, JPEG, GIF, WebP) only, in pixels as shown (EXIF orientation applied). */
  width?: number;
  height?: number;
  /** `/api/files/<id>`: the bytes, to whoever may read the room. */
  url: string;
  /** Images only: `/api/files/<id>/thumbnail`, longest side at most 400 px, never larger than the original. */
  thumbnailUrl?: string;
}

/** The image types that get dimensions and a thumbnail, and the only types served `inline`. */
export const INLINE_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export function isInlineImage(contentType: string): boolean {
  return INLINE_IMAGE_TYPES.includes(contentType);
}

export function attachmentUrl(id: string): string {
  return `/api/files/${id}`;
}

export function thumbnailUrl(id: string): string {
  return `/api/files/${id}/thumbnail`;
}

/**
 * The file name as stored and shown: path separators (`/`, `\`) and control characters (C0, DEL, C1, and the
 * bidirectional controls that make `gpj.exe` read as `exe.jpg`) removed, trimmed, at most 255 code points;
 * `file` when nothing is left.
 */
export function cleanFileName(raw: string): string {
  const cleaned = raw.replace(/[/\\\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '').trim();
  const name = [...cleaned].slice(0, LIMIT_NAME).join('').trim();
  return name === '' || name === '.' || name === '..' ? 'file' : name;
}

const LIMIT_NAME = 255;
