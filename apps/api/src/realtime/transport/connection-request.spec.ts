import { CloseCode } from '@parley/contracts';
import { parseConnectionRequest } from './connection-request.js';

describe('parseConnectionRequest', () => {
  it('reads room, name and since from the URL, lower-casing the room', () => {
    expect(parseConnectionRequest('/ws/General?username=%20Ali%20&since=42')).toEqual({
      valid: true,
      room: 'general',
      credential: { kind: 'guest', username: 'Ali' },
      since: 42,
    });
  });

  it('reads the user stream, which only a ticket opens', () => {
    expect(parseConnectionRequest('/ws/~me?ticket=t0k3n')).toEqual({
      valid: true,
      room: null,
      credential: { kind: 'ticket', ticket: 't0k3n' },
      since: undefined,
    });
    expect(parseConnectionRequest('/ws/~me?username=Ali')).toMatchObject({
      credential: { kind: 'ticket', ticket: '' },
    });
  });

  it('takes a ticket over a name', () => {
    expect(parseConnectionRequest('/ws/general?ticket=t0k3n&username=Ali')).toMatchObject({
      valid: true,
      credential: { kind: 'ticket', ticket: 't0k3n' },
    });
  });

  it('leaves since undefined when absent or empty', () => {
    expect(parseConnectionRequest('/ws/a?username=Ali')).toMatchObject({ valid: true, since: undefined });
    expect(parseConnectionRequest('/ws/a?username=Ali&since=')).toMatchObject({ valid: true, since: undefined });
  });

  it.each(['/ws/', '/ws/bad room', '/ws/bad!', `/ws/${'x'.repeat(65)}`, '/ws/%E0%A4%A', '/other/a'])(
    'refuses the room in %s with 4001',
    (url) => {
      expect(parseConnectionRequest(`${url}?username=Ali`)).toMatchObject({
        valid: false,
        closeCode: CloseCode.InvalidRoom,
      });
    },
  );

  it.each(['', 'username=', 'username=%20%20', 'username=a%00b', `username=${'x'.repeat(33)}`])(
    'refuses the name in ?%s with 4002',
    (query) => {
      expect(parseConnectionRequest(`/ws/a?${query}`)).toMatchObject({
        valid: false,
        closeCode: CloseCode.InvalidUsername,
      });
    },
  );

  it.each(['-1', '1.5', 'abc', '1e3'])('refuses since=%s with 4003', (since) => {
    expect(parseConnectionRequest(`/ws/a?username=Ali&since=${since}`)).toMatchObject({
      valid: false,
      closeCode: CloseCode.InvalidSince,
    });
  });

  it('keeps every refusal reason within a close frame (123 bytes)', () => {
    for (const url of ['/ws/!?username=a', '/ws/a?username=', '/ws/a?username=a&since=x']) {
      const result = parseConnectionRequest(url);
      if (result.valid) throw new Error(`${url} should be refused`);
      expect(Buffer.byteLength(result.reason)).toBeLessThanOrEqual(123);
    }
  });
});
