import { Module } from '@nestjs/common';
import { MuteBook } from './mute-book.js';
import { RestrictionsRepository } from './restrictions.repository.js';

/** Bans and mutes as the paths that enforce them read them: the upgrade gate, membership changes, every frame. */
@Module({ providers: [RestrictionsRepository, MuteBook], exports: [RestrictionsRepository, MuteBook] })
export class RestrictionsModule {}
