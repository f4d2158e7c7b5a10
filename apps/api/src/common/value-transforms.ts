/** class-transformer helper: digits-only strings become numbers; anything else stays as it is and fails `@IsInt`. */
export const toIntegerIfDigits = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** class-transformer helper: `true` and `false` become booleans; anything else stays as it is and fails `@IsBoolean`. */
export const toBooleanIfWord = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** class-transformer helper: strings are lower-cased (names matched case-insensitively); anything else fails later. */
export const toLowerCaseIfString = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;
