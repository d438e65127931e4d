/** A JSON value: what survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** True for plain objects (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep-copies `value` through JSON so that what is stored in a snapshot is plain JSON
 * (functions, `undefined` and symbols are dropped, dates become strings). Non-objects give `{}`.
 */
export function toJsonObject(value: unknown): JsonObject {
  if (!isPlainObject(value)) {
    return {};
  }
  try {
    const copy: unknown = JSON.parse(JSON.stringify(value));
    return isPlainObject(copy) ? (copy as JsonObject) : {};
  } catch {
    return {};
  }
}

/** Freezes a JSON value and everything in it (for copies shared between callers). */
export function deepFreeze<T extends JsonValue>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
