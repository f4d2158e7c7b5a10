import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every Prometheus instrument of the API, in one registry per app (tests run several apps in one process).
 * Hot paths touch them once per event or per batch, never once per recipient.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly connections = new Gauge({
    name: 'parley_connections',
    help: 'Open WebSocket connections that joined a room',
    registers: [this.registry],
  });

  readonly rooms = new Gauge({
    name: 'parley_rooms_active',
    help: 'Rooms with at least one connection on this instance',
    registers: [this.registry],
  });

  readonly messagesReceived = new Counter({
    name: 'parley_messages_received_total',
    help: 'Valid message frames received from clients',
    registers: [this.registry],
  });

  readonly messagesStored = new Counter({
    name: 'parley_messages_stored_total',
    help: 'Messages committed to the database (resends of a stored clientId excluded)',
    registers: [this.registry],
  });

  readonly messagesDelivered = new Counter({
    name: 'parley_messages_delivered_total',
    help: 'Message frames handed to sockets (one per recipient)',
    registers: [this.registry],
  });

  readonly ackLatency = new Histogram({
    name: 'parley_ack_latency_seconds',
    help: 'From a message frame being read to its ack being sent',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly batchSize = new Histogram({
    name: 'parley_commit_batch_size',
    help: 'Messages per group-commit transaction',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [this.registry],
  });

  readonly slowClientDisconnects = new Counter({
    name: 'parley_slow_client_disconnects_total',
    help: 'Connections closed because their unsent data passed the bound',
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'parley_errors_total',
    help: 'Error frames sent to clients, by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
