import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/rest';
import { changePasswordFailure, signInFailure, signUpFailure, waitPhrase } from './failures';

describe('signInFailure', () => {
  it('says the username or password is wrong on a 401, whichever it was', () => {
    expect(signInFailure(new ApiError(401, 'Wrong username or password'))).toBe('Wrong username or password.');
  });

  it('says how long to wait on a 429', () => {
    expect(signInFailure(new ApiError(429, 'Too many', 840))).toBe(
      'Too many failed sign-ins. Try again in 14 minutes.',
    );
    expect(signInFailure(new ApiError(429, 'Too many'))).toBe('Too many failed sign-ins. Try again in a few minutes.');
  });

  it("passes anything else on in the server's or the client's words", () => {
    expect(signInFailure(new ApiError(0, 'Could not reach the server.'))).toBe('Could not reach the server.');
  });
});

describe('signUpFailure', () => {
  it('names the taken name on a 409, so the form can offer to sign in', () => {
    expect(signUpFailure(new ApiError(409, 'The username "ali" is taken'), 'ali')).toEqual({
      message: 'The name “ali” is taken.',
      takenName: 'ali',
    });
  });

  it("passes a 400 on in the server's words", () => {
    expect(signUpFailure(new ApiError(400, 'password must be 8–256 characters'), 'ali')).toEqual({
      message: 'password must be 8–256 characters',
      takenName: null,
    });
  });
});

describe('changePasswordFailure', () => {
  it('says the current password is wrong on a 403', () => {
    expect(changePasswordFailure(new ApiError(403, 'The current password is wrong'))).toBe(
      'Your current password is wrong.',
    );
  });
});

describe('waitPhrase', () => {
  it.each([
    [1, 'in 1 second'],
    [45, 'in 45 seconds'],
    [60, 'in 1 minute'],
    [61, 'in 2 minutes'],
  ])('%i s: %s', (seconds, phrase) => {
    expect(waitPhrase(seconds)).toBe(phrase);
  });
});
