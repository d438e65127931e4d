import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '@shuping/config';
import { createApp, type ShupingApp } from '../../apps/api/src/app.bootstrap.js';

/** A tiny stand-in for the built web app, so API tests do not depend on a Vite build. */
export function fakeWebDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shuping-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>述评</title><div id="root"></div>');
  return dir;
}

/** Config for a test app: silent logs, in-memory PGlite unless DATABASE_URL is given. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PGLITE_DATA_DIR: 'memory://',
    DEMO_DATA: 'false',
    WEB_DIST_DIR: fakeWebDist(),
    ...env,
  });
}

/** Starts the api (not listening: supertest drives `app.getHttpServer()`). */
export async function startTestApp(env: Record<string, string> = {}): Promise<ShupingApp> {
  const shuping = await createApp(testConfig(env));
  await shuping.app.init();
  return shuping;
}
