import { ApiProperty } from '@nestjs/swagger';
import {
  NOTIFICATION_LEVELS,
  type MyRoom,
  type NotificationLevel,
  type RoomKind,
  type RoomSummary,
  type RoomVisibility,
} from '@parley/contracts';

/** OpenAPI description of RoomSummary; the type itself lives in the contracts. */
export class RoomSummaryDto implements RoomSummary {
  @ApiProperty({ example: 'general' })
  slug: string;

  @ApiProperty({ example: 'General' })
  name: string;

  @ApiProperty({ enum: ['public', 'private'] })
  visibility: RoomVisibility;

  @ApiProperty({ enum: ['room', 'dm'] })
  kind: RoomKind;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastMessageAt: string | null;

  @ApiProperty({ description: 'Whether guests may open it (public rooms only; false for private rooms and DMs)' })
  guests: boolean;
}

export class MyRoomDto extends RoomSummaryDto implements MyRoom {
  @ApiProperty({ description: "The room's highest event seq" })
  lastSeq: number;

  @ApiProperty({ description: "The user's read marker" })
  readSeq: number;

  @ApiProperty({ description: 'Messages from others, not deleted, above the marker' })
  unread: number;

  @ApiProperty({ description: 'Those of them that mention @username' })
  mentions: number;

  @ApiProperty({ enum: NOTIFICATION_LEVELS, description: 'The user’s notification level in the room' })
  notify: NotificationLevel;
}
