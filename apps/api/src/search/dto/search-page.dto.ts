import { ApiProperty } from '@nestjs/swagger';
import type { SearchPage, SearchResult, SearchRoom } from '@parley/contracts';
import { ChatMessageDto } from '../../messages/dto/message-page.dto.js';

class SearchRoomDto implements SearchRoom {
  @ApiProperty()
  slug: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ['public', 'private'] })
  visibility: 'public' | 'private';

  @ApiProperty({ enum: ['room', 'dm'] })
  kind: 'room' | 'dm';
}

class SearchResultDto implements SearchResult {
  @ApiProperty({ type: ChatMessageDto })
  message: ChatMessageDto;

  @ApiProperty({ type: SearchRoomDto })
  room: SearchRoomDto;
}

export class SearchPageDto implements SearchPage {
  @ApiProperty({ type: [SearchResultDto], description: 'Newest first' })
  results: SearchResultDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass it as cursor for the next page' })
  nextCursor: string | null;

  @ApiProperty({ type: [String], description: 'Query words not searched: too short, or the engine cannot search them' })
  ignored: string[];
}
