import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorCode, type NotificationLevelRequest, type PushKey } from '@parley/contracts';
import type { Response } from 'express';
import { BearerAuthGuard, CurrentPrincipal } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { codedValidationPipe } from '../common/rest-validation.pipe.js';
import { RoomSlugPipe } from '../rooms/room-slug.pipe.js';
import { NotificationLevelDto } from './dto/notification-level.dto.js';
import { PushSubscriptionDto, PushUnsubscribeDto } from './dto/push-subscription.dto.js';
import { NotificationsService } from './notifications.service.js';

const invalidData = codedValidationPipe(ErrorCode.InvalidData, 'Invalid data');

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Put('rooms/:slug/notifications')
  @UseGuards(BearerAuthGuard)
  @UsePipes(invalidData)
  @ApiOkResponse({ description: '{"level"}: the member’s notification level in the room' })
  @ApiBadRequestResponse({ description: '{"code": "INVALID_DATA"}: not all, mentions or none' })
  @ApiNotFoundResponse({ description: 'Not a member (or no such room)' })
  setLevel(
    @Param('slug', RoomSlugPipe) slug: string,
    @Body() body: NotificationLevelDto,
    @CurrentPrincipal() member: Principal,
  ): Promise<NotificationLevelRequest> {
    return this.notifications.setLevel(slug, member, body.level);
  }

  @Get('push/key')
  @ApiOkResponse({ description: '{"publicKey"}: the VAPID public key; 404 when push is off' })
  key(): PushKey {
    return this.notifications.publicKey();
  }

  @Post('push/subscriptions')
  @UseGuards(BearerAuthGuard)
  @UsePipes(invalidData)
  @ApiCreatedResponse({ description: 'Subscribed; 200 when the endpoint was known (updated)' })
  @ApiBadRequestResponse({ description: '{"code": "INVALID_DATA"}: not a subscription, or not an https: endpoint' })
  async subscribe(
    @Body() body: PushSubscriptionDto,
    @CurrentPrincipal() subscriber: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const outcome = await this.notifications.subscribe(subscriber, body);
    response.status(outcome === 'created' ? 201 : 200);
  }

  @Delete('push/subscriptions')
  @HttpCode(204)
  @UseGuards(BearerAuthGuard)
  @UsePipes(invalidData)
  @ApiNoContentResponse({ description: 'Unsubscribed (also when it was not subscribed)' })
  unsubscribe(@Body() body: PushUnsubscribeDto, @CurrentPrincipal() subscriber: Principal): Promise<void> {
    return this.notifications.unsubscribe(subscriber, body.endpoint);
  }
}
