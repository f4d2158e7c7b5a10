import { isInlineImage, LIMITS, type Attachment } from '@parley/contracts';
import { ApiError, HTTP_NOT_FOUND, HTTP_TOO_MANY_REQUESTS, HTTP_UNAUTHORIZED } from '../api/rest';

const HTTP_PAYLOAD_TOO_LARGE = 413;

/** A file's size for people: `800 B`, `12 KB`, `3.4 MB` (powers of 1,024, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export type FileKind = 'image' | 'pdf' | 'audio' | 'video' | 'archive' | 'text' | 'other';

const ARCHIVES = new Set([
  'application/zip',
  'application/gzip',
  'application/x-tar',
  'application/x-7z-compressed',
  'application/x-rar-compressed',
  'application/x-bzip2',
  'application/x-xz',
  'application/zstd',
]);

/** The kind a card shows by its icon: from the detected type, and for text (which has no magic number) the name. */
export function fileKind(attachment: Pick<Attachment, 'contentType' | 'name'>): FileKind {
  const { contentType, name } = attachment;
  if (contentType.startsWith('image/')) return 'image';
  if (contentType === 'application/pdf') return 'pdf';
  if (contentType.startsWith('audio/')) return 'audio';
  if (contentType.startsWith('video/')) return 'video';
  if (ARCHIVES.has(contentType)) return 'archive';
  if (/\.(txt|log|md|csv|json|ya?ml|xml|ts|js|py|go|rs|java|c|h|cpp|sh)$/i.test(name)) return 'text';
  return 'other';
}

export const FILE_ICONS: Record<FileKind, string> = {
  image: '🖼️',
  pdf: '📕',
  audio: '🎵',
  video: '🎬',
  archive: '🗜️',
  text: '📄',
  other: '📎',
};

/** Whether it shows as a picture: one of the four image types, with its size known. */
export function isPicture(attachment: Attachment): boolean {
  return (
    isInlineImage(attachment.contentType) &&
    attachment.thumbnailUrl !== undefined &&
    attachment.width !== undefined &&
    attachment.height !== undefined
  );
}

/**
 * The size a thumbnail takes in the timeline before it loads, so nothing jumps: the image's proportions within
 * `max` × `max` CSS pixels, never larger than the thumbnail itself (at most 400 px).
 */
export function thumbnailBox(attachment: Attachment, max = 320): { width: number; height: number } {
  const width = attachment.width ?? max;
  const height = attachment.height ?? max;
  const scale = Math.min(1, max / width, max / height, LIMITS.thumbnailMaxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Why an upload failed, in the user's words. */
export function uploadFailure(error: unknown, maxBytes: number = LIMITS.uploadMaxBytes): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  switch (error.status) {
    case HTTP_PAYLOAD_TOO_LARGE:
      return `Too large: files may be at most ${formatBytes(maxBytes)}`;
    case HTTP_UNAUTHORIZED:
      return 'Not allowed: sign in to share files';
    case HTTP_NOT_FOUND:
      return 'Not allowed: you cannot share files in this room';
    case HTTP_TOO_MANY_REQUESTS:
      return `Too many uploads: try again in ${error.retryAfterSeconds ?? 60} s`;
    default:
      return error.message;
  }
}
