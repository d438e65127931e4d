import 'reflect-metadata';

export * from './database.js';
export * from './entities/index.js';
export { MIGRATIONS } from './migrations/index.js';
