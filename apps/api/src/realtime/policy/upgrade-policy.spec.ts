import { isOriginAllowed, parseOriginList } from './upgrade-policy.js';

describe('isOriginAllowed', () => {
  const extra = parseOriginList('https://chat.example.com, https://other.example.org:8443');

  it('allows a request without Origin (not a browser)', () => {
    expect(isOriginAllowed(undefined, 'parley.test', [])).toBe(true);
  });

  it('allows the page served by this same host', () => {
    expect(isOriginAllowed('https://parley.test', 'parley.test', [])).toBe(true);
    expect(isOriginAllowed('http://parley.test:8080', 'parley.test:8080', [])).toBe(true);
  });

  it('allows http://localhost and http://127.0.0.1 on any port', () => {
    expect(isOriginAllowed('http://localhost:5173', 'api:3000', [])).toBe(true);
    expect(isOriginAllowed('http://127.0.0.1:9999', 'api:3000', [])).toBe(true);
  });

  it('allows configured origins exactly', () => {
    expect(isOriginAllowed('https://chat.example.com', 'api:3000', extra)).toBe(true);
    expect(isOriginAllowed('https://other.example.org:8443', 'api:3000', extra)).toBe(true);
    expect(isOriginAllowed('https://other.example.org', 'api:3000', extra)).toBe(false);
  });

  it.each(['https://evil.example', 'http://localhost.evil.example', 'https://localhost:3000', 'null', 'not a url'])(
    'refuses %s',
    (origin) => {
      expect(isOriginAllowed(origin, 'parley.test', extra)).toBe(false);
    },
  );
});
