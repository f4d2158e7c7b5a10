import { Cluster } from './cluster.js';

/** One process: there is no other instance to tell. */
export class LocalCluster extends Cluster {
  async subscribe(): Promise<void> {}

  unsubscribe(): void {}

  publish(): void {}

  onEvent(): void {}

  onResumed(): void {}
}
