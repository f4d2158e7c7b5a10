import { ErrorCode, type PingData } from '@parley/contracts';
import { ProtocolException } from './protocol.exception.js';

/** `ping` data: any object; its fields are ignored. */
export function validatePing(data: unknown): PingData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ProtocolException(ErrorCode.InvalidData, 'data must be an object');
  }
  return {};
}
