import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import AccountBar from '../components/AccountBar.vue';
import { apiPlugin } from '../composables/useApi';
import { createAuth } from '../composables/useAuth';
import { auditEntry, chatMessage, member, report, roomSummary } from '../testing/factories';
import { FakeAuthServer } from '../testing/fakeAuthServer';
import { FakeParleyApi } from '../testing/fakeParleyApi';
import AdminView from './AdminView.vue';

/** The admin page (with the account bar), signed in as ali, a server admin unless told otherwise. */
async function openAdmin(path: string, options: { admin?: boolean; prepare?: (api: FakeParleyApi) => void } = {}) {
  const server = new FakeAuthServer();
  server.account.admin = options.admin ?? true;
  server.sessionActive = true;
  const auth = createAuth({ api: server });
  await auth.session.restore();
  const api = new FakeParleyApi();
  options.prepare?.(api);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => h('p', 'rooms') } },
      { path: '/chat/:room', component: { render: () => h('p', 'chat') } },
      { path: '/account', component: { render: () => h('p', 'account') } },
      { path: '/admin', component: AdminView },
    ],
  });
  await router.push(path);
  const wrapper = mount(
    { render: () => [h(AccountBar), h(RouterView)] },
    { global: { plugins: [router, auth, apiPlugin(api)] } },
  );
  await flushPromises();
  return { wrapper, api, router };
}

const buttonNamed = (wrapper: Awaited<ReturnType<typeof openAdmin>>['wrapper'], label: string) =>
  wrapper.get(`button[aria-label="${label}"]`);

describe('AdminView', () => {
  it('tells someone who is not a server admin they may not see it, and shows them no link to it', async () => {
    const { wrapper, api } = await openAdmin('/admin', { admin: false });
    expect(wrapper.get('[role="alert"]').text()).toContain('You are not allowed to see this page');
    expect(wrapper.find('a[href="/admin"]').exists()).toBe(false);
    expect(api.calls).toEqual([]);
  });

  it('is linked from the account bar for a server admin', async () => {
    const { wrapper } = await openAdmin('/');
    expect(wrapper.get('a[href="/admin"]').text()).toBe('Admin');
  });

  describe('users', () => {
    it('lists the accounts with their badges, and searches them by the start of their name', async () => {
      const { wrapper, api } = await openAdmin('/admin', {
        prepare: (fake) => {
          fake.accounts.find((account) => account.username === 'dan')!.deactivated = true;
        },
      });
      const rows = wrapper.findAll('.account');
      expect(rows.map((row) => row.attributes('data-username'))).toEqual(['ali', 'bea', 'cy', 'dan']);
      expect(rows[0]!.text()).toContain('admin');
      expect(rows[0]!.text()).toContain('(you)');
      expect(rows[3]!.text()).toContain('deactivated');
      expect(rows[3]!.text()).toContain('Reactivate');

      await wrapper.get('input[type="search"]').setValue('B');
      await wrapper.get('form[role="search"]').trigger('submit');
      await flushPromises();
      expect(api.calls.at(-1)).toBe('listUsers b');
      expect(wrapper.findAll('.account').map((row) => row.attributes('data-username'))).toEqual(['bea']);
    });

    it('grants admin and deactivates, and says in words why the last admin cannot be revoked', async () => {
      const { wrapper, api } = await openAdmin('/admin');
      await buttonNamed(wrapper, 'Grant admin to bea').trigger('click');
      await flushPromises();
      expect(api.calls).toContain('setServerAdmin bea true');
      expect(wrapper.get('[data-username="bea"]').text()).toContain('Revoke admin');

      await buttonNamed(wrapper, 'Deactivate cy').trigger('click');
      await flushPromises();
      expect(wrapper.get('[data-username="cy"]').text()).toContain('deactivated');

      await buttonNamed(wrapper, 'Revoke admin from bea').trigger('click');
      await flushPromises();
      await buttonNamed(wrapper, 'Revoke admin from ali').trigger('click');
      await flushPromises();
      expect(wrapper.get('[role="alert"]').text()).toContain('The server must keep at least one admin');
    });
  });

  describe('reports', () => {
    it('shows each open report with its room, reporter, reason and the message, and a link to it in its room', async () => {
      const { wrapper } = await openAdmin('/admin?tab=reports', {
        prepare: (fake) => fake.reports.push(report('r-1', 42, { reason: 'selling pills' })),
      });
      const item = wrapper.get('[data-report="r-1"]');
      expect(item.text()).toContain('#General');
      expect(item.text()).toContain('Reported by cy');
      expect(item.text()).toContain('“selling pills”');
      expect(item.get('.message__author').text()).toBe('bea');
      expect(item.get('.message__content').text()).toBe('rude message 42');
      expect(item.get('a').attributes('href')).toBe('/chat/general?at=42');
    });

    it('resolves a report, deletes its message after asking, and shows resolved reports on demand', async () => {
      const { wrapper, api } = await openAdmin('/admin?tab=reports', {
        prepare: (fake) => fake.reports.push(report('r-1', 1), report('r-2', 2, { status: 'resolved' })),
      });
      const item = () => wrapper.get('[data-report="r-1"]');
      const button = (text: string) =>
        item()
          .findAll('button')
          .find((candidate) => candidate.text() === text)!;

      await button('Delete message').trigger('click');
      expect(api.calls).not.toContain('deleteMessage general id-1');
      await item().get('.report__confirm .button--danger').trigger('click');
      await flushPromises();
      expect(api.calls).toContain('deleteMessage general id-1');
      expect(item().get('.message__content').text()).toBe('This message was deleted');

      await button('Resolve').trigger('click');
      await flushPromises();
      expect(api.calls).toContain('resolveReport r-1');
      expect(item().text()).toContain('Resolved by ali');

      await wrapper.get('input[value="resolved"]').setValue(true);
      await flushPromises();
      expect(api.calls.at(-1)).toBe('listReports resolved');
      expect(wrapper.findAll('[data-report]').map((shown) => shown.attributes('data-report'))).toEqual(['r-1', 'r-2']);
    });

    it("bans the message's author from its room after asking, and offers no ban of a guest", async () => {
      const guestMessage = chatMessage(9, { username: 'Visitor', userId: null });
      const { wrapper, api } = await openAdmin('/admin?tab=reports', {
        prepare: (fake) => {
          fake.addRoom(roomSummary('general', { name: 'General' }), [member('bea')]);
          fake.reports.push(report('r-1', 1), report('r-2', 9, { message: guestMessage }));
        },
      });
      expect(wrapper.get('[data-report="r-2"]').text()).not.toContain('Ban from room');
      const item = wrapper.get('[data-report="r-1"]');
      await item
        .findAll('button')
        .find((candidate) => candidate.text() === 'Ban from room…')!
        .trigger('click');
      expect(item.get('.ban-form').text()).toContain('Ban bea from “General”?');
      await item.get('.ban-form input').setValue('spam');
      await item.get('.ban-form').trigger('submit');
      await flushPromises();
      expect(api.calls).toContain('ban general bea spam');
      expect(wrapper.get('[role="status"]').text()).toBe('bea is banned from General.');
    });
  });

  it('shows the audit log newest first, in words, with its details, and pages it', async () => {
    const { wrapper, api } = await openAdmin('/admin?tab=audit', {
      prepare: (fake) =>
        fake.auditLog.push(
          auditEntry('a-2', { action: 'report_resolve', target: 'r-1', details: {} }),
          auditEntry('a-1', { action: 'ban', target: 'bea', details: { reason: 'spam', minutes: null } }),
          ...Array.from({ length: 50 }, (_, index) => auditEntry(`old-${index}`, { action: 'mute' })),
        ),
    });
    const entries = wrapper.findAll('.audit-entry');
    const sentenceOf = (index: number) => entries[index]!.get('.audit-entry__what').text().replace(/\s+/g, ' ');
    expect(entries).toHaveLength(50);
    expect(sentenceOf(0)).toBe('ali resolved report r-1 in #General');
    expect(sentenceOf(1)).toBe('ali banned bea in #General');
    expect(entries[1]!.get('.audit-entry__details').text()).toContain('reason: spam');
    expect(entries[1]!.get('.audit-entry__details').text()).toContain('minutes: none');

    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Load older entries')!
      .trigger('click');
    await flushPromises();
    expect(api.calls.at(-1)).toBe('audit after old-47');
    expect(wrapper.findAll('.audit-entry')).toHaveLength(52);
  });
});
