import { describe, expect, it } from 'vitest';
import { adminUser } from '../../testing/factories';
import { FakeParleyApi } from '../../testing/fakeParleyApi';
import { useAdminUsers } from './useAdminUsers';

const namesOf = (accounts: ReturnType<typeof useAdminUsers>) => accounts.users.value.map((user) => user.username);

describe('useAdminUsers', () => {
  it('finds accounts by the start of their name, in lower case, page by page', async () => {
    const api = new FakeParleyApi();
    api.accounts.push(adminUser('bo'), adminUser('bob'), adminUser('bobby'));
    const accounts = useAdminUsers(api);

    await accounts.search(' BO ');
    expect(api.calls).toEqual(['listUsers bo']);
    expect(namesOf(accounts)).toEqual(['bo', 'bob', 'bobby']);

    const paged = new FakeParleyApi();
    paged.accounts.push(
      ...Array.from({ length: 55 }, (_, index) => adminUser(`user${String(index).padStart(2, '0')}`)),
    );
    const many = useAdminUsers(paged);
    await many.search('user');
    expect(many.users.value).toHaveLength(50);
    expect(many.hasMore.value).toBe(true);
    await many.loadMore();
    expect(many.users.value).toHaveLength(55);
    expect(paged.calls.at(-1)).toBe('listUsers user after user49');
  });

  it('grants and revokes admin, and shows the account as the server answered', async () => {
    const api = new FakeParleyApi();
    const accounts = useAdminUsers(api);
    await accounts.search('');
    const bea = accounts.users.value.find((user) => user.username === 'bea')!;

    expect(await accounts.setAdmin(bea, true)).toBe(true);
    expect(accounts.users.value.find((user) => user.username === 'bea')?.admin).toBe(true);
    expect(api.calls).toContain('setServerAdmin bea true');
  });

  it('deactivates and reactivates an account', async () => {
    const api = new FakeParleyApi();
    const accounts = useAdminUsers(api);
    await accounts.search('cy');
    await accounts.deactivate(accounts.users.value[0]!);
    expect(accounts.users.value[0]?.deactivated).toBe(true);
    await accounts.reactivate(accounts.users.value[0]!);
    expect(accounts.users.value[0]?.deactivated).toBe(false);
    expect(api.calls).toEqual(['listUsers cy', 'deactivateUser cy', 'reactivateUser cy']);
  });

  it('says in words why the last admin keeps admin, and why nobody deactivates themself', async () => {
    const api = new FakeParleyApi('ali');
    const accounts = useAdminUsers(api);
    await accounts.search('ali');
    const ali = accounts.users.value[0]!;

    expect(await accounts.setAdmin(ali, false)).toBe(false);
    expect(accounts.actionError.value).toBe(
      'Could not take admin away from ali. The server must keep at least one admin: make someone else an admin first.',
    );
    expect(accounts.users.value[0]?.admin).toBe(true);

    expect(await accounts.deactivate(ali)).toBe(false);
    expect(accounts.actionError.value).toBe('Could not deactivate ali. You cannot do that to yourself.');
    expect(accounts.users.value[0]?.deactivated).toBe(false);
  });
});
