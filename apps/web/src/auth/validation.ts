import { codePointLength, isValidPassword, LIMITS, normalizeRegisteredUsername } from '@parley/contracts';

/** Why a registered username would be refused, in words for the user; null when the contracts' rule accepts it. */
export function registeredUsernameProblem(raw: string): string | null {
  if (normalizeRegisteredUsername(raw) !== null) return null;
  if (raw.length === 0) return 'Enter a username.';
  const length = codePointLength(raw);
  if (length < LIMITS.registeredUsernameMinLength)
    return `Usernames are at least ${LIMITS.registeredUsernameMinLength} characters.`;
  if (length > LIMITS.registeredUsernameMaxLength)
    return `Usernames are at most ${LIMITS.registeredUsernameMaxLength} characters.`;
  if (!/^[a-z0-9]/i.test(raw)) return 'Usernames start with a letter a–z or a digit.';
  return 'Usernames use only letters a–z, digits, “_”, “.” and “-” (no spaces).';
}

/** Why a new password would be refused; null when the contracts' rule accepts it. */
export function newPasswordProblem(password: string): string | null {
  if (isValidPassword(password)) return null;
  if (password.length === 0) return 'Enter a password.';
  if (password.trim().length === 0) return 'A password cannot be only spaces.';
  if (codePointLength(password) < LIMITS.passwordMinLength)
    return `Passwords are at least ${LIMITS.passwordMinLength} characters.`;
  return `Passwords are at most ${LIMITS.passwordMaxLength} characters.`;
}
