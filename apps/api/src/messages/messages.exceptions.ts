import { NotFoundException } from '@nestjs/common';

export class MessageNotFoundException extends NotFoundException {
  constructor(id: string) {
    super(`No message "${id}" in this room`);
  }
}
