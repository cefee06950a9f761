// RabbitMQ benchmarks: queue list (Wharf vs the management API) and moving messages (Wharf vs a dynamic shovel).
import amqplib from 'amqplib';
import { RABBIT_VHOST } from '../fixtures/names.mjs';
import { api, median, repeat, routeExists, sleep, timed } from './lib.mjs';
import { ms, na, rate } from './kafka-scenarios.mjs';

export const RABBIT = 'bench-rabbitmq';
const MGMT = process.env.BENCH_RABBITMQ_MANAGEMENT ?? 'http://127.0.0.1:15672';
const AMQP = process.env.BENCH_RABBITMQ_AMQP ?? `amqp://guest:guest@127.0.0.1:5672/${encodeURIComponent(RABBIT_VHOST)}`;
const auth = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
const vh = encodeURIComponent(RABBIT_VHOST);

async function management(method, path, body) {
  const res = await fetch(`${MGMT}/api${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(300_000),
  });
  const text = await res.text();
  return { status: res.status, text };
}

const getMs = async (path) =>
  (
    await timed(async () => {
      const r = await management('GET', path);
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
      return r.text.length;
    })
  ).ms;

/** One Wharf request: its time whatever the answer, and the status (a 503 after Wharf's timeout is a result too). */
async function wharfCall(base, path) {
  const t = performance.now();
  const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(300_000) });
  const body = await res.json();
  return { ms: performance.now() - t, status: res.status, body };
}

/** (b) Wharf's queue list page for the vhost beside the management API's own list (whole and one page). */
export async function queueList(ctx) {
  const path = `/api/connections/${RABBIT}/queues?vhost=${vh}`;
  const calls = [];
  let total = null;
  await repeat('queue list Wharf', ctx.light, async ({ warmup }) => {
    const c = await wharfCall(ctx.base, path);
    if (c.status === 200) total = c.body.totalCount;
    if (!warmup) calls.push(c);
    return c.ms;
  });
  const whole = await repeat('GET /api/queues/{vhost}', ctx.heavy, () => getMs(`/queues/${vh}`));
  const page = await repeat('GET /api/queues/{vhost} one page', ctx.light, () => getMs(`/queues/${vh}?page=1&page_size=50&name=&use_regex=false&pagination=true`));
  const ok = calls.filter((c) => c.status === 200);
  const failed = calls.filter((c) => c.status !== 200);
  const why = failed.length ? ` (${failed.length} of ${calls.length} answered ${failed[0].status}: ${failed[0].body?.error?.message ?? ''})` : '';
  const w = median(ok.map((c) => c.ms));
  const label = `(b) queue list, ${total?.toLocaleString('en') ?? 'unknown'} queues, page of 50 sorted by name${why}`;
  const wharf = ok.length ? ms(w) : `no answer: ${failed.length} of ${calls.length} failed`;
  return [
    { scenario: label, wharf, reference: `${ms(median(whole))} management GET /api/queues/${RABBIT_VHOST}`, ratio: ok.length ? w / median(whole) : null, target: '≤ 1x', ok: ok.length ? failed.length === 0 && w <= median(whole) : false },
    { scenario: "(b) same, beside the management UI's own paginated request", wharf, reference: `${ms(median(page))} GET /api/queues/${RABBIT_VHOST}?page=1&page_size=50`, ratio: ok.length ? w / median(page) : null, target: '—', ok: null },
  ];
}

async function queueLength(ch, queue) {
  return (await ch.checkQueue(queue)).messageCount;
}

async function fill(conn, queue, count) {
  const ch = await conn.createConfirmChannel();
  const body = Buffer.alloc(200, 'm');
  for (let sent = 0; sent < count; ) {
    for (let j = 0; j < 1000 && sent < count; j++, sent++) ch.publish('', queue, body, { messageId: `move-${sent}` });
    await ch.waitForConfirms();
  }
  await ch.close();
}

/** A rabbitmq-move job from a to b, waited for; answers the finished job. */
async function moveJob(ctx, a, b) {
  const job = await api(ctx.base, '/api/jobs', {
    method: 'POST',
    body: { params: { kind: 'rabbitmq-move', source: { connection: RABBIT, vhost: RABBIT_VHOST, queue: a }, target: { connection: RABBIT, queue: b } } },
  });
  let state = job;
  while (state.status === 'running') {
    await sleep(50);
    state = await api(ctx.base, `/api/jobs/${job.id}`);
  }
  return state;
}

/** (e) Move N messages A→B with a Wharf move job, and B→A with a dynamic shovel: the same messages both ways. */
export async function move(ctx) {
  const count = ctx.moveMessages;
  const a = 'bench-move-a';
  const b = 'bench-move-b';
  for (const q of [a, b]) await management('PUT', `/queues/${vh}/${q}`, { durable: true, auto_delete: false, arguments: {} });
  if (!(await routeExists(ctx.base, '/api/jobs'))) return [na('(e) move', 'no /api/jobs route')];
  const conn = await amqplib.connect(AMQP);
  const ch = await conn.createChannel();
  try {
    await ch.purgeQueue(a);
    await ch.purgeQueue(b);
    await fill(conn, a, count);
    const wharf = [];
    const shovel = [];
    const runs = ctx.heavy.warmup + ctx.heavy.runs;
    for (let i = 0; i < runs; i++) {
      const measured = i >= ctx.heavy.warmup;
      const { ms: tw, result } = await timed(() => moveJob(ctx, a, b));
      if (result.status !== 'succeeded' || result.progress.written !== count) throw new Error(`Wharf move ended with ${JSON.stringify(result)}`);
      if ((await queueLength(ch, b)) !== count) throw new Error('Wharf move: target does not hold every message');
      const name = `bench-move-back-${Date.now()}`;
      const value = {
        'src-protocol': 'amqp091',
        'src-uri': `amqp:///${vh}`,
        'src-queue': b,
        'src-delete-after': 'queue-length',
        'dest-protocol': 'amqp091',
        'dest-uri': `amqp:///${vh}`,
        'dest-queue': a,
        'ack-mode': 'on-confirm',
      };
      const started = performance.now();
      const put = await management('PUT', `/parameters/shovel/${vh}/${name}`, { value });
      if (put.status >= 300) throw new Error(`shovel: ${put.status} ${put.text}`);
      // The shovel deletes itself once it has moved the queue's length at start.
      while ((await management('GET', `/parameters/shovel/${vh}/${name}`)).status === 200) await sleep(50);
      const ts = performance.now() - started;
      if ((await queueLength(ch, a)) !== count) throw new Error('shovel: source does not hold every message back');
      if (measured) {
        wharf.push(count / (tw / 1000));
        shovel.push(count / (ts / 1000));
        console.log(`  move run ${wharf.length}/${ctx.heavy.runs}: Wharf ${rate(count / (tw / 1000))}, shovel ${rate(count / (ts / 1000))}`);
      }
    }
    const w = median(wharf);
    const s = median(shovel);
    return [{ scenario: `(e) move ${count.toLocaleString('en')} messages queue→queue`, wharf: rate(w), reference: `${rate(s)} dynamic shovel`, ratio: w / s, target: '—', ok: null }];
  } finally {
    for (const q of [a, b]) await management('DELETE', `/queues/${vh}/${q}`);
    await conn.close().catch(() => undefined);
  }
}
