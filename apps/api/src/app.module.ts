import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ServeStaticModule } from '@nestjs/serve-static';
import { validateEnvironment, type Environment } from './config/environment.js';
import { webDistDirectory } from './config/web-dist.js';
import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { HttpKeepAlive } from './common/http-keep-alive.js';
import { DatabaseModule } from './database/database.module.js';
import { EventsModule } from './events/events.module.js';
import { FilesModule } from './files/files.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { HealthModule } from './health/health.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { OnlineModule } from './online/online.module.js';
import { ReadingModule } from './reading/reading.module.js';
import { RateLimitsModule } from './rate-limits/rate-limits.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RoomsModule } from './rooms/rooms.module.js';
import { SearchModule } from './search/search.module.js';

export type EnvironmentOverrides = Partial<Record<keyof Environment, string>>;

@Module({})
export class AppModule {
  /** Configured from the process environment; `overrides` win over it (tests run several differently set apps). */
  static forRoot(overrides: EnvironmentOverrides = {}): DynamicModule {
    const webDist = webDistDirectory(overrides.WEB_DIST_DIR ?? process.env.WEB_DIST_DIR);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validate: (environment) => validateEnvironment({ ...environment, ...overrides }),
        }),
        LoggingModule,
        DatabaseModule,
        RedisModule,
        EventsModule,
        RateLimitsModule,
        ...(webDist
          ? [ServeStaticModule.forRoot({ rootPath: webDist, exclude: ['/api/{*path}', '/ws/{*path}', '/metrics'] })]
          : []),
        AuthModule,
        OnlineModule,
        RoomsModule,
        ReadingModule,
        MessagesModule,
        RealtimeModule,
        SearchModule,
        FilesModule,
        NotificationsModule,
        ModerationModule,
        AdminModule,
        HealthModule,
        MetricsModule,
      ],
      providers: [HttpKeepAlive],
    };
  }
}
