import type { Readable } from 'node:stream';

/** A byte range, both ends included, as HTTP's Range names it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where the bytes of files live, by key; every instance must see the same store. `DiskFileStore` is a folder
 * (the embedded default, or a volume shared by the instances); `S3FileStore` any S3-compatible service.
 */
export abstract class FileStore {
  /** Stores the file at `path` (a local file) under `key`, replacing nothing readers could see half-written. */
  abstract put(key: string, path: string, size: number, contentType: string): Promise<void>;

  /** The bytes (of `range` when given); null when there is no such key. */
  abstract read(key: string, range?: ByteRange): Promise<Readable | null>;

  /** Removes the keys; a key that is not there is no error. */
  abstract delete(keys: readonly string[]): Promise<void>;
}

/** A file's bytes and its thumbnail's, by the file's id. */
export function fileKey(id: string, variant: 'original' | 'thumbnail'): string {
  return variant === 'original' ? id : `${id}.thumbnail`;
}
