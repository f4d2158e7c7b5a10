import { describe, expect, it } from 'vitest';
import { accountPagePath, nextPathFrom } from './paths';

describe('nextPathFrom', () => {
  it('keeps a path on this site, query included', () => {
    expect(nextPathFrom('/chat/general?x=1')).toBe('/chat/general?x=1');
  });

  it.each(['https://evil.test/', '//evil.test/', '/\\evil.test', 'chat/general', '', undefined, ['/a']])(
    'refuses %j, which could lead off the site or is no path',
    (raw) => {
      expect(nextPathFrom(raw)).toBeNull();
    },
  );
});

describe('accountPagePath', () => {
  it('comes back to the page and fills in the name a registered user could have', () => {
    expect(accountPagePath('/signin', '/chat/general', ' Ali ')).toBe('/signin?next=%2Fchat%2Fgeneral&username=ali');
  });

  it('leaves out a name no registered user can have, and a missing next', () => {
    expect(accountPagePath('/signin', undefined, 'Аli')).toBe('/signin');
    expect(accountPagePath('/signup', '/')).toBe('/signup?next=%2F');
  });
});
