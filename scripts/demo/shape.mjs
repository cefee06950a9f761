// Rates that rise and fall over a few minutes, so lag and backlog visibly build up and drain.
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A rate in messages/s oscillating between low and high with the given period. */
export function wave(low, high, periodSeconds, phase = 0) {
  return () => {
    const t = Date.now() / 1000 / periodSeconds + phase;
    return low + ((high - low) * (1 + Math.sin(2 * Math.PI * t))) / 2;
  };
}

/** Calls `tick(n)` every 200 ms with the number of messages due at `rate()`; stops when `signal` aborts. */
export async function paced(rate, signal, tick) {
  let carry = 0;
  while (!signal.aborted) {
    carry += rate() / 5;
    const n = Math.floor(carry);
    carry -= n;
    if (n > 0) await tick(n).catch((e) => console.error(`[demo] ${e.message}`));
    await sleep(200);
  }
}

const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
let seq = 0;

export function order() {
  seq += 1;
  return {
    orderId: `ord-${Date.now().toString(36)}-${seq}`,
    customerId: `cust-${Math.floor(Math.random() * 500)}`,
    amount: Math.round(Math.random() * 50_000) / 100,
    currency: pick(['EUR', 'USD', 'GBP']),
    items: Math.ceil(Math.random() * 5),
    country: pick(['DE', 'FR', 'US', 'GB', 'NL', 'JP']),
    createdAt: new Date().toISOString(),
  };
}

export function click() {
  return { page: pick(['/', '/search', '/product', '/cart', '/checkout']), userId: `u-${Math.floor(Math.random() * 2000)}`, ts: Date.now() };
}
