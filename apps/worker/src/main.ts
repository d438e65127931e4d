import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, type AppConfig } from '@shuping/config';
import { openDatabase, type OpenedDatabase } from '@shuping/db';
import { DatabaseModule } from './database/database.module.js';
import { WorkerModule } from './worker.module.js';

@Module({})
class WorkerProcessModule {
  static forRoot(config: AppConfig, db: OpenedDatabase): DynamicModule {
    return {
      module: WorkerProcessModule,
      imports: [DatabaseModule.forRoot(db), WorkerModule.forRoot(config, { processJobs: true })],
    };
  }
}

/** Standalone worker process: scales background work out over more processes and machines. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.queue.kind === 'embedded') {
    console.error('The worker process needs REDIS_URL; without it the api runs timers in-process.');
    process.exit(1);
  }
  const db = await openDatabase(config.database, { runMigrations: true });
  const app = await NestFactory.createApplicationContext(WorkerProcessModule.forRoot(config, db), {
    logger: config.logLevel === 'silent' ? false : ['error', 'warn', 'log'],
  });
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  console.log(`worker ${process.pid} ready`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
