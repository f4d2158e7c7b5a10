import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AppModule, type EnvironmentOverrides } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { MessageEntity } from '../../src/messages/message.entity.js';
import { RoomEntity } from '../../src/rooms/room.entity.js';
import { TEST_AUTH_SECRET } from './test-secret.js';

export interface TestApp {
  app: INestApplication;
  httpUrl: string;
  wsUrl: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * Per-address limits that every test would trip over from one loopback address: off unless a suite turns them on
 * (the limits suites do).
 */
const LIMITS_OFF: EnvironmentOverrides = {
  ROOM_CREATE_PER_MIN: '0',
  REST_WRITES_PER_MIN: '0',
  AUTH_LOGIN_MAX_PER_NAME: '0',
  AUTH_LOGIN_MAX_PER_ADDRESS: '0',
};

/** Boots the real app, configured as main.ts does, on a free loopback port against the pass's database. */
export async function startTestApp(overrides: EnvironmentOverrides = {}): Promise<TestApp> {
  const environment = { ...process.env };
  let app: INestApplication;
  try {
    app = configureApp(
      await NestFactory.create(
        AppModule.forRoot({ PORT: '0', WEB_DIST_DIR: '', AUTH_SECRET: TEST_AUTH_SECRET, ...LIMITS_OFF, ...overrides }),
        {
          bufferLogs: true,
          abortOnError: false,
        },
      ),
    );
  } finally {
    // ConfigModule copies what it validated into process.env; undo it so the next app sees only its own overrides.
    for (const key of Object.keys(process.env)) if (!(key in environment)) delete process.env[key];
    Object.assign(process.env, environment);
  }
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

/** A room name no other test uses, so test files can share one database. */
export function uniqueRoom(prefix = 'room'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** The rows of a room, in seq order, read straight from the database. */
export async function storedMessages(server: TestApp, slug: string): Promise<MessageEntity[]> {
  const room = await server.dataSource.getRepository(RoomEntity).findOneBy({ slug });
  if (!room) return [];
  return server.dataSource.getRepository(MessageEntity).find({ where: { roomId: room.id }, order: { seq: 'ASC' } });
}
