/** Injection tokens of the process-wide configuration and database handle. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const OPENED_DATABASE = Symbol('OPENED_DATABASE');
