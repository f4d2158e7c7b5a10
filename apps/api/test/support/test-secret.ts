/** One signing key for every app of a run, as every instance behind one load balancer shares AUTH_SECRET. */
export const TEST_AUTH_SECRET = 'parley-e2e-secret-that-is-at-least-32-characters';
