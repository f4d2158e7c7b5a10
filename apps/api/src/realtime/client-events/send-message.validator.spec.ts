import { ErrorCode, LIMITS } from '@parley/contracts';
import { ProtocolException } from './protocol.exception.js';
import { validateSendMessage } from './send-message.validator.js';

describe('validateSendMessage', () => {
  it('keeps content and clientId and drops every other field', () => {
    expect({ ...validateSendMessage({ content: 'hi', clientId: 'c1', username: 'Mallory', seq: 9 }) }).toEqual({
      content: 'hi',
      clientId: 'c1',
    });
    expect({ ...validateSendMessage({ content: 'hi' }) }).toEqual({ content: 'hi' });
  });

  it.each([null, 'text', [1], 42])('refuses data %j that is not an object', (data) => {
    expect(() => validateSendMessage(data)).toThrow(ProtocolException);
  });

  it.each([
    {},
    { content: 42 },
    { content: '  ' },
    { content: 'x'.repeat(LIMITS.messageMaxLength + 1) },
    { content: 'ok', clientId: 5 },
  ])('refuses %j with INVALID_MESSAGE', (data) => {
    try {
      validateSendMessage(data);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolException);
      expect((error as ProtocolException).code).toBe(ErrorCode.InvalidMessage);
    }
  });
});
