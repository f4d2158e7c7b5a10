/**
 * A chat corpus for the search bench: a generated vocabulary whose words are used with a Zipf-like distribution
 * (frequency ∝ 1/rank^1.07, as in natural language), messages of 3–22 such words by 500 authors over many rooms, and
 * queries drawn the way people search. Seeded: every run writes and asks the same.
 */

import prand from 'pure-rand';

const SYLLABLES = 'ka to ri mo sa ne lu pi do fe gra ber lin tor vex qua zen pol mir stu ay el on ur ix'.split(' ');
const VOCABULARY_SIZE = 50_000;
const ZIPF_EXPONENT = 1.07;
const AUTHORS = 500;
/**
 * The most frequent words stand for a language's function words ("the", "of", "and"): nobody searches for them, so
 * queries draw from below them.
 */
const FUNCTION_WORDS = 100;
const SAMPLE_EVERY = 997;

export interface CorpusMessage {
  /** 0-based index of its room. */
  room: number;
  /** 1-based, per room. */
  seq: number;
  author: string;
  text: string;
  createdMs: number;
}

export class Corpus {
  readonly vocabulary: string[];
  private readonly rankOf: Map<string, number>;
  private readonly cumulative: Float64Array;
  private readonly random: () => number;
  /** The words of some messages, for queries that find something: what people search for was said. */
  private readonly sampledMessages: string[][] = [];

  constructor(seed = 42) {
    this.random = seededRandom(seed);
    const words = new Set<string>();
    while (words.size < VOCABULARY_SIZE) {
      const syllables = 2 + Math.floor(this.random() * 3);
      let word = '';
      for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(this.random() * SYLLABLES.length)];
      words.add(word);
    }
    this.vocabulary = [...words];
    this.rankOf = new Map(this.vocabulary.map((word, rank) => [word, rank]));
    this.cumulative = new Float64Array(VOCABULARY_SIZE);
    let total = 0;
    for (let rank = 0; rank < VOCABULARY_SIZE; rank++) {
      total += 1 / Math.pow(rank + 1, ZIPF_EXPONENT);
      this.cumulative[rank] = total;
    }
  }

  /** `count` messages over `rooms` rooms, oldest first, one a second from `startMs`. */
  *messages(count: number, rooms: number, startMs = Date.UTC(2026, 0, 1)): Generator<CorpusMessage> {
    const lastSeq = new Array<number>(rooms).fill(0);
    for (let i = 0; i < count; i++) {
      const room = Math.floor(this.random() * rooms);
      const words = Array.from({ length: 3 + Math.floor(this.random() * 20) }, () => this.word(0));
      if (i % SAMPLE_EVERY === 0) this.sampledMessages.push(words);
      yield {
        room,
        seq: ++lastSeq[room],
        author: `user${Math.floor(this.random() * AUTHORS)}`,
        text: words.join(' '),
        createdMs: startMs + i * 1000,
      };
    }
  }

  /** A word as people search: drawn by frequency from below the function words. */
  queryWord(): string {
    return this.word(FUNCTION_WORDS);
  }

  /**
   * Two words of one stored message, as someone remembering it would type them: not function words (call after
   * `messages`).
   */
  queryWordPair(): string {
    const words = this.sampledMessage().filter((word) => this.rankOf.get(word)! >= FUNCTION_WORDS);
    if (words.length < 2) return `${this.queryWord()} ${this.queryWord()}`;
    const first = Math.floor(this.random() * words.length);
    const second = (first + 1 + Math.floor(this.random() * (words.length - 1))) % words.length;
    return `${words[first]} ${words[second]}`;
  }

  /** Two or three consecutive words of a stored message (call after `messages`). */
  queryPhrase(): string {
    const words = this.sampledMessage();
    const length = 2 + Math.floor(this.random() * 2);
    const start = Math.floor(this.random() * (words.length - length + 1));
    return `"${words.slice(start, start + length).join(' ')}"`;
  }

  queryAuthor(): string {
    return `user${Math.floor(this.random() * AUTHORS)}`;
  }

  queryRoom(rooms: number): number {
    return Math.floor(this.random() * rooms);
  }

  private sampledMessage(): string[] {
    return this.sampledMessages[Math.floor(this.random() * this.sampledMessages.length)];
  }

  /** A word by frequency, among those of rank `fromRank` and after. */
  private word(fromRank: number): string {
    const low = fromRank === 0 ? 0 : this.cumulative[fromRank - 1];
    const target = low + this.random() * (this.cumulative[VOCABULARY_SIZE - 1] - low);
    let lo = fromRank;
    let hi = VOCABULARY_SIZE - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return this.vocabulary[lo];
  }
}

/** Uniform in [0, 1), from a seeded generator. */
function seededRandom(seed: number): () => number {
  const generator = prand.xoroshiro128plus(seed);
  return () => (generator.unsafeNext() >>> 0) / 2 ** 32;
}
