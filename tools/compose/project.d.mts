export const ROOT: string;
export const LONG_RUNNING: string[];

export function findCompose(): string[] | null;
export function docker(...args: string[]): string;

export interface Leftovers {
  containers: string[];
  networks: string[];
  volumes: string[];
}

export class ComposeProject {
  constructor(options: { name: string; files: string[]; env: Record<string, string> });
  readonly name: string;
  readonly files: string[];
  static fromEnvironment(): ComposeProject;
  childEnvironment(): Record<string, string>;
  run(args: string[], options?: { inherit?: boolean }): string;
  containers(service: string): string[];
  container(service: string): string;
  // docker inspect's answer for the service's one container
  inspect(service: string): {
    State: {
      Status: string;
      Running: boolean;
      ExitCode: number;
      StartedAt: string;
      FinishedAt: string;
      Health?: { Status: string };
    };
    RestartCount: number;
    Config: { User: string; Env: string[] };
    NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
  };
  address(service: string): string;
  logs(service: string): string;
  waitHealthy(services?: string[], timeoutMs?: number): Promise<void>;
  down(): void;
  leftovers(): Leftovers;
}
