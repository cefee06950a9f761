import { describe, expect, it } from 'vitest';
import { createSessionToken, readSessionToken } from './session';

const key = new TextEncoder().encode('k'.repeat(32));
const other = new TextEncoder().encode('o'.repeat(32));
const claims = { sub: 'alice', src: 'config' as const, csrf: 'c'.repeat(32) };

describe('session tokens', () => {
  it('round-trips claims', async () => {
    const t = await createSessionToken(claims, key, 60);
    expect(await readSessionToken(t, key)).toMatchObject(claims);
  });

  it('refuses expired, tampered and foreign tokens', async () => {
    const now = Date.now();
    const t = await createSessionToken(claims, key, 5, now);
    expect(await readSessionToken(t, key, now + 4 * 60_000)).not.toBeNull();
    expect(await readSessionToken(t, key, now + 6 * 60_000)).toBeNull();
    expect(await readSessionToken(t, other)).toBeNull();
    const [h, p, s] = t.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'admin' })).toString('base64url');
    expect(await readSessionToken(`${h}.${forged}.${s}`, key)).toBeNull();
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    expect(await readSessionToken(none, key)).toBeNull();
    expect(await readSessionToken('garbage', key)).toBeNull();
  });
});
