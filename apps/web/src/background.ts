/**
 * Work the page starts without waiting for it (a refresh, a navigation, a focus): whatever it does not handle itself
 * is reported, never left as an unhandled rejection.
 */
export function inBackground(work: Promise<unknown>, what: string): void {
  work.catch((error: unknown) => console.error(`${what} failed`, error));
}
