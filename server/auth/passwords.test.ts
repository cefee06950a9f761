import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('hashes with bcrypt and verifies', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^\$2[aby]\$12\$[./A-Za-z0-9]{53}$/);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('wrong', h)).toBe(false);
  });

  it('refuses when there is no user, after doing the same work', async () => {
    const t = Date.now();
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(Date.now() - t).toBeGreaterThan(20);
  });
});
