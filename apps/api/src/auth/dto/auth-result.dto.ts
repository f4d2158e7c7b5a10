import { ApiProperty } from '@nestjs/swagger';
import type { AuthResult, SocketTicket, TokenPair, User } from '@parley/contracts';

/** OpenAPI descriptions of the auth answers; the types themselves live in the contracts. */
export class UserDto implements User {
  @ApiProperty({ example: '019ab3c4-0000-7000-8000-000000000001', description: 'UUIDv7' })
  id: string;

  @ApiProperty({ example: 'ali' })
  username: string;

  @ApiProperty({ enum: [false] })
  guest: false;

  @ApiProperty({ description: 'A server admin' })
  admin: boolean;
}

export class TokenPairDto implements TokenPair {
  @ApiProperty({ description: 'A JWT: send it as Authorization: Bearer <token>' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque, single-use: every refresh returns a new one' })
  refreshToken: string;

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn: number;
}

export class AuthResultDto extends TokenPairDto implements AuthResult {
  @ApiProperty({ type: UserDto })
  user: UserDto;
}

export class SocketTicketDto implements SocketTicket {
  @ApiProperty({ description: 'Opens one socket: /ws/<room>?ticket=<ticket>' })
  ticket: string;

  @ApiProperty({ example: 60 })
  expiresIn: number;
}
