import type { EnvironmentOverrides } from '../../src/app.module.js';
import { ChatClient } from './chat-client.js';
import { startTestApp, type TestApp } from './test-app.js';

/**
 * The hooks of a suite that talks to one app: started before all its tests, with every client a test opened through
 * `join`/`open` closed after that test.
 */
export function useChatServer(overrides: EnvironmentOverrides = {}) {
  let server: TestApp | undefined;
  const clients: Array<{ close(): Promise<unknown> }> = [];
  const track = <C extends { close(): Promise<unknown> }>(client: C): C => {
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestApp(overrides);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(() => server?.close());

  return {
    get server(): TestApp {
      if (!server) throw new Error('The server starts in beforeAll');
      return server;
    },
    /** Closed after the test, with the others. */
    track,
    /** Opens and waits for the joining sequence (history, presence, own join notice). */
    join: async (room: string, username: string, since?: number) =>
      track(await ChatClient.join(server!.wsUrl, room, username, since)),
    /** Opens without waiting for anything but the socket. */
    open: async (room: string, username: string, options?: Parameters<typeof ChatClient.open>[3]) =>
      track(await ChatClient.open(server!.wsUrl, room, username, options)),
  };
}
