import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore, type ByteRange } from './file-store.js';

/**
 * Files in a folder, two levels of the key's first characters deep (a folder of a million entries is slow to list and
 * to back up). A file is copied in under a temporary name and renamed, so no reader ever sees half of it.
 */
export class DiskFileStore extends FileStore {
  private readonly root: string;

  constructor(folder: string) {
    super();
    this.root = resolve(folder);
  }

  async put(key: string, path: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(join(target, '..'), { recursive: true });
    const partial = `${target}.${randomUUID()}.partial`;
    try {
      await copyFile(path, partial);
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable | null> {
    const stream = createReadStream(this.pathOf(key), range);
    return new Promise((settle, fail) => {
      stream.once('open', () => settle(stream));
      stream.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? settle(null) : fail(error)));
    });
  }

  async delete(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.pathOf(key), { force: true })));
  }

  /** Keys are the server's own (uuids and a suffix), never a client's name: nothing can point outside the folder. */
  private pathOf(key: string): string {
    if (!/^[0-9a-f-]+(\.thumbnail)?$/.test(key)) throw new Error(`Not a file key: ${key}`);
    return join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }
}
