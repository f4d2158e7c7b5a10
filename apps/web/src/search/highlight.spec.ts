import { describe, expect, it } from 'vitest';
import { highlight, matchedTerms } from './highlight';

const marked = (segments: ReturnType<typeof highlight>) =>
  segments.map((segment) => (segment.match ? `[${segment.text}]` : segment.text)).join('');

describe('matchedTerms', () => {
  it('takes the words and the words of phrases, not the operators or the ignored words', () => {
    expect(matchedTerms('Deploy "out of memory" from:ali in:ops before:2026-01-01 to')).toEqual([
      'deploy',
      'out',
      'of',
      'memory',
    ]);
  });

  it('is empty for a query the server refuses', () => {
    expect(matchedTerms('ab')).toEqual([]);
    expect(matchedTerms('before:yesterday deploy')).toEqual([]);
  });
});

describe('highlight', () => {
  it('marks every word that starts with a term, whatever its case, and keeps the text around it', () => {
    expect(marked(highlight('The DEPLOYMENT failed; redeploy, then deploy again.', ['deploy']))).toBe(
      'The [DEPLOYMENT] failed; redeploy, then [deploy] again.',
    );
  });

  it('marks words of any script, split on punctuation as search splits them', () => {
    expect(marked(highlight('Ошибка: сервер_1 упал (сервер)', ['сервер']))).toBe('Ошибка: [сервер_1] упал ([сервер])');
  });

  it('starts a long text shortly before its first match', () => {
    const text = `${'filler words here '.repeat(20)}the needle is here`;
    const segments = highlight(text, ['needle']);
    expect(segments[0]).toEqual({ text: '…', match: false });
    expect(marked(segments)).toMatch(/^….{0,60}\[needle\] is here$/);
  });

  it('gives the text unmarked when nothing matches (a result found by its operators only)', () => {
    expect(highlight('just a message', [])).toEqual([{ text: 'just a message', match: false }]);
  });
});
