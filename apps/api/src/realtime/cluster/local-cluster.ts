import type { ChatMessage } from '@parley/contracts';
import type { RoomHub } from '../room-hub.js';
import { Cluster } from './cluster.js';

/** One process: the hub is the whole room, so every question is answered locally and at once. */
export class LocalCluster extends Cluster {
  constructor(private readonly hub: RoomHub) {
    super();
  }

  async watch(): Promise<void> {}

  unwatch(): void {}

  publish(messages: readonly ChatMessage[]): void {
    this.hub.deliver(messages);
  }

  async nameArrived(): Promise<boolean> {
    return true;
  }

  async nameLeft(): Promise<boolean> {
    return true;
  }

  async names(room: string): Promise<string[]> {
    return this.hub.presence(room);
  }

  announce(): void {}

  onRemoteChange(): void {}
}
