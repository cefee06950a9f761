import { expect, test } from '@playwright/test';

// The default test server has no auth section: everyone on loopback is the local admin, and the UI says so.
test('without login the header says "no login: local only", and the page loads under the CSP', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto('/');
  const csp = res?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(res?.headers()['x-content-type-options']).toBe('nosniff');
  await expect(page.getByTestId('no-login-badge')).toHaveText('no login: local only');
  // Hydrated: the client-side theme toggle and connection list work.
  await expect(page.getByRole('navigation', { name: 'Connections' })).toContainText('Local Kafka');
  expect(violations).toEqual([]);
});
