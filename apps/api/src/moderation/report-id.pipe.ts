import { NotFoundException, type PipeTransform } from '@nestjs/common';

/** A report id in a path: a positive integer; anything else names no report (404). */
export class ReportIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,14}$/.test(value)) throw new NotFoundException(`No report ${value.slice(0, 20)}`);
    return Number(value);
  }
}
