import { ConflictException, NotFoundException } from '@nestjs/common';
import { ErrorCode } from '@parley/contracts';
import { ApiErrorException } from '../common/api-error.exception.js';

export class UserNotFoundException extends NotFoundException {
  constructor(username: string) {
    super(`No user is called "${username}"`);
  }
}

export class AlreadyMemberException extends ConflictException {
  constructor(username: string) {
    super(`"${username}" is a member already`);
  }
}

export class NotMemberException extends NotFoundException {
  constructor(username: string) {
    super(`"${username}" is not a member of this room`);
  }
}

export class BannedException extends ApiErrorException {
  constructor(username: string) {
    super(409, ErrorCode.Banned, `"${username}" is banned from this room`);
  }
}
