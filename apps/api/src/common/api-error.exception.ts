import { HttpException } from '@nestjs/common';
import type { ErrorCode } from '@parley/contracts';

/** A REST refusal whose body names its kind: `{"statusCode", "code", "message"}` (the contracts' ErrorCode). */
export class ApiErrorException extends HttpException {
  constructor(status: number, code: ErrorCode, message: string) {
    super({ statusCode: status, code, message }, status);
  }
}
