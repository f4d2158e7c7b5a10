import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_LEVELS, type NotificationLevel, type NotificationLevelRequest } from '@parley/contracts';
import { IsIn } from 'class-validator';

export class NotificationLevelDto implements NotificationLevelRequest {
  @ApiProperty({ enum: NOTIFICATION_LEVELS })
  @IsIn(NOTIFICATION_LEVELS, { message: `level must be one of ${NOTIFICATION_LEVELS.join(', ')}` })
  level: NotificationLevel;
}
