import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MessagePageQueryDto } from './message-page.query.js';

function validate(query: Record<string, string | undefined>) {
  const dto = plainToInstance(MessagePageQueryDto, query);
  return { dto, errors: validateSync(dto).flatMap((error) => Object.values(error.constraints ?? {})) };
}

describe('MessagePageQueryDto', () => {
  it('converts digit strings to numbers', () => {
    expect(validate({ before: '10', limit: '25' })).toEqual({
      dto: expect.objectContaining({ before: 10, limit: 25 }),
      errors: [],
    });
  });

  it.each([
    { limit: '0' },
    { limit: '101' },
    { limit: 'ten' },
    { before: '0' },
    { before: '-3' },
    { after: '1.5' },
    { after: '1e3' },
    { after: '-1' },
    { before: '' },
  ])('refuses %j', (query) => {
    expect(validate(query).errors.length).toBeGreaterThan(0);
  });

  it('accepts after=0, the start of the room', () => {
    expect(validate({ after: '0' })).toEqual({ dto: expect.objectContaining({ after: 0 }), errors: [] });
  });

  it('refuses before and after together', () => {
    expect(validate({ before: '5', after: '2' }).errors).toEqual(['after and before cannot be used together']);
  });
});
