import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { startTestApp } from '../support/app.js';
import { requirePostgresUrl, requireRedisUrl } from '../support/services.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('embedded mode (PGlite, in-process timers)', () => {
  let shuping: ShupingApp;
  beforeAll(async () => {
    shuping = await startTestApp();
  });
  afterAll(() => shuping.close());

  it('reports healthy pglite and embedded queue', async () => {
    const res = await request(shuping.app.getHttpServer()).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'pglite', queue: 'embedded' });
  });

  it('publishes the OpenAPI document and Swagger UI', async () => {
    const json = await request(shuping.app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toContain('/api/health');
    await request(shuping.app.getHttpServer())
      .get('/api/docs')
      .expect(200)
      .expect(/swagger/i);
  });

  it('serves the web app at / and for client-side routes', async () => {
    await request(shuping.app.getHttpServer()).get('/').expect(200).expect(/述评/);
    await request(shuping.app.getHttpServer()).get('/inbox').expect(200).expect(/述评/);
  });

  it('answers unknown API routes and malformed JSON with problem+json', async () => {
    const missing = await request(shuping.app.getHttpServer()).get('/api/nope').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body.code).toBe('ROUTE_NOT_FOUND');
    const malformed = await request(shuping.app.getHttpServer())
      .post('/api/health')
      .set('content-type', 'application/json')
      .send('{bad')
      .expect(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
  });

  it('rejects bodies over 1 MiB with 413', async () => {
    const res = await request(shuping.app.getHttpServer())
      .post('/api/health')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ blob: 'x'.repeat(1024 * 1024 + 10) }))
      .expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

const postgresUrl = requirePostgresUrl();
const redisUrl = requireRedisUrl();
const withServices = postgresUrl && redisUrl ? describe : describe.skip;

withServices('with PostgreSQL and Redis', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(postgresUrl!);
  });
  afterAll(() => database.drop());

  it('reports postgres and redis', async () => {
    const shuping = await startTestApp({ DATABASE_URL: database.url, REDIS_URL: redisUrl! });
    try {
      const res = await request(shuping.app.getHttpServer()).get('/api/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', database: 'postgres', queue: 'redis' });
    } finally {
      await shuping.close();
    }
  });

  it('answers 503 naming the database when PostgreSQL goes down', async () => {
    const pgUrl = new URL(database.url);
    const proxy: TcpProxy = await startTcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432));
    pgUrl.hostname = '127.0.0.1';
    pgUrl.port = String(proxy.port);
    const shuping = await startTestApp({ DATABASE_URL: pgUrl.toString(), REDIS_URL: redisUrl! });
    try {
      await request(shuping.app.getHttpServer()).get('/api/health').expect(200);
      await proxy.close();
      const res = await request(shuping.app.getHttpServer()).get('/api/health').expect(503);
      expect(res.body).toMatchObject({ status: 'error', database: 'postgres', queue: 'redis' });
      expect(res.body.failing.map((f: { part: string }) => f.part)).toEqual(['database']);
    } finally {
      await shuping.close().catch(() => undefined);
    }
  });

  it('answers 503 naming the queue when Redis goes down', async () => {
    const redis = new URL(redisUrl!);
    const proxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379));
    const shuping = await startTestApp({
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    });
    try {
      await request(shuping.app.getHttpServer()).get('/api/health').expect(200);
      await proxy.close();
      const res = await request(shuping.app.getHttpServer()).get('/api/health').expect(503);
      expect(res.body).toMatchObject({ status: 'error', database: 'postgres', queue: 'redis' });
      expect(res.body.failing.map((f: { part: string }) => f.part)).toEqual(['queue']);
    } finally {
      await shuping.close().catch(() => undefined);
    }
  });
});
