import { ConflictException, NotFoundException } from '@nestjs/common';

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
