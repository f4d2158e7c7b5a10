import { Global, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import type { RedisClients } from '../redis/redis-clients.js';
import { REDIS } from '../redis/redis.module.js';
import { DomainEvents } from './domain-events.js';
import { EventLink, LocalEventLink } from './event-link.js';
import { RedisEventLink } from './redis-event-link.js';

/** The domain-event bus, for every module: producers inject DomainEvents, listeners mark methods @OnDomainEvent. */
@Global()
@Module({
  imports: [EventEmitterModule.forRoot({ wildcard: false, maxListeners: 50 })],
  providers: [
    DomainEvents,
    {
      provide: EventLink,
      inject: [REDIS],
      useFactory: (redis: RedisClients | null): EventLink => (redis ? new RedisEventLink(redis) : new LocalEventLink()),
    },
  ],
  exports: [DomainEvents, EventLink],
})
export class EventsModule {}
