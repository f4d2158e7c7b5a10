// The first account of a Parley on a fresh database is its server admin (docs/protocol.md, Moderation). The test
// passes that share one server among all the browser tests (the nginx stack, docker-compose) register it before the
// tests start and hand it to them as PARLEY_ADMIN_USERNAME and PARLEY_ADMIN_PASSWORD.
import { randomBytes } from 'node:crypto';

/** Registers the first account of the Parley at `url`; fails unless it came back as the server's admin. */
export async function registerFirstAccount(url) {
  const account = { username: 'e2e-admin', password: randomBytes(12).toString('hex') };
  const response = await fetch(`${url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  const body = await response.json();
  if (response.status !== 201 || body.user?.admin !== true) {
    throw new Error(`The first account of ${url} is not its admin: ${response.status} ${JSON.stringify(body)}`);
  }
  return account;
}

/** The environment that hands the account to the browser tests. */
export function adminEnvironment(account) {
  return { PARLEY_ADMIN_USERNAME: account.username, PARLEY_ADMIN_PASSWORD: account.password };
}
