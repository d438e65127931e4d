import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { startTestApp } from '../support/app.js';
import { login } from '../support/factories.js';
import { launchQuick } from '../support/quick-deadline.js';
import { requirePostgresUrl, requireRedisUrl } from '../support/services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait.js';

const SECRET = 'webhook-signing-secret-for-tests-0123456789';

interface Received {
  path: string;
  body: string;
  signature: string | undefined;
}

/** A receiver: `/flaky` fails twice per delivery then accepts; `/down` always fails. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const failures = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        body,
        signature: req.headers['x-shuping-signature'] as string | undefined,
      });
      const delivery = String(req.headers['x-shuping-delivery']);
      const seen = failures.get(delivery) ?? 0;
      failures.set(delivery, seen + 1);
      const ok = req.url === '/flaky' && seen >= 2;
      res.writeHead(ok ? 204 : 500).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const postgresUrl = requirePostgresUrl();
const redisUrl = requireRedisUrl();
const modes: [string, boolean][] = [
  ['embedded', true],
  ['redis', Boolean(postgresUrl && redisUrl)],
];

describe.each(modes)('webhooks (%s)', (mode, available) => {
  const run = available ? it : it.skip;
  let shuping: ShupingApp;
  let database: TestDatabase | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    if (!available) return;
    receiver = await startReceiver();
    const base = {
      WEBHOOK_SIGNING_SECRET: SECRET,
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_BACKOFF_MS: '100',
      TIMER_POLL_INTERVAL_MS: '200',
    };
    if (mode === 'redis') {
      database = await createTestDatabase(postgresUrl!);
      shuping = await startTestApp({
        ...base,
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl!,
        QUEUE_PREFIX: `w${Date.now()}`,
      });
    } else {
      shuping = await startTestApp(base);
    }
  });
  afterAll(async () => {
    await shuping?.close();
    await database?.drop();
    receiver?.server.close();
  });

  run(
    'signs every delivery, retries failures with back-off and dead-letters after the limit',
    async () => {
      const county = await launchQuick(shuping, `wh${mode}`);
      const admin = await login(shuping.app, county.users.admin);
      const http = () => request(shuping.app.getHttpServer());
      await http()
        .post('/api/webhooks')
        .set('authorization', admin)
        .send({ url: `${receiver.url}/flaky` })
        .expect(201);
      await http()
        .post('/api/webhooks')
        .set('authorization', admin)
        .send({ url: `${receiver.url}/down` })
        .expect(201);
      await http()
        .post('/api/webhooks')
        .set('authorization', admin)
        .send({ url: 'ftp://nope' })
        .expect(400);

      type Delivery = {
        status: string;
        attempts: number;
        subscriptionId: string;
        payload: { kind: string };
      };
      const deliveries = async () =>
        (await http().get('/api/webhooks/deliveries').set('authorization', admin).expect(200))
          .body as Delivery[];
      const settled = await waitFor(
        async () => {
          const all = await deliveries();
          return all.length >= 2 && all.every((d) => d.status !== 'pending') ? all : null;
        },
        'every delivery to settle',
        30_000,
      );

      const subs = (await http().get('/api/webhooks').set('authorization', admin)).body as {
        id: string;
        url: string;
      }[];
      const flaky = subs.find((s) => s.url.endsWith('/flaky'))!.id;
      for (const d of settled) {
        expect(d).toMatchObject(
          d.subscriptionId === flaky
            ? { status: 'delivered', attempts: 3 }
            : { status: 'dead', attempts: 3 },
        );
      }
      expect(settled.map((d) => d.payload.kind)).toContain('notify');
      const dead = (
        await http().get('/api/webhooks/deliveries?status=dead').set('authorization', admin)
      ).body as Delivery[];
      expect(dead.length).toBe(settled.filter((d) => d.subscriptionId !== flaky).length);

      for (const r of receiver.received) {
        expect(r.signature).toBe(
          `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`,
        );
      }
    },
  );
});
