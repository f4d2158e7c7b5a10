import { Writable } from 'node:stream';
import { pino } from 'pino';
import { PinoNestLogger } from './pino-nest-logger.js';

function capture(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: new PinoNestLogger(pino({ level }, stream)) };
}

describe('PinoNestLogger', () => {
  it('writes Nest’s log(message, context) as a line with the message and its context', () => {
    const { lines, logger } = capture();
    logger.log('Parley is running', 'Parley');
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'Parley is running', context: 'Parley' })]);
  });

  it('keeps the stack of error(message, stack, context), and of error(message, stack) without a context', () => {
    const { lines, logger } = capture();
    const stack = new Error('boom').stack!;
    logger.error('Storing failed', stack, 'MessageWriter');
    logger.error('Unhandled', stack);
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, msg: 'Storing failed', stack, context: 'MessageWriter' }),
      expect.objectContaining({ level: 50, msg: 'Unhandled', stack }),
    ]);
    expect(lines[1]).not.toHaveProperty('context');
  });

  it('serialises an Error as err, and merges an object into the line', () => {
    const { lines, logger } = capture();
    logger.warn(new Error('database hung'), 'Database');
    logger.log({ rooms: 3 }, 'Metrics');
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'database hung',
      context: 'Database',
      err: { message: 'database hung' },
    });
    expect(lines[1]).toMatchObject({ level: 30, rooms: 3, context: 'Metrics' });
  });

  it('maps verbose to trace and writes nothing below the level', () => {
    const { lines, logger } = capture('debug');
    logger.verbose('hidden', 'X');
    logger.debug('shown', 'X');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });
});
