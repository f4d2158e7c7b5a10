import { ConflictException, ForbiddenException, UnauthorizedException } from '@nestjs/common';

/** One answer for an unknown name and a wrong password alike. */
export class InvalidCredentialsException extends UnauthorizedException {
  constructor() {
    super('Wrong username or password');
  }
}

export class SignInRequiredException extends UnauthorizedException {
  constructor(message = 'Sign in first: the access token is missing, expired or revoked') {
    super(message);
  }
}

export class UsernameTakenException extends ConflictException {
  constructor(username: string) {
    super(`The username "${username}" is taken`);
  }
}

/** 403, not 401: the caller is signed in, and a client that refreshes on 401 must not take this for a dead token. */
export class WrongPasswordException extends ForbiddenException {
  constructor() {
    super('The current password is wrong');
  }
}
