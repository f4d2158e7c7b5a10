import { codePointLength, LIMITS } from '@parley/contracts';

/** Why a report's reason would be refused (it is required); null when it may be sent. */
export function reportReasonProblem(raw: string): string | null {
  const length = codePointLength(raw.trim());
  if (length === 0) return 'Say what is wrong with this message.';
  if (length > LIMITS.reportReasonMaxLength) return `At most ${LIMITS.reportReasonMaxLength} characters.`;
  return null;
}

/** Why a ban's optional reason would be refused; null when it may be sent (empty included). */
export function banReasonProblem(raw: string): string | null {
  return codePointLength(raw.trim()) > LIMITS.banReasonMaxLength
    ? `At most ${LIMITS.banReasonMaxLength} characters.`
    : null;
}
