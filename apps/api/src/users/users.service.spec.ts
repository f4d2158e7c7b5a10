import type { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** The registered names on record; each read can be held open to tell a registration while it runs. */
function recordOf(registered: string[]) {
  const reads: string[][] = [];
  let release: (() => void) | null = null;
  const repository = {
    existingUsernames: async (names: readonly string[]) => {
      reads.push([...names]);
      const found = new Set(names.filter((name) => registered.includes(name)));
      await new Promise<void>((resolve) => (release = resolve));
      return found;
    },
  } as unknown as UsersRepository;
  return { reads, repository, release: () => release?.() };
}

describe('UsersService.isRegistered', () => {
  it('asks once for every name asked about in one turn, folding case and full-width forms', async () => {
    const record = recordOf(['ali']);
    const users = new UsersService(record.repository);
    const answers = Promise.all(['ALI', 'ｂｅａ', 'cy'].map((name) => users.isRegistered(name)));
    await new Promise((resolve) => setImmediate(resolve));
    record.release();
    expect(await answers).toEqual([true, false, false]);
    expect(record.reads).toEqual([['ali', 'bea', 'cy']]);
    expect(await users.isRegistered('Ali')).toBe(true);
    expect(record.reads).toHaveLength(1);
  });

  it('takes a registration told while the read ran over the read’s older answer', async () => {
    const record = recordOf([]);
    const users = new UsersService(record.repository);
    const answer = users.isRegistered('dee');
    await new Promise((resolve) => setImmediate(resolve));
    users.nameRegistered({ kind: 'registered', username: 'dee' });
    record.release();
    expect(await answer).toBe(true);
    expect(await users.isRegistered('DEE')).toBe(true);
  });
});
