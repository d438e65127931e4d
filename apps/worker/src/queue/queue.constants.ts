/** BullMQ queue names. One queue per kind of background work. */
export const QUEUES = {
  timers: 'timers',
  webhooks: 'webhooks',
} as const;

/** Injection token for {@link QueueHealth}. */
export const QUEUE_HEALTH = Symbol('QUEUE_HEALTH');

/** Injection token for the shared ioredis client (queues reuse it; workers duplicate it). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
