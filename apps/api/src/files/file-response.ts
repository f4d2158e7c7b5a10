import { pipeline } from 'node:stream/promises';
import { isInlineImage } from '@parley/contracts';
import { create as contentDisposition } from 'content-disposition';
import type { Request, Response } from 'express';
import parseRange from 'range-parser';
import type { ByteRange } from './file-store.js';
import { FileNotFoundException, type ServableFile } from './files.service.js';

/**
 * How long a browser may reuse a file without asking again. Short, and `private` always: access is checked on every
 * request that reaches the server, and a deleted message's file must stop being shown soon even from caches.
 */
const MAX_AGE_SECONDS = 60;

/**
 * Writes a file as HTTP: the detected type, never sniffed by the browser (`nosniff`) and never run as a page
 * (`sandbox`); `inline` only for the four image types, any other type (SVG and HTML included) an `attachment` with
 * its name; a strong ETag for `If-None-Match` (304) and `If-Range`; one byte range (206, or 416 past the end), the
 * whole file for several.
 */
export async function sendFile(request: Request, response: Response, file: ServableFile): Promise<void> {
  response.set({
    'Content-Type': file.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': 'sandbox',
    ETag: file.etag,
    'Cache-Control': `private, max-age=${MAX_AGE_SECONDS}`,
    'Content-Disposition': contentDisposition(file.name, {
      type: isInlineImage(file.contentType) ? 'inline' : 'attachment',
    }),
    'Accept-Ranges': 'bytes',
  });
  if (unchangedFor(request, file.etag)) {
    response.status(304).end();
    return;
  }
  const range = requestedRange(request, file);
  if (range === 'unsatisfiable') {
    response.status(416).set('Content-Range', `bytes */${file.size}`).end();
    return;
  }
  const body = await file.store.read(file.key, range ?? undefined);
  if (!body) throw new FileNotFoundException();
  if (range) {
    response.status(206).set('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
  }
  response.set('Content-Length', String(range ? range.end - range.start + 1 : file.size));
  await pipeline(body, response).catch(() => response.destroy());
}

/** `If-None-Match` names this version (or any, `*`); weak comparison, as RFC 9110 asks for this header. */
function unchangedFor(request: Request, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

function requestedRange(request: Request, file: ServableFile): ByteRange | 'unsatisfiable' | null {
  const header = request.headers.range;
  if (!header) return null;
  const ifRange = request.headers['if-range'];
  if (ifRange !== undefined && ifRange !== file.etag) return null;
  const ranges = parseRange(file.size, header, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return null;
  return { start: ranges[0].start, end: ranges[0].end };
}
