import { LIMITS } from '@parley/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SendMessageDto } from './send-message.dto.js';

function errorsOf(data: unknown): string[] {
  const dto = plainToInstance(SendMessageDto, data);
  return validateSync(dto as object, { whitelist: true }).flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('SendMessageDto', () => {
  it('accepts content with an optional clientId', () => {
    expect(errorsOf({ content: 'Hello!' })).toEqual([]);
    expect(errorsOf({ content: 'Hello!', clientId: 'c-1' })).toEqual([]);
  });

  it.each([{}, { content: 42 }, { content: null }, { content: '' }, { content: ' \n ' }])('refuses %j', (data) => {
    expect(errorsOf(data).length).toBeGreaterThan(0);
  });

  it('counts code points: the limit in emoji passes, one more fails', () => {
    expect(errorsOf({ content: '😀'.repeat(LIMITS.messageMaxLength) })).toEqual([]);
    expect(errorsOf({ content: '😀'.repeat(LIMITS.messageMaxLength + 1) })).toHaveLength(1);
  });

  it.each([{ clientId: 7 }, { clientId: '' }, { clientId: 'x'.repeat(65) }])('refuses clientId in %j', (extra) => {
    expect(errorsOf({ content: 'hi', ...extra }).length).toBeGreaterThan(0);
  });
});
