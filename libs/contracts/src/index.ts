export * from './health.contract.js';
export * from './problem.contract.js';
export * from './app-error.js';
