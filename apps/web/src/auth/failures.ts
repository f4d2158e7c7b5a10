import {
  ApiError,
  describeError,
  HTTP_CONFLICT,
  HTTP_FORBIDDEN,
  HTTP_TOO_MANY_REQUESTS,
  HTTP_UNAUTHORIZED,
  statusOf,
} from '../api/rest';

/** "in 40 seconds", "in 15 minutes": how long a 429 asked to wait. */
export function waitPhrase(seconds: number | undefined): string {
  if (seconds === undefined) return 'in a few minutes';
  if (seconds < 60) return seconds === 1 ? 'in 1 second' : `in ${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? 'in 1 minute' : `in ${minutes} minutes`;
}

function tooManyAttempts(error: unknown, what: string): string | null {
  if (!(error instanceof ApiError) || error.status !== HTTP_TOO_MANY_REQUESTS) return null;
  return `${what} Try again ${waitPhrase(error.retryAfterSeconds)}.`;
}

export function signInFailure(error: unknown): string {
  if (statusOf(error) === HTTP_UNAUTHORIZED) return 'Wrong username or password.';
  return tooManyAttempts(error, 'Too many failed sign-ins.') ?? describeError(error);
}

export interface SignUpFailure {
  message: string;
  /** The name someone registered already: it may be this person's, who then wants to sign in. */
  takenName: string | null;
}

export function signUpFailure(error: unknown, username: string): SignUpFailure {
  if (statusOf(error) === HTTP_CONFLICT) return { message: `The name “${username}” is taken.`, takenName: username };
  return { message: tooManyAttempts(error, 'Too many attempts.') ?? describeError(error), takenName: null };
}

export function changePasswordFailure(error: unknown): string {
  if (statusOf(error) === HTTP_FORBIDDEN) return 'Your current password is wrong.';
  return tooManyAttempts(error, 'Too many attempts.') ?? describeError(error);
}
