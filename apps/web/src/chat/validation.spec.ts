import { describe, expect, it } from 'vitest';
import { roomNameProblem, roomSlugProblem, usernameProblem } from './validation';

describe('roomSlugProblem', () => {
  it.each(['general', 'Team-42', 'a_b'])('accepts %s', (slug) => {
    expect(roomSlugProblem(slug)).toBeNull();
  });

  it.each([
    ['', /enter a room name/i],
    ['x'.repeat(65), /at most 64/],
    ['my room', /no spaces/],
    ['café', /letters a–z/],
  ])('explains why %j is refused', (slug, reason) => {
    expect(roomSlugProblem(slug)).toMatch(reason);
  });
});

describe('usernameProblem', () => {
  it('accepts a name with emoji within the limit', () => {
    expect(usernameProblem('  Ali 🦊 ')).toBeNull();
  });

  it.each([
    ['   ', /enter a name/i],
    ['n'.repeat(33), /at most 32/],
    ['Ali\u0007', /control or invisible characters/],
    ['Ali\u200B', /control or invisible characters/],
  ])('explains why %j is refused', (name, reason) => {
    expect(usernameProblem(name)).toMatch(reason);
  });
});

describe('roomNameProblem', () => {
  it('accepts up to 100 characters and refuses more', () => {
    expect(roomNameProblem('r'.repeat(100))).toBeNull();
    expect(roomNameProblem('r'.repeat(101))).toMatch(/at most 100/);
  });

  it('refuses a name holding invisible or bidirectional characters, as the server does', () => {
    expect(roomNameProblem('Plans\u200B')).toMatch(/invisible/);
    expect(roomNameProblem('\u202EPlans')).toMatch(/invisible/);
  });
});
