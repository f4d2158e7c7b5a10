import { ErrorCode } from '@parley/contracts';
import { ProtocolException } from './protocol.exception.js';
import { parseClientFrame } from './frame-parser.js';

function codeOf(raw: Buffer): string {
  try {
    parseClientFrame(raw);
  } catch (error) {
    if (error instanceof ProtocolException) return error.code;
  }
  return 'accepted';
}

describe('parseClientFrame', () => {
  it('passes any event name through with its data untouched (the event table decides what is known)', () => {
    const data = { content: 'hi', clientId: 'c1' };
    expect(parseClientFrame(Buffer.from(JSON.stringify({ event: 'message', data })))).toEqual({
      event: 'message',
      data,
    });
    expect(parseClientFrame(Buffer.from('{"event":"nope","data":null}'))).toEqual({ event: 'nope', data: null });
  });

  it('turns malformed JSON into BAD_JSON', () => {
    expect(codeOf(Buffer.from('{"event":'))).toBe(ErrorCode.BadJson);
  });

  it.each(['[1]', '"text"', '42', 'null', '{"data":{}}', '{"event":7,"data":{}}', '{"event":"message"}'])(
    'turns %s into BAD_FRAME',
    (raw) => {
      expect(codeOf(Buffer.from(raw))).toBe(ErrorCode.BadFrame);
    },
  );

  it('reads fragmented frames delivered as several buffers', () => {
    const parts = [Buffer.from('{"event":"mess'), Buffer.from('age","data":{"content":"x"}}')];
    expect(parseClientFrame(parts)).toEqual({ event: 'message', data: { content: 'x' } });
  });
});
