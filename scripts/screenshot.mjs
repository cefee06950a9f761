// Usage: node scripts/screenshot.mjs <url> <out.png> [--dark] [--width N]
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './lib/chromium.mjs';

const [url, out] = process.argv.slice(2);
const dark = process.argv.includes('--dark');
const width = Number(process.argv[process.argv.indexOf('--width') + 1]) || 1280;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: dark ? 'dark' : 'light' });
// Pages with live streams never go network-idle: wait for load, then let data arrive.
await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
await page.waitForTimeout(Number(process.env.SHOT_WAIT_MS ?? 3000));
await page.screenshot({ path: out, fullPage: false });
await browser.close();
