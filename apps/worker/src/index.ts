export * from './queue/queue-health.js';
export * from './queue/queue.constants.js';
export * from './queue/queue.module.js';
export * from './worker.module.js';
