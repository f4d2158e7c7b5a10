import { ConflictException, NotFoundException } from '@nestjs/common';

export class RoomNotFoundException extends NotFoundException {
  constructor(slug: string) {
    super(`Room "${slug}" does not exist`);
  }
}

export class RoomAlreadyExistsException extends ConflictException {
  constructor(slug: string) {
    super(`Room "${slug}" already exists`);
  }
}
