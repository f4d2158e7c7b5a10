import { EVENT_LISTENER_METADATA, EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents } from '../../src/events/domain-events.js';
import { LocalEventLink } from '../../src/events/event-link.js';

/** The domain-event bus of one process, recording every event emitted on it. */
export function eventsUnderTest() {
  const emitter = new EventEmitter2();
  const emitted: Array<{ name: string; payload: unknown }> = [];
  emitter.onAny((name, payload) => emitted.push({ name: String(name), payload }));
  /** Subscribes the objects' @OnDomainEvent methods, as the app does at start. */
  const wire = (...listeners: object[]) => {
    for (const listener of listeners) {
      const prototype = Object.getPrototypeOf(listener) as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const method = prototype[key];
        if (typeof method !== 'function') continue;
        const subscriptions = (Reflect.getMetadata(EVENT_LISTENER_METADATA, method) ?? []) as Array<{ event: string }>;
        for (const { event } of subscriptions) {
          emitter.on(event, (...args: unknown[]) => (method as (...args: unknown[]) => unknown).apply(listener, args));
        }
      }
    }
  };
  return { emitter, emitted, wire, events: new DomainEvents(emitter, new LocalEventLink()) };
}
