import { describe, expect, it } from 'vitest';
import { cleanFileName, isInlineImage } from './attachment.js';

describe('cleanFileName', () => {
  it('keeps an ordinary name', () => {
    expect(cleanFileName('Quarterly report (final).pdf')).toBe('Quarterly report (final).pdf');
  });

  it('removes path separators, so no name points elsewhere', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('....etcpasswd');
    expect(cleanFileName('C:\\Users\\ali\\x.png')).toBe('C:Usersalix.png');
  });

  it('removes control and bidirectional characters', () => {
    expect(cleanFileName('a\u0000b\nc\u007f\u0085.txt')).toBe('abc.txt');
    expect(cleanFileName('photo\u202egpj.exe')).toBe('photogpj.exe');
  });

  it('cuts at 255 code points, not UTF-16 units', () => {
    const name = cleanFileName('😀'.repeat(300));
    expect([...name]).toHaveLength(255);
    expect(name).toBe('😀'.repeat(255));
  });

  it('names an empty or dot-only result "file"', () => {
    expect(cleanFileName('')).toBe('file');
    expect(cleanFileName(' / ')).toBe('file');
    expect(cleanFileName('..')).toBe('file');
  });
});

describe('isInlineImage', () => {
  it('takes the four image types only: SVG and HTML are never inline', () => {
    expect(['image/png', 'image/jpeg', 'image/gif', 'image/webp'].every(isInlineImage)).toBe(true);
    expect(isInlineImage('image/svg+xml')).toBe(false);
    expect(isInlineImage('text/html')).toBe(false);
  });
});
