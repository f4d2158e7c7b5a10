import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { LIMITS, normalizeRoomSlug } from '@parley/contracts';

/** Route parameter `:slug`: matched case-insensitively, so normalised to lower-case here. */
@Injectable()
export class RoomSlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const slug = normalizeRoomSlug(value);
    if (!slug) throw new BadRequestException(`room must be 1–${LIMITS.roomSlugMaxLength} of a-z 0-9 - _`);
    return slug;
  }
}
