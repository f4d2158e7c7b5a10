import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { SearchIndexModule } from './search-index.module.js';
import { SearchLimitGuard } from './search-limit.guard.js';
import { SearchController } from './search.controller.js';
import { SearchService } from './search.service.js';

/** `GET /api/search`: every message the caller may read, found by the database's own full-text engine. */
@Module({
  imports: [SearchIndexModule, MessagesModule, RoomsModule, AuthModule],
  controllers: [SearchController],
  providers: [SearchService, SearchLimitGuard],
})
export class SearchModule {}
