import type { ChildProcess } from 'node:child_process';

export interface StackInstance {
  port: number;
  child: ChildProcess;
  exited: Promise<unknown>;
  output(): string;
}

export interface Stack {
  url: string;
  instances: StackInstance[];
  stop(): Promise<void>;
}

export function startStack(options?: {
  port?: number;
  apiPorts?: number[];
  databaseUrl?: string;
  redisUrl?: string;
  env?: Record<string, string>;
}): Promise<Stack>;

export function renderTemplate(template: string, values: Record<string, string>): string;
