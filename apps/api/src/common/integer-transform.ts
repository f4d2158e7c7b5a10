/** class-transformer helper: digits-only strings become numbers; anything else stays as it is and fails `@IsInt`. */
export const toIntegerIfDigits = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
