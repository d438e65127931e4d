import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@shuping/config';
import { WorkerModule } from './worker.module.js';

/** Standalone worker process: scales background work out over more processes and machines. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.queue.kind === 'embedded') {
    console.error('The worker process needs REDIS_URL; without it the api runs timers in-process.');
    process.exit(1);
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config));
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
