import { codePointLength, LIMITS } from '@parley/contracts';

/** The counter appears once a message gets this close to the limit, so short messages stay uncluttered. */
const COUNTER_VISIBLE_FROM = LIMITS.messageMaxLength - 200;

export interface LengthMeter {
  length: number;
  visible: boolean;
  overLimit: boolean;
  label: string;
}

export function measureContent(content: string, locale?: string): LengthMeter {
  const length = codePointLength(content);
  const format = new Intl.NumberFormat(locale);
  return {
    length,
    visible: length >= COUNTER_VISIBLE_FROM,
    overLimit: length > LIMITS.messageMaxLength,
    label: `${format.format(length)} / ${format.format(LIMITS.messageMaxLength)}`,
  };
}

/** The message the next one answers, as the composer names it. */
export interface ReplyTarget {
  username: string;
  /** The quoted message's current state, in one short line. */
  excerpt: string;
}

/** The message being edited: `key` tells one edit from the next, `content` is the text to start from. */
export interface EditTarget {
  key: string;
  content: string;
}
