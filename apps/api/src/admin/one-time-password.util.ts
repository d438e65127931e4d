import { randomInt } from 'node:crypto';

/** No 0/o, 1/l/i: one-time passwords are read out over the phone and typed from paper. */
const LETTERS = 'abcdefghjkmnpqrstuvwxyz';
const DIGITS = '23456789';
const ALPHABET = LETTERS + DIGITS;

/**
 * A one-time password like `k7dm-3xqa-p9tw` (about 59 bits): random, with at least one letter and
 * one digit, so that it also passes the new-password rule.
 */
export function oneTimePassword(): string {
  for (;;) {
    const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
    const text = chars.join('');
    if (/[a-z]/.test(text) && /\d/.test(text))
      return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8)}`;
  }
}
