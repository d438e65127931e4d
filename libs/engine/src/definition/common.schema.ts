import { z } from 'zod';

/** Text in both product languages. */
export const localizedTextSchema = z
  .strictObject({
    zh: z.string().trim().min(1).max(2000),
    en: z.string().trim().min(1).max(2000),
  })
  .meta({ id: 'LocalizedText', description: 'Text in Chinese and English' });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** Identifier pattern for state keys, event-free names, form keys and field names. */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** A short ASCII identifier (state keys, group keys, form keys). */
export const identifierSchema = z.string().regex(IDENTIFIER_PATTERN);

/** A dotted state path such as `twoWay.up.speaking` (the engine's `stateKey` / `taskKey`). */
export const STATE_KEY_PATTERN =
  /^[A-Za-z_][A-Za-z0-9_-]{0,63}(\.[A-Za-z_][A-Za-z0-9_-]{0,63}){0,15}$/;
export const stateKeySchema = z.string().regex(STATE_KEY_PATTERN);

/** Event names in `on`: UPPER_SNAKE_CASE, e.g. `SUBMIT`, `OBJECT`. */
export const EVENT_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
export const eventNameSchema = z.string().regex(EVENT_NAME_PATTERN);

/** A canvas position of the designer. */
export const positionSchema = z
  .strictObject({
    x: z.number().min(-1e6).max(1e6),
    y: z.number().min(-1e6).max(1e6),
  })
  .meta({ id: 'Position', description: 'Designer canvas position' });
export type Position = z.infer<typeof positionSchema>;

/** A key plus bilingual title, used by many form lists. */
export const keyedTitleSchema = z.strictObject({
  key: identifierSchema,
  title: localizedTextSchema,
});
export type KeyedTitle = z.infer<typeof keyedTitleSchema>;
