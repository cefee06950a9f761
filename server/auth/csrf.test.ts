import { describe, expect, it } from 'vitest';
import { comesFromBrowser, crossSiteReason, csrfTokenValid, newCsrfToken, tokensEqual } from './csrf';

const req = (headers: Record<string, string>, url = 'http://127.0.0.1:3000/api/x') => new Request(url, { method: 'POST', headers });

describe('csrf', () => {
  it('accepts same-origin and header-less requests, refuses cross-site ones', () => {
    expect(crossSiteReason(req({ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }))).toBeNull();
    expect(crossSiteReason(req({}))).toBeNull();
    expect(crossSiteReason(req({ 'sec-fetch-site': 'cross-site' }))).toMatch(/Sec-Fetch-Site: cross-site/);
    expect(crossSiteReason(req({ 'sec-fetch-site': 'same-site' }))).toMatch(/same-site/);
    expect(crossSiteReason(req({ origin: 'https://evil.example' }))).toMatch(/Origin: https:\/\/evil\.example/);
    expect(crossSiteReason(req({ origin: 'null' }))).toMatch(/Origin: null/);
  });

  it('accepts the origin a reverse proxy reports', () => {
    const r = req({ origin: 'https://wharf.example', 'x-forwarded-host': 'wharf.example', 'x-forwarded-proto': 'https' }, 'http://10.0.0.5:3000/api/x');
    expect(crossSiteReason(r)).toBeNull();
  });

  it('checks the token in constant time against the expected one', () => {
    const t = newCsrfToken();
    expect(t.length).toBeGreaterThanOrEqual(32);
    expect(csrfTokenValid(req({ 'x-wharf-csrf': t }), t)).toBe(true);
    expect(csrfTokenValid(req({ 'x-wharf-csrf': `${t}x` }), t)).toBe(false);
    expect(csrfTokenValid(req({}), t)).toBe(false);
    expect(csrfTokenValid(req({ 'x-wharf-csrf': t }), null)).toBe(false);
    expect(tokensEqual('', '')).toBe(false);
  });

  it('recognises browser requests by their headers', () => {
    expect(comesFromBrowser(req({ origin: 'http://a' }))).toBe(true);
    expect(comesFromBrowser(req({ cookie: 'a=b' }))).toBe(true);
    expect(comesFromBrowser(req({ 'content-type': 'application/json' }))).toBe(false);
  });
});
