import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';

/** A refusal at the upgrade: the HTTP status, its reason phrase and any headers (Retry-After). */
export interface UpgradeRefusal {
  status: number;
  reason: string;
  headers?: Record<string, string>;
}

/** An admitted upgrade holds a connection slot of its address until `release`, which is safe to call more than once. */
export type Admission = { admitted: true; release: () => void } | ({ admitted: false } & UpgradeRefusal);

/**
 * What the transport asks above it, without knowing what is asked: whether an upgrade may become a socket (decided
 * before any socket exists), and where each frame of an open socket goes. Orchestration provides both.
 */
export abstract class UpgradeGate {
  abstract admit(request: IncomingMessage): Promise<Admission>;
}

export abstract class FrameSink {
  abstract route(socket: WebSocket, raw: RawData): void;
}
