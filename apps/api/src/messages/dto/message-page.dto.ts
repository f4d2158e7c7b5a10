import { ApiProperty } from '@nestjs/swagger';
import type { ChatMessage, MessagePage } from '@parley/contracts';

/** OpenAPI description of ChatMessage and MessagePage; the types themselves live in the contracts. */
export class ChatMessageDto implements ChatMessage {
  @ApiProperty({ example: '019ab3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b' })
  id: string;

  @ApiProperty({ example: 42, description: 'Position in the room: 1, 2, 3… with no gaps' })
  seq: number;

  @ApiProperty({ example: 'general' })
  room: string;

  @ApiProperty({ example: 'ali' })
  username: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '019ab3c4-0000-7000-8000-000000000001',
    description: "The sender's user id; null for a guest",
  })
  userId: string | null;

  @ApiProperty({ example: 'Hello!' })
  content: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ required: false })
  clientId?: string;
}

export class MessagePageDto implements MessagePage {
  @ApiProperty({ type: [ChatMessageDto], description: 'Oldest first' })
  messages: ChatMessageDto[];

  @ApiProperty({ description: 'With before (or no cursor): older messages remain; with after: newer ones remain' })
  hasMore: boolean;
}
