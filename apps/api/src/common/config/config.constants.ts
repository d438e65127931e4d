/** Injection token of the process-wide configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export { OPENED_DATABASE } from '@shuping/worker';
