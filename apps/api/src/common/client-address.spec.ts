import { clientAddress } from './client-address.js';

function request(remoteAddress: string, forwardedFor?: string | string[]) {
  return {
    socket: { remoteAddress },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as Parameters<typeof clientAddress>[0];
}

describe('clientAddress', () => {
  it('uses the socket peer unless a proxy is trusted', () => {
    expect(clientAddress(request('10.0.0.5', '203.0.113.9'), false)).toBe('10.0.0.5');
  });

  it('believes only the entry the trusted proxy appended, never what the client wrote before it', () => {
    expect(clientAddress(request('10.0.0.2', '203.0.113.9'), true)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.2', '1.2.3.4, 5.6.7.8, 203.0.113.9'), true)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.2', ['1.2.3.4', '203.0.113.9']), true)).toBe('203.0.113.9');
  });

  it('falls back to the peer when the trusted proxy sent no header', () => {
    expect(clientAddress(request('10.0.0.5'), true)).toBe('10.0.0.5');
    expect(clientAddress(request('10.0.0.5', ' '), true)).toBe('10.0.0.5');
  });
});
