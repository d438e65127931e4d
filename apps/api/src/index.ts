export * from './app.bootstrap.js';
