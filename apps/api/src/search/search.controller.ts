import { Controller, Get, Query, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { SearchPage } from '@parley/contracts';
import { OptionalBearerAuthGuard, Viewer } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { SearchPageDto } from './dto/search-page.dto.js';
import { searchValidationPipe, SearchQueryDto } from './dto/search.query.js';
import { SearchLimitGuard } from './search-limit.guard.js';
import { SearchService } from './search.service.js';

@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @UseGuards(OptionalBearerAuthGuard, SearchLimitGuard)
  @UsePipes(searchValidationPipe)
  @ApiOkResponse({
    type: SearchPageDto,
    description: 'Messages of every room the caller may read now, newest first (docs/protocol.md, Search)',
  })
  @ApiBadRequestResponse({
    description:
      '{"code": "INVALID_QUERY"}: nothing to search for, a malformed date, a limit out of 1..50, an unknown cursor',
  })
  @ApiTooManyRequestsResponse({ description: 'Past SEARCH_PER_MIN for this user (or address), with Retry-After' })
  @ApiServiceUnavailableResponse({
    description: '{"code": "SEARCH_TIMEOUT"}: the database stopped the search at SEARCH_TIMEOUT_MS (MySQL/MariaDB)',
  })
  find(@Query() query: SearchQueryDto, @Viewer() viewer: Principal | null): Promise<SearchPage> {
    return this.search.search(viewer, query);
  }
}
