import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Every setting of the product, read once from the environment at boot.
 * Names carry their units (`…Ms`, `…Seconds`); secrets are marked in {@link SECRET_SETTINGS}.
 * The table in the README is the user-facing documentation of each field.
 */
const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(fallback);

const positiveMs = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .positive('must be greater than 0')
    .default(fallback);

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1' || value === 'yes')
    .default(fallback);

const postgresUrl = z
  .string()
  .trim()
  .refine(
    (value) => /^postgres(ql)?:\/\//.test(value),
    'must be a postgres:// or postgresql:// URL',
  )
  .optional();

const redisUrl = z
  .string()
  .trim()
  .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL')
  .optional();

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PORT: port(3000),
  DATABASE_URL: postgresUrl,
  PGLITE_DATA_DIR: z.string().trim().min(1).default('data/pglite'),
  REDIS_URL: redisUrl,
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: flag(true),
  WORKERS_IN_API: flag(true),
  QUEUE_PREFIX: z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]{1,40}$/i, 'must be 1-40 letters, digits, - or _')
    .default('shuping'),
  WEB_DIST_DIR: z.string().trim().min(1).default('apps/web/dist'),
  WORKFLOWS_DIR: z.string().trim().min(1).default('workflows'),
  TIMER_POLL_INTERVAL_MS: positiveMs(1000),
  TIMER_RECONCILE_INTERVAL_MS: positiveMs(30_000),
  WEBHOOK_SIGNING_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (HMAC-SHA256 key)')
    .optional(),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  WEBHOOK_BACKOFF_MS: positiveMs(2000),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
});

export type AppConfig = {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; bodyLimitBytes: number; webDistDir: string };
  /** `postgres` when DATABASE_URL is set, else embedded PGlite in `pgliteDataDir` (`memory://` for none). */
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  /** `redis` when REDIS_URL is set, else timers and jobs run in-process. */
  queue: { kind: 'redis'; url: string; prefix: string } | { kind: 'embedded' };
  auth: { jwtSecret: string; accessTokenTtlSeconds: number; refreshTokenTtlSeconds: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  demoData: boolean;
  /** With Redis: the api process also runs the BullMQ processors (off when workers scale out). */
  workersInApi: boolean;
  /** The built-in county templates, one JSON file each. */
  workflowsDir: string;
  timers: { pollIntervalMs: number; reconcileIntervalMs: number };
  /** Outbound webhooks; disabled (no subscriptions accepted) without a signing secret. */
  webhooks: { signingSecret: string | null; maxAttempts: number; backoffMs: number };
};

/** Settings whose values are never printed or logged. */
export const SECRET_SETTINGS = [
  'DATABASE_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'WEBHOOK_SIGNING_SECRET',
] as const;

/** A configuration value that stops the boot; its message names each offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws {@link ConfigError} naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const input = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError([{ variable: 'JWT_SECRET', message: 'is required in production' }]);
  }
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      webDistDir: e.WEB_DIST_DIR,
    },
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.PGLITE_DATA_DIR },
    queue: e.REDIS_URL
      ? { kind: 'redis', url: e.REDIS_URL, prefix: e.QUEUE_PREFIX }
      : { kind: 'embedded' },
    auth: {
      // Outside production a per-process secret is fine: tokens simply do not survive a restart.
      jwtSecret: e.JWT_SECRET ?? randomBytes(32).toString('hex'),
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    },
    logLevel: e.LOG_LEVEL,
    demoData: e.DEMO_DATA && e.NODE_ENV !== 'production',
    workflowsDir: e.WORKFLOWS_DIR,
    workersInApi: e.WORKERS_IN_API,
    webhooks: {
      signingSecret: e.WEBHOOK_SIGNING_SECRET ?? null,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      backoffMs: e.WEBHOOK_BACKOFF_MS,
    },
    timers: {
      pollIntervalMs: e.TIMER_POLL_INTERVAL_MS,
      reconcileIntervalMs: e.TIMER_RECONCILE_INTERVAL_MS,
    },
  };
}
