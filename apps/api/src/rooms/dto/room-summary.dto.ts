import { ApiProperty } from '@nestjs/swagger';
import type { RoomSummary } from '@parley/contracts';

/** OpenAPI description of RoomSummary; the type itself lives in the contracts. */
export class RoomSummaryDto implements RoomSummary {
  @ApiProperty({ example: 'general' })
  slug: string;

  @ApiProperty({ example: 'General' })
  name: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastMessageAt: string | null;
}
