import 'reflect-metadata';
import { ConfigError, loadConfig } from '@shuping/config';
import { createApp } from './app.bootstrap.js';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/demo-data.service.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const { app } = await createApp(config);
  await app.listen(config.http.port, config.http.host);
  const host = config.http.host === '0.0.0.0' ? 'localhost' : config.http.host;
  const url = `http://${host}:${config.http.port}`;
  const storage =
    config.database.kind === 'pglite'
      ? `embedded PGlite (${config.database.dataDir})`
      : 'PostgreSQL';
  const queue = config.queue.kind === 'redis' ? 'BullMQ on Redis' : 'in-process timers';
  console.log(
    `\n  述评 Shuping is running at ${url}\n  API docs: ${url}/api/docs\n  Storage: ${storage}; queue: ${queue}\n`,
  );
  if (config.demoData) {
    console.log(`  Demo logins (password ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) console.log(`    ${u.username.padEnd(8)} ${u.zh} / ${u.en}`);
    console.log('');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
