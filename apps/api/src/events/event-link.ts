/**
 * How shared domain events reach the other instances. `LocalEventLink` is one process (nobody to tell);
 * `RedisEventLink` spans instances and delivers what it could not publish once Redis is back.
 */
export abstract class EventLink {
  /** To every other instance, in the order given. */
  abstract publish(name: string, payload: unknown): void;

  /** Events other instances published, in their publishing order. */
  abstract onReceive(listener: (name: string, payload: unknown) => void): void;

  /** This instance's link came back after an outage: what others published meanwhile may have been missed. */
  abstract onResumed(listener: () => void): void;
}

export class LocalEventLink extends EventLink {
  publish(): void {}

  onReceive(): void {}

  onResumed(): void {}
}
