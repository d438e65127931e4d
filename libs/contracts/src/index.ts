export * from './health.contract.js';
export * from './problem.contract.js';
export * from './app-error.js';
export * from './admin.contract.js';
export * from './forms/index.js';
export * from './supervision.contract.js';
