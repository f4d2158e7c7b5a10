import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { isInlineImage, LIMITS } from '@parley/contracts';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';

/** What the bytes of an upload are, found from the bytes alone. */
export interface Inspection {
  contentType: string;
  sha256: string;
  /** Images: their size as shown (EXIF orientation applied), and a WebP thumbnail written beside the file. */
  image?: { width: number; height: number; thumbnailPath: string; thumbnailSize: number };
}

/** The image could not be decoded (truncated, corrupt, or more pixels than the limit). */
export class UndecodableImageError extends Error {}

/**
 * Decoding bombs stop here: 100 megapixels (a 10,000 × 10,000 image) is far beyond any screenshot or photo, and a
 * decoder's memory is bounded by it. sharp works on libuv's threads, never on the event loop.
 */
const MAX_INPUT_PIXELS = 100_000_000;

export const THUMBNAIL_CONTENT_TYPE = 'image/webp';

/**
 * The type from the file's magic numbers (`application/octet-stream` when unknown: a name or a client's word is never
 * believed), its SHA-256, and for PNG, JPEG, GIF and WebP the dimensions and a thumbnail (the first frame of an
 * animation, longest side at most 400 px, never enlarged, without the original's metadata).
 */
export async function inspectUpload(path: string): Promise<Inspection> {
  const [detected, sha256] = await Promise.all([fileTypeFromFile(path), sha256Of(path)]);
  const contentType = detected?.mime ?? 'application/octet-stream';
  if (!isInlineImage(contentType)) return { contentType, sha256 };
  const thumbnailPath = `${path}.thumbnail`;
  try {
    const metadata = await sharp(path, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    const { width, height } = metadata.autoOrient;
    const thumbnail = await sharp(path, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize(LIMITS.thumbnailMaxSide, LIMITS.thumbnailMaxSide, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(thumbnailPath);
    return { contentType, sha256, image: { width, height, thumbnailPath, thumbnailSize: thumbnail.size } };
  } catch (error) {
    throw new UndecodableImageError(`The ${contentType} image could not be read: ${(error as Error).message}`);
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
