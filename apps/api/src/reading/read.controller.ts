import { Body, Controller, HttpCode, Param, Put, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { ReadRequest, ReadResult } from '@parley/contracts';
import { IsInt, Min } from 'class-validator';
import { BearerAuthGuard, CurrentPrincipal } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { restValidationPipe } from '../common/rest-validation.pipe.js';
import { RoomAccess } from '../rooms/room-access.js';
import { RoomNotFoundException } from '../rooms/rooms.exceptions.js';
import { RoomSlugPipe } from '../rooms/room-slug.pipe.js';
import { ReadMarkersService } from './read-markers.service.js';

class ReadDto implements ReadRequest {
  @ApiProperty({ description: 'The seq read up to; an older one changes nothing, one past the end means the end' })
  @IsInt({ message: 'seq must be a non-negative integer' })
  @Min(0, { message: 'seq must be a non-negative integer' })
  seq: number;
}

class ReadResultDto implements ReadResult {
  @ApiProperty()
  readSeq: number;
}

@ApiTags('members')
@ApiBearerAuth()
@UsePipes(restValidationPipe)
@UseGuards(BearerAuthGuard)
@Controller('rooms/:slug/read')
export class ReadController {
  constructor(
    private readonly markers: ReadMarkersService,
    private readonly access: RoomAccess,
  ) {}

  @Put()
  @HttpCode(200)
  @ApiOkResponse({ type: ReadResultDto, description: 'The marker after the move (it only moves forward)' })
  @ApiNotFoundResponse({ description: 'No such room visible to you, or you are not a member' })
  async read(
    @Param('slug', RoomSlugPipe) slug: string,
    @CurrentPrincipal() reader: Principal,
    @Body() body: ReadDto,
  ): Promise<ReadResult> {
    const { room } = await this.access.visible(slug, reader);
    const readSeq = await this.markers.moveNow(room, reader.userId, reader.username, body.seq);
    if (readSeq === null) throw new RoomNotFoundException(slug);
    return { readSeq };
  }
}
