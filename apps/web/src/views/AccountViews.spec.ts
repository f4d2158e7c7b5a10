import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import AccountBar from '../components/AccountBar.vue';
import { createAuth } from '../composables/useAuth';
import { FakeAuthServer } from '../testing/fakeAuthServer';
import AccountView from './AccountView.vue';
import SignInView from './SignInView.vue';
import SignUpView from './SignUpView.vue';

async function open(path: string, options: { signedIn?: boolean } = {}) {
  const server = new FakeAuthServer();
  server.sessionActive = options.signedIn ?? false;
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => h('p', 'rooms') } },
      { path: '/chat/:room', component: { render: () => h('p', 'chat') } },
      { path: '/signin', component: SignInView },
      { path: '/signup', component: SignUpView },
      { path: '/account', component: AccountView },
    ],
  });
  const auth = createAuth({ api: server });
  await auth.session.restore();
  await router.push(path);
  const wrapper = mount(
    { render: () => [h(AccountBar), h(RouterView)] },
    { global: { plugins: [router, auth] }, attachTo: document.body },
  );
  await flushPromises();
  server.calls.length = 0;
  return { wrapper, router, auth, server };
}

async function fillCredentials(
  wrapper: Awaited<ReturnType<typeof open>>['wrapper'],
  username: string,
  password: string,
) {
  await wrapper.get('input[autocomplete="username"]').setValue(username);
  await wrapper.get('input[type="password"]').setValue(password);
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

describe('SignInView', () => {
  it('signs in with the name as registered (lower case), then goes on to where it was asked from', async () => {
    const { wrapper, router, auth, server } = await open('/signin?next=/chat/general');
    await fillCredentials(wrapper, ' Ali ', 'correct horse');

    expect(server.calls).toEqual(['login']);
    expect(auth.state.value).toMatchObject({ status: 'signedIn', user: { username: 'ali' } });
    expect(router.currentRoute.value.fullPath).toBe('/chat/general');
  });

  it('never goes on to another site after signing in', async () => {
    const { wrapper, router } = await open('/signin?next=//evil.test/');
    await fillCredentials(wrapper, 'ali', 'correct horse');
    expect(router.currentRoute.value.fullPath).toBe('/');
  });

  it('checks the form before asking the server', async () => {
    const { wrapper, server } = await open('/signin');
    await fillCredentials(wrapper, 'ali baba', '');
    expect(server.calls).toEqual([]);
    const problems = wrapper.findAll('.field-error').map((problem) => problem.text());
    expect(problems).toEqual([
      'Usernames use only letters a–z, digits, “_”, “.” and “-” (no spaces).',
      'Enter your password.',
    ]);
  });

  it('says a wrong password is wrong, and how long to wait once sign-ins are locked', async () => {
    const { wrapper, server } = await open('/signin');
    await fillCredentials(wrapper, 'ali', 'not the password');
    expect(wrapper.get('.alert').text()).toBe('Wrong username or password.');

    server.lockedForSeconds = 300;
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('.alert').text()).toBe('Too many failed sign-ins. Try again in 5 minutes.');
  });

  it('fills in the name it was sent with', async () => {
    const { wrapper } = await open('/signin?username=ali');
    expect((wrapper.get('input[autocomplete="username"]').element as HTMLInputElement).value).toBe('ali');
  });
});

describe('SignUpView', () => {
  it("holds a new password to the contracts' rules before asking the server", async () => {
    const { wrapper, server } = await open('/signup');
    await fillCredentials(wrapper, 'bea', 'short');
    expect(server.calls).toEqual([]);
    expect(wrapper.get('.field-error').text()).toBe('Passwords are at least 8 characters.');
  });

  it('creates the account and is signed in as it', async () => {
    const { wrapper, auth, router } = await open('/signup?next=/chat/general');
    await fillCredentials(wrapper, 'Bea', 'long enough');
    expect(auth.state.value).toMatchObject({ status: 'signedIn', user: { username: 'bea' } });
    expect(router.currentRoute.value.fullPath).toBe('/chat/general');
  });

  it('says a taken name is taken, with a link to sign in as it', async () => {
    const { wrapper } = await open('/signup?next=/chat/general');
    await fillCredentials(wrapper, 'ali', 'long enough');

    const alert = wrapper.get('.alert');
    expect(alert.text()).toContain('The name “ali” is taken.');
    expect(alert.get('a').attributes('href')).toBe('/signin?next=%2Fchat%2Fgeneral&username=ali');
  });
});

describe('AccountView', () => {
  async function changePassword(wrapper: Awaited<ReturnType<typeof open>>['wrapper'], current: string, next: string) {
    await wrapper.get('input[autocomplete="current-password"]').setValue(current);
    await wrapper.get('input[autocomplete="new-password"]').setValue(next);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
  }

  it('says the current password is wrong on a 403, and stays signed in', async () => {
    const { wrapper, auth } = await open('/account', { signedIn: true });
    await changePassword(wrapper, 'not it', 'a new password');
    expect(wrapper.get('.alert').text()).toBe('Your current password is wrong.');
    expect(auth.state.value.status).toBe('signedIn');
  });

  it('changes the password, says the other devices were signed out, and empties the form', async () => {
    const { wrapper, server } = await open('/account', { signedIn: true });
    await changePassword(wrapper, 'correct horse', 'a new password');

    expect(server.calls).toEqual(['password access-1']);
    expect(wrapper.get('[role="status"].success').text()).toContain('You were signed out everywhere else');
    expect((wrapper.get('input[autocomplete="new-password"]').element as HTMLInputElement).value).toBe('');
  });

  it('signs out and leaves for the home page', async () => {
    const { wrapper, router, auth } = await open('/account', { signedIn: true });
    const signOut = wrapper
      .findAll('button')
      .find((button) => button.text() === 'Sign out' && !button.classes('button--small'));
    await signOut?.trigger('click');
    await flushPromises();

    expect(auth.state.value).toEqual({ status: 'signedOut', notice: null });
    expect(router.currentRoute.value.fullPath).toBe('/');
  });

  it('offers to sign in to whoever is not', async () => {
    const { wrapper } = await open('/account');
    expect(wrapper.get('.account-page a').attributes('href')).toBe('/signin?next=%2Faccount');
  });
});

describe('AccountBar', () => {
  it('shows a signed-in user by name, with a sign-out', async () => {
    const { wrapper } = await open('/chat/general', { signedIn: true });
    const bar = wrapper.get('nav[aria-label="Account"]');
    expect(bar.text()).toContain('Signed in as ali');
    expect(bar.get('a').attributes('href')).toBe('/account');
    expect(bar.get('button').text()).toBe('Sign out');
  });

  it('shows a guest the way to sign in, coming back to this page', async () => {
    const { wrapper } = await open('/chat/general');
    const bar = wrapper.get('nav[aria-label="Account"]');
    expect(bar.text()).toContain('Guest (not signed in)');
    expect(bar.findAll('a').map((link) => link.attributes('href'))).toEqual([
      '/signin?next=%2Fchat%2Fgeneral',
      '/signup?next=%2Fchat%2Fgeneral',
    ]);
  });

  it('says why signing out failed, and stays signed in', async () => {
    const { wrapper, server, auth } = await open('/chat/general', { signedIn: true });
    server.reachable = false;
    await wrapper.get('nav[aria-label="Account"] button').trigger('click');
    await flushPromises();
    expect(wrapper.get('nav [role="alert"]').text()).toMatch(/^Could not sign out: Could not reach the server/);
    expect(auth.state.value.status).toBe('signedIn');
  });
});
