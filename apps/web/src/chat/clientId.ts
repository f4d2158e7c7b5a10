const UUID_V4_VERSION_BYTE = 6;
const UUID_VARIANT_BYTE = 8;

/** A random UUID v4 naming one outgoing message, so a resend after reconnect is stored only once. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts (https, localhost); a page served over http on a LAN address lacks it.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[UUID_V4_VERSION_BYTE] = (bytes[UUID_V4_VERSION_BYTE]! & 0x0f) | 0x40;
  bytes[UUID_VARIANT_BYTE] = (bytes[UUID_VARIANT_BYTE]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
