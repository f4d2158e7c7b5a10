import { ApiProperty } from '@nestjs/swagger';
import type {
  Attachment,
  ChatMessage,
  EventPage,
  LogEvent,
  MessageEdit,
  MessagePage,
  MessagesAround,
  Reaction,
  ReplyRef,
} from '@parley/contracts';

class ReplyRefDto implements ReplyRef {
  @ApiProperty()
  id: string;

  @ApiProperty()
  seq: number;

  @ApiProperty()
  username: string;
}

class AttachmentDto implements Attachment {
  @ApiProperty({ example: '019ab3c4-5d6e-7f80-9a1b-2c3d4e5f6a7c' })
  id: string;

  @ApiProperty({ example: 'screenshot.png' })
  name: string;

  @ApiProperty({ description: 'Bytes' })
  size: number;

  @ApiProperty({ example: 'image/png', description: 'Detected from the bytes' })
  contentType: string;

  @ApiProperty({ required: false, description: 'Images only' })
  width?: number;

  @ApiProperty({ required: false, description: 'Images only' })
  height?: number;

  @ApiProperty({ example: '/api/files/019ab3c4-5d6e-7f80-9a1b-2c3d4e5f6a7c' })
  url: string;

  @ApiProperty({ required: false, example: '/api/files/019ab3c4-5d6e-7f80-9a1b-2c3d4e5f6a7c/thumbnail' })
  thumbnailUrl?: string;
}

class ReactionDto implements Reaction {
  @ApiProperty({ example: '👍' })
  emoji: string;

  @ApiProperty()
  count: number;

  @ApiProperty({ type: [String], description: 'At most 20 names' })
  users: string[];
}

/** OpenAPI description of ChatMessage, MessagePage and the log; the types themselves live in the contracts. */
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

  @ApiProperty({ description: 'The seq of the latest event that changed it' })
  version: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  editedAt: string | null;

  @ApiProperty({ description: 'A tombstone: content "", no reactions, no replyTo' })
  deleted: boolean;

  @ApiProperty({ type: ReplyRefDto, nullable: true })
  replyTo: ReplyRefDto | null;

  @ApiProperty({ type: [ReactionDto], description: 'In the order each emoji was first added' })
  reactions: ReactionDto[];

  @ApiProperty({ type: [AttachmentDto], description: 'Its files, in the order sent; empty for none' })
  attachments: AttachmentDto[];

  @ApiProperty({ required: false })
  clientId?: string;
}

export class MessagePageDto implements MessagePage {
  @ApiProperty({ type: [ChatMessageDto], description: 'Oldest first' })
  messages: ChatMessageDto[];

  @ApiProperty({ description: 'With before (or no cursor): older messages remain; with after: newer ones remain' })
  hasMore: boolean;
}

export class MessagesAroundDto implements MessagesAround {
  @ApiProperty({
    type: [ChatMessageDto],
    description: 'Oldest first: the message asked for (or the nearest before) among them',
  })
  messages: ChatMessageDto[];

  @ApiProperty()
  hasMoreBefore: boolean;

  @ApiProperty()
  hasMoreAfter: boolean;
}

export class MessageEditDto implements MessageEdit {
  @ApiProperty()
  content: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null for the original' })
  editedAt: string | null;
}

class LogEventDto implements LogEvent {
  @ApiProperty()
  seq: number;

  @ApiProperty({ enum: ['message', 'update'] })
  type: 'message' | 'update';

  @ApiProperty({ type: ChatMessageDto })
  message: ChatMessageDto;
}

export class EventPageDto implements EventPage {
  @ApiProperty({ type: [LogEventDto] })
  events: LogEventDto[];

  @ApiProperty()
  hasMore: boolean;
}
