import type { Attachment } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/rest';
import { fileKind, formatBytes, isPicture, thumbnailBox, uploadFailure } from './attachments';

function attachment(overrides: Partial<Attachment> = {}): Attachment {
  return {
    id: 'f1',
    name: 'a.bin',
    size: 1,
    contentType: 'application/octet-stream',
    url: '/api/files/f1',
    ...overrides,
  };
}

const picture = (width: number, height: number) =>
  attachment({ contentType: 'image/png', width, height, thumbnailUrl: '/api/files/f1/thumbnail' });

describe('formatBytes', () => {
  it('says bytes, then kilobytes and megabytes of 1,024', () => {
    expect(formatBytes(800)).toBe('800 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(26_214_400)).toBe('25 MB');
  });
});

describe('fileKind', () => {
  it('knows a kind from the detected type, and text by its name', () => {
    expect(fileKind(attachment({ contentType: 'application/pdf' }))).toBe('pdf');
    expect(fileKind(attachment({ contentType: 'application/zip' }))).toBe('archive');
    expect(fileKind(attachment({ name: 'server.log' }))).toBe('text');
    expect(fileKind(attachment({ name: 'x.png' }))).toBe('other');
  });
});

describe('isPicture', () => {
  it('takes the four image types with their size and thumbnail, never an SVG', () => {
    expect(isPicture(picture(10, 10))).toBe(true);
    expect(isPicture(attachment({ contentType: 'image/svg+xml', width: 10, height: 10 }))).toBe(false);
    expect(isPicture(attachment({ contentType: 'image/png' }))).toBe(false);
  });
});

describe('thumbnailBox', () => {
  it('keeps the proportions within the box', () => {
    expect(thumbnailBox(picture(4000, 3000))).toEqual({ width: 320, height: 240 });
    expect(thumbnailBox(picture(500, 2000))).toEqual({ width: 80, height: 320 });
  });

  it('never enlarges a small image', () => {
    expect(thumbnailBox(picture(120, 80))).toEqual({ width: 120, height: 80 });
  });
});

describe('uploadFailure', () => {
  it('says why in the user’s words: too large, not allowed, too many', () => {
    expect(uploadFailure(new ApiError(413, 'x'), 26_214_400)).toBe('Too large: files may be at most 25 MB');
    expect(uploadFailure(new ApiError(404, 'x'))).toMatch(/^Not allowed/);
    expect(uploadFailure(new ApiError(401, 'x'))).toMatch(/^Not allowed/);
    expect(uploadFailure(new ApiError(429, 'x', 12))).toBe('Too many uploads: try again in 12 s');
    expect(uploadFailure(new ApiError(400, 'The file is empty'))).toBe('The file is empty');
  });
});
