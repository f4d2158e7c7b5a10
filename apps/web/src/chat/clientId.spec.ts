import { describe, expect, it, vi } from 'vitest';
import { newClientId } from './clientId';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newClientId', () => {
  it('is a fresh UUID v4 each time', () => {
    const first = newClientId();
    expect(first).toMatch(UUID_V4);
    expect(newClientId()).not.toBe(first);
  });

  it('still makes a UUID v4 where randomUUID is missing (plain http)', () => {
    const realCrypto = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (array: Uint8Array<ArrayBuffer>) => realCrypto.getRandomValues(array) });
    expect(newClientId()).toMatch(UUID_V4);
  });
});
