import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

/** The rendered content as a browser would hold it. */
function rendered(content: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = renderMarkdown(content);
  return host;
}

describe('renderMarkdown', () => {
  it('renders emphasis, strong, inline code, quotes and fenced code blocks', () => {
    const host = rendered('*soft* **loud** `x < y`\n> quoted\n\n```\nlet a = 1;\n```');
    expect(host.querySelector('em')?.textContent).toBe('soft');
    expect(host.querySelector('strong')?.textContent).toBe('loud');
    expect(host.querySelector('p > code')?.textContent).toBe('x < y');
    expect(host.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
    expect(host.querySelector('pre > code')?.textContent).toBe('let a = 1;\n');
  });

  it('shows raw HTML as the characters typed', () => {
    const host = rendered('<img src=x onerror=alert(1)>');
    expect(host.querySelector('img')).toBeNull();
    expect(host.querySelector('[onerror]')).toBeNull();
    expect(host.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('keeps a script tag as text', () => {
    const host = rendered('<script>alert(1)</script>');
    expect(host.querySelector('script')).toBeNull();
    expect(host.textContent).toBe('<script>alert(1)</script>');
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '<javascript:alert(1)>',
  ])('makes no link of %s', (content) => {
    const host = rendered(content);
    expect(host.querySelector('a')).toBeNull();
    expect(host.textContent).toContain('alert(1)');
  });

  it.each(['[x](data:text/html;base64,PHNjcmlwdD4=)', '[x](/relative/path)', '[x](mailto:a@b.c)', 'mailto:a@b.c'])(
    'makes no link of another scheme or none: %s',
    (content) => {
      expect(rendered(content).querySelector('a')).toBeNull();
    },
  );

  it('makes no image of image syntax', () => {
    const host = rendered('![a](http://x/y.png)');
    expect(host.querySelector('img')).toBeNull();
    expect(host.textContent).toContain('a');
  });

  it('links an http(s) URL, opening in a new tab with no opener and no referrer', () => {
    const host = rendered('see http://example.com and [docs](https://example.org/a?b=1)');
    const links = [...host.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['http://example.com', 'https://example.org/a?b=1']);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(links[0]?.textContent).toBe('http://example.com');
  });

  it('keeps headings and rules as typed, and single line breaks as breaks', () => {
    const host = rendered('# not a heading\nsome text\n---');
    expect(host.querySelector('h1, h2, hr')).toBeNull();
    expect(host.querySelectorAll('br')).toHaveLength(2);
    expect(host.textContent).toBe('# not a heading\nsome text\n---');
  });

  it('renders lists, bulleted and numbered (from their first number), with the subset inside', () => {
    const host = rendered('Plan:\n\n- **one**\n- two\n\n3. third\n4. fourth');
    expect([...host.querySelectorAll('ul > li')].map((item) => item.innerHTML)).toEqual([
      '<strong>one</strong>',
      'two',
    ]);
    expect(host.querySelector('ol')?.getAttribute('start')).toBe('3');
    expect([...host.querySelectorAll('ol > li')].map((item) => item.textContent)).toEqual(['third', 'fourth']);
  });

  it('gives plain text back as its own characters, without a trailing newline', () => {
    expect(rendered('message 1').textContent).toBe('message 1');
  });
});
