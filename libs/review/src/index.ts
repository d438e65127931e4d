export * from './grades.js';
