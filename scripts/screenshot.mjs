// Usage: node scripts/screenshot.mjs <url> <out.png> [--dark] [--width N]
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './lib/chromium.mjs';

const [url, out] = process.argv.slice(2);
const dark = process.argv.includes('--dark');
const width = Number(process.argv[process.argv.indexOf('--width') + 1]) || 1280;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: dark ? 'dark' : 'light' });
await page.goto(url, { waitUntil: 'networkidle' });
await page.waitForTimeout(1500);
await page.screenshot({ path: out, fullPage: false });
await browser.close();
