import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { isInlineImage, LIMITS } from '@parley/contracts';
import { Semaphore } from 'async-mutex';
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
 * One image decoded at a time, on one libvips thread: image work runs off the event loop, but on the same cores, and
 * every thread it adds takes its share of them from the loop that answers chat. Measured with ten uploads at once on
 * the bench's one server core (`npm run bench -- --only files`): the loop's p99 lag about 4 ms this way, 6–7 ms with
 * every image at once; the images wait their turn instead.
 */
sharp.concurrency(1);
const imageWork = new Semaphore(1);

/**
 * The type from the file's magic numbers (`application/octet-stream` when unknown: a name or a client's word is never
 * believed), its SHA-256, and for PNG, JPEG, GIF and WebP the dimensions and a thumbnail (the first frame of an
 * animation, longest side at most 400 px, never enlarged, without the original's metadata).
 */
export async function inspectUpload(path: string): Promise<Inspection> {
  const [detected, sha256] = await Promise.all([fileTypeFromFile(path), sha256Of(path)]);
  const contentType = detected?.mime ?? 'application/octet-stream';
  if (!isInlineImage(contentType)) return { contentType, sha256 };
  try {
    return await imageWork.runExclusive(() => describeImage(path, contentType, sha256));
  } catch (error) {
    throw new UndecodableImageError(`The ${contentType} image could not be read: ${(error as Error).message}`);
  }
}

async function describeImage(path: string, contentType: string, sha256: string): Promise<Inspection> {
  const thumbnailPath = `${path}.thumbnail`;
  const metadata = await sharp(path, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  const { width, height } = metadata.autoOrient;
  const thumbnail = await sharp(path, { limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .resize(LIMITS.thumbnailMaxSide, LIMITS.thumbnailMaxSide, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toFile(thumbnailPath);
  return { contentType, sha256, image: { width, height, thumbnailPath, thumbnailSize: thumbnail.size } };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
