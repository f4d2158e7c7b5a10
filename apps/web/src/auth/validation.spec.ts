import { describe, expect, it } from 'vitest';
import { newPasswordProblem, registeredUsernameProblem } from './validation';

describe('registeredUsernameProblem', () => {
  it.each(['ali', 'Ali', 'a1', 'bea.k-2_x', '7seas', 'x'.repeat(32)])('accepts %s', (name) => {
    expect(registeredUsernameProblem(name)).toBeNull();
  });

  it.each([
    ['', 'Enter a username.'],
    ['a', 'Usernames are at least 2 characters.'],
    ['x'.repeat(33), 'Usernames are at most 32 characters.'],
    ['.ali', 'Usernames start with a letter a–z or a digit.'],
    ['ali baba', 'Usernames use only letters a–z, digits, “_”, “.” and “-” (no spaces).'],
    // A Cyrillic "А": only a guest can be called that.
    ['Аli', 'Usernames start with a letter a–z or a digit.'],
    ['alí', 'Usernames use only letters a–z, digits, “_”, “.” and “-” (no spaces).'],
  ])('refuses %j: %s', (name, problem) => {
    expect(registeredUsernameProblem(name)).toBe(problem);
  });
});

describe('newPasswordProblem', () => {
  it.each(['12345678', 'correct horse', ' padded ', 'x'.repeat(256), '🔑'.repeat(8)])('accepts %j', (password) => {
    expect(newPasswordProblem(password)).toBeNull();
  });

  it.each([
    ['', 'Enter a password.'],
    ['         ', 'A password cannot be only spaces.'],
    ['1234567', 'Passwords are at least 8 characters.'],
    ['🔑'.repeat(7), 'Passwords are at least 8 characters.'],
    ['x'.repeat(257), 'Passwords are at most 256 characters.'],
  ])('refuses %j: %s', (password, problem) => {
    expect(newPasswordProblem(password)).toBe(problem);
  });
});
