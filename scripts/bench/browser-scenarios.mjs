// Browser-side figures: time from navigation to the first rows of the big lists (Chromium through Playwright),
// and the gzip size of the JavaScript each main page loads.
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../lib/chromium.mjs';
import { RABBIT_VHOST } from '../fixtures/names.mjs';
import { median, repeat, request } from './lib.mjs';
import { KAFKA, ms } from './kafka-scenarios.mjs';
import { RABBIT } from './rabbitmq-scenarios.mjs';

const PAGES = [
  { name: 'topic list', path: `/connections/${KAFKA}/topics`, row: '[data-testid="topic-row"]' },
  { name: 'queue list', path: `/connections/${RABBIT}/queues?vhost=${encodeURIComponent(RABBIT_VHOST)}`, row: '[data-testid="queue-row"]' },
];

/** (g) Navigation to first row, each run in a fresh browser context (no cache: a first visit). */
export async function firstRows(ctx) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const rows = [];
  try {
    for (const p of PAGES) {
      const values = await repeat(`${p.name} first rows`, ctx.light, async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        try {
          const started = performance.now();
          await page.goto(`${ctx.base}${p.path}`, { waitUntil: 'commit' });
          await page.locator(p.row).first().waitFor({ state: 'visible', timeout: 120_000 });
          return performance.now() - started;
        } finally {
          await context.close();
        }
      });
      rows.push({ scenario: `(g) browser: navigation to first rows, ${p.name}`, wharf: ms(median(values)), reference: '—', ratio: null, target: '—', ok: null });
    }
  } finally {
    await browser.close();
  }
  return rows;
}

/** (g) Sum of the gzip sizes of the scripts a page's HTML loads (what a first visit downloads). */
export async function jsSize(ctx) {
  const pages = [{ name: 'home', path: '/' }, ...PAGES];
  const rows = [];
  const cache = new Map();
  for (const p of pages) {
    const html = await (await request(`${ctx.base}${p.path}`)).text();
    const srcs = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&')))];
    let raw = 0;
    let gz = 0;
    for (const src of srcs) {
      if (!cache.has(src)) {
        const buf = Buffer.from(await (await request(String(new URL(src, ctx.base)))).arrayBuffer());
        cache.set(src, { raw: buf.length, gz: gzipSync(buf, { level: 9 }).length });
      }
      raw += cache.get(src).raw;
      gz += cache.get(src).gz;
    }
    rows.push({ scenario: `(g) JavaScript loaded by the ${p.name} page (${srcs.length} scripts)`, wharf: `${(gz / 1024).toFixed(0)} KiB gzip (${(raw / 1024).toFixed(0)} KiB raw)`, reference: '—', ratio: null, target: '—', ok: null });
  }
  return rows;
}
