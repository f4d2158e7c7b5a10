import { ErrorCode } from '@parley/contracts';
import { parseClientFrame, REJECTED_FRAME_EVENT } from './frame-parser.js';

const rejection = (code: ErrorCode) => ({ event: REJECTED_FRAME_EVENT, data: expect.objectContaining({ code }) });

describe('parseClientFrame', () => {
  it('passes a known event through with its data untouched', () => {
    const data = { content: 'hi', clientId: 'c1' };
    expect(parseClientFrame(Buffer.from(JSON.stringify({ event: 'message', data })))).toEqual({
      event: 'message',
      data,
    });
  });

  it('turns malformed JSON into BAD_JSON', () => {
    expect(parseClientFrame(Buffer.from('{"event":'))).toEqual(rejection(ErrorCode.BadJson));
  });

  it.each(['[1]', '"text"', '42', 'null', '{"data":{}}', '{"event":7,"data":{}}', '{"event":"message"}'])(
    'turns %s into BAD_FRAME',
    (raw) => {
      expect(parseClientFrame(Buffer.from(raw))).toEqual(rejection(ErrorCode.BadFrame));
    },
  );

  it('turns an unknown event into UNKNOWN_EVENT, including the internal rejection event itself', () => {
    expect(parseClientFrame(Buffer.from('{"event":"typing","data":{}}'))).toEqual(rejection(ErrorCode.UnknownEvent));
    const spoof = JSON.stringify({ event: REJECTED_FRAME_EVENT, data: { code: 'X', message: 'y' } });
    expect(parseClientFrame(Buffer.from(spoof))).toEqual(rejection(ErrorCode.UnknownEvent));
  });

  it('reads fragmented frames delivered as several buffers', () => {
    const parts = [Buffer.from('{"event":"mess'), Buffer.from('age","data":{"content":"x"}}')];
    expect(parseClientFrame(parts)).toEqual({ event: 'message', data: { content: 'x' } });
  });
});
