import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { ReadController } from './read.controller.js';
import { ReadMarkersService } from './read-markers.service.js';

/** Read markers: how far each member has read, moved by sockets and REST alike. */
@Module({
  imports: [RoomsModule, AuthModule],
  controllers: [ReadController],
  providers: [ReadMarkersService],
  exports: [ReadMarkersService],
})
export class ReadingModule {}
