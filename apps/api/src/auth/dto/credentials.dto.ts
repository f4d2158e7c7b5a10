import { ApiProperty } from '@nestjs/swagger';
import { isValidPassword, LIMITS, normalizeRegisteredUsername, type Credentials } from '@parley/contracts';
import { Transform } from 'class-transformer';
import { IsString, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { toLowerCaseIfString } from '../../common/value-transforms.js';

@ValidatorConstraint({ name: 'registeredUsername' })
export class RegisteredUsername implements ValidatorConstraintInterface {
  validate(username: unknown): boolean {
    return typeof username === 'string' && normalizeRegisteredUsername(username) === username;
  }

  defaultMessage(): string {
    return `username must be ${LIMITS.registeredUsernameMinLength}–${LIMITS.registeredUsernameMaxLength} of a-z 0-9 _ . -, starting with a letter or digit`;
  }
}

@ValidatorConstraint({ name: 'password' })
export class ValidPassword implements ValidatorConstraintInterface {
  validate(password: unknown): boolean {
    return typeof password === 'string' && isValidPassword(password);
  }

  defaultMessage(): string {
    return `password must be ${LIMITS.passwordMinLength}–${LIMITS.passwordMaxLength} characters, not only spaces`;
  }
}

/** The rules, as the API documents show them. */
export const USERNAME_RULE = `${LIMITS.registeredUsernameMinLength}–${LIMITS.registeredUsernameMaxLength} of a-z 0-9 _ . -, starting with a letter or digit; case-insensitive`;
export const PASSWORD_RULE = `${LIMITS.passwordMinLength}–${LIMITS.passwordMaxLength} characters, not only spaces`;

export class RegisterDto implements Credentials {
  @ApiProperty({
    example: 'ali',
    description: USERNAME_RULE,
  })
  @Transform(toLowerCaseIfString)
  @IsString()
  @Validate(RegisteredUsername)
  username: string;

  @ApiProperty({ example: 'correct horse battery staple', description: PASSWORD_RULE })
  @IsString()
  @Validate(ValidPassword)
  password: string;
}

/** Sign-in takes any strings: a name or password that could never register simply does not match. */
export class LoginDto implements Credentials {
  @ApiProperty({ example: 'ali' })
  @Transform(toLowerCaseIfString)
  @IsString()
  username: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  password: string;
}
