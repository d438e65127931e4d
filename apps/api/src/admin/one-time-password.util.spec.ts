import { newPasswordSchema } from '@shuping/contracts';
import { oneTimePassword } from './one-time-password.util.js';

describe('oneTimePassword', () => {
  it('is random, readable and passes the new-password rule', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = oneTimePassword();
      expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(password).not.toMatch(/[01oil]/);
      expect(newPasswordSchema.safeParse(password).success).toBe(true);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
  });
});
